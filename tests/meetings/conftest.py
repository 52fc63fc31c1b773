"""The event fixtures (a heads' meeting among them) come from tests/events/conftest.py."""

from tests.events.conftest import heads_meeting  # noqa: F401
