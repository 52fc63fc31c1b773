"""Mail tests reach across the apps: their fixtures, and the broker as the web sees it."""

import pytest

from core import mail_outbox
from tests.courses.conftest import harp_boras  # noqa: F401  (fixture)
from tests.events.conftest import concert  # noqa: F401  (fixture)
from tests.networks.conftest import (  # noqa: F401  (fixtures)
    closed_network,
    convenor,
    guitar,
    member,
    other_staff,
    teacher_boras,
)


@pytest.fixture
def published(monkeypatch):
    """Send tasks as the broker would get them (their arguments), without running them."""
    sent = []
    monkeypatch.setattr(mail_outbox.send_due, "delay", lambda *args: sent.append(args))
    return sent
