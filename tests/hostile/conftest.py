"""The event fixtures, for the hostile-input tests."""

from tests.events.conftest import concert, heads_meeting, training_day  # noqa: F401
