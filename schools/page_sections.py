"""Sections that apps above schools add to a school's page.

Schools sits at the bottom of the layers, so its page cannot ask courses or events
for the school's courses and events. They register a section here from their
`AppConfig.ready()`; the page renders whatever is registered (as networks/page_sections).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SchoolPageSection:
    template_name: str
    # (school) -> the context the section's template needs; public data only, since
    # the page is the same for everyone (and cached for anonymous visitors).
    context: Callable[..., dict]


_sections: list[SchoolPageSection] = []


def register(template_name: str, context: Callable[..., dict]) -> None:
    section = SchoolPageSection(template_name, context)
    if section not in _sections:
        _sections.append(section)


def sections_for(school) -> list[dict]:
    """Each registered section as {"template_name": …, **its context}, in registration order."""
    return [{"template_name": s.template_name, **s.context(school)} for s in _sections]
