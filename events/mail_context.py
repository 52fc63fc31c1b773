"""What apps above events add to the context of an event's reminder mail.

The reminder of a meeting lists its agenda and the open action items, which live in
`meetings`; events never imports that app, so meetings registers a function here from
its `AppConfig.ready()` and the reminder merges what each returns.
"""

from collections.abc import Callable

_providers: list[Callable[..., dict]] = []


def register(provider: Callable[..., dict]) -> None:
    """`provider(event)` returns extra template context for the event's reminder mail."""
    if provider not in _providers:
        _providers.append(provider)


def context_for(event) -> dict:
    context = {}
    for provider in _providers:
        context.update(provider(event))
    return context
