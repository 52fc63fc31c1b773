"""Sections that apps above networks add to a network's page.

Networks sits below events in the layers (events point at networks, never back),
so the network page cannot ask events for the network's events. Events registers a
section here from `EventsConfig.ready()`; the page renders whatever is registered.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NetworkPageSection:
    template_name: str
    # (user, network) -> the context the section's template needs
    context: Callable[..., dict]


_sections: list[NetworkPageSection] = []


def register(template_name: str, context: Callable[..., dict]) -> None:
    section = NetworkPageSection(template_name, context)
    if section not in _sections:
        _sections.append(section)


def sections_for(user, network) -> list[dict]:
    """Each registered section as {"template_name": …, **its context}, in registration order."""
    return [{"template_name": s.template_name, **s.context(user, network)} for s in _sections]
