"""The event fixtures (a public concert among them) come from tests/events/conftest.py."""

from tests.events.conftest import concert  # noqa: F401
