"""Sections that apps above events add to an event's page.

Meetings (agenda, minutes, action items) and a festival's programme live in apps
that point at events, never the other way (docs/decisions/0002-events-split.md). So
the event page cannot ask them for their rows: each registers a section here from its
`AppConfig.ready()`, and the page renders whatever is registered, at its slot.
"""

from collections.abc import Callable
from dataclasses import dataclass

# Where on the event page a section goes.
AFTER_PREPARATION = "after_preparation"  # after the description and the preparation
AFTER_QUOTAS = "after_quotas"  # after the places per school, before the files


@dataclass(frozen=True)
class EventPageSection:
    template_name: str
    # (request, event, can_manage) -> the context the section's template needs, or
    # None when the section has nothing to show on this event
    context: Callable[..., dict | None]
    slot: str


_sections: list[EventPageSection] = []


def register(template_name: str, context: Callable[..., dict | None],
             slot: str = AFTER_QUOTAS) -> None:
    section = EventPageSection(template_name, context, slot)
    if section not in _sections:
        _sections.append(section)


def sections_for(request, event, can_manage) -> dict[str, list[dict]]:
    """{slot: [{"template_name": …, **its context}, …]}, in registration order."""
    slots = {AFTER_PREPARATION: [], AFTER_QUOTAS: []}
    for section in _sections:
        context = section.context(request, event, can_manage)
        if context is not None:
            slots[section.slot].append({"template_name": section.template_name, **context})
    return slots
