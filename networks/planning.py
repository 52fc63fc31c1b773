"""Best common planning windows, computed exactly from members' weekly availability.

Pure functions on (weekday, start minute, end minute) intervals, half-open
[start, end): a window 9:00–10:00 and one 10:00–11:00 touch but do not overlap.

A "common window" is a maximal stretch of one weekday during which the set of
available members does not change. Windows are ranked by how many members they
suit, then by length, then by time of week.
"""

import datetime
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from core import formats

MINUTES_PER_DAY = 24 * 60

Interval = tuple[int, int, int]  # (weekday, start minute, end minute); any day numbering


@dataclass(frozen=True)
class Window:
    weekday: int
    start: int
    end: int
    members: frozenset

    @property
    def length(self) -> int:
        return self.end - self.start

    @property
    def size(self) -> int:
        return len(self.members)


def common_windows(availability: Mapping[Hashable, Iterable[Interval]]) -> list[Window]:
    """All maximal windows in which at least one member is free, best first.

    `availability` maps a member key to that member's intervals; a member's own
    overlapping or touching intervals simply merge.
    """
    # Sweep each weekday: +1/-1 per member at each boundary, so a member with
    # overlapping intervals is counted once while any of them is open.
    changes: dict[int, dict[int, dict[Hashable, int]]] = {}
    for member, intervals in availability.items():
        for weekday, start, end in intervals:
            if not (0 <= start < end <= MINUTES_PER_DAY):
                raise ValueError(f"Bad interval {(weekday, start, end)!r}")
            day = changes.setdefault(weekday, {})
            day.setdefault(start, {}).setdefault(member, 0)
            day[start][member] += 1
            day.setdefault(end, {}).setdefault(member, 0)
            day[end][member] -= 1

    windows = []
    for weekday, day in changes.items():
        open_count: dict[Hashable, int] = {}
        current: frozenset = frozenset()
        current_start = None
        for minute in sorted(day):
            for member, delta in day[minute].items():
                open_count[member] = open_count.get(member, 0) + delta
            members = frozenset(m for m, n in open_count.items() if n > 0)
            if members == current:
                continue  # a boundary where nothing changes (touching intervals)
            if current:
                windows.append(Window(weekday, current_start, minute, current))
            current, current_start = members, minute
    windows.sort(key=lambda w: (-w.size, -w.length, w.weekday, w.start))
    return windows


def minutes_to_hhmm(minute: int) -> str:
    """A minute of the day as the portal writes a time (core.formats.time: 14.00);
    the end of the day, minute 1440, is 24.00."""
    if minute >= MINUTES_PER_DAY:
        return formats.time(datetime.time(0, 0)).replace("00", "24", 1)
    return formats.time(datetime.time(minute // 60, minute % 60))
