"""The common-window computation: exact overlaps, checked against a brute-force minute grid."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from networks.planning import MINUTES_PER_DAY, Window, common_windows


def h(hours, minutes=0):
    return hours * 60 + minutes


def test_full_overlap_is_one_window_for_everyone():
    windows = common_windows({"a": [(0, h(15), h(17))], "b": [(0, h(15), h(17))]})
    assert windows == [Window(0, h(15), h(17), frozenset({"a", "b"}))]


def test_partial_overlap_ranks_the_shared_part_first():
    windows = common_windows({"a": [(2, h(13), h(16))], "b": [(2, h(14), h(17))]})
    assert windows[0] == Window(2, h(14), h(16), frozenset({"a", "b"}))
    assert set(windows[1:]) == {Window(2, h(13), h(14), frozenset({"a"})),
                                Window(2, h(16), h(17), frozenset({"b"}))}


def test_touching_windows_of_two_members_do_not_overlap():
    windows = common_windows({"a": [(0, h(9), h(10))], "b": [(0, h(10), h(11))]})
    assert all(w.size == 1 for w in windows)
    assert {(w.start, w.end) for w in windows} == {(h(9), h(10)), (h(10), h(11))}


def test_touching_windows_of_one_member_merge():
    windows = common_windows({"a": [(0, h(9), h(10)), (0, h(10), h(11))]})
    assert windows == [Window(0, h(9), h(11), frozenset({"a"}))]


def test_overlapping_windows_of_one_member_count_once():
    windows = common_windows({"a": [(0, h(9), h(11)), (0, h(10), h(12))],
                              "b": [(0, h(10), h(11))]})
    assert windows[0] == Window(0, h(10), h(11), frozenset({"a", "b"}))
    assert [w.size for w in windows] == [2, 1, 1]  # 10-11 a+b, then 9-10 a, 11-12 a


def test_nobody_free_gives_no_windows():
    assert common_windows({}) == []
    assert common_windows({"a": [], "b": []}) == []


def test_same_time_on_different_days_is_not_common():
    windows = common_windows({"a": [(0, h(9), h(10))], "b": [(1, h(9), h(10))]})
    assert [w.size for w in windows] == [1, 1]


def test_ties_are_broken_by_length_then_time_of_week():
    windows = common_windows({"a": [(4, h(8), h(9)), (1, h(8), h(12)), (0, h(8), h(9))]})
    assert [(w.weekday, w.length) for w in windows] == [(1, 240), (0, 60), (4, 60)]


def test_a_whole_day_is_allowed_and_a_backwards_window_is_refused():
    assert common_windows({"a": [(6, 0, MINUTES_PER_DAY)]})[0].length == MINUTES_PER_DAY
    with pytest.raises(ValueError):
        common_windows({"a": [(0, h(10), h(9))]})


def brute_force(availability):
    """Every minute of the week, who is free; runs of identical non-empty sets are windows."""
    windows = []
    for weekday in range(7):
        previous, run_start = frozenset(), 0
        for minute in range(MINUTES_PER_DAY + 1):
            free = frozenset(
                member for member, intervals in availability.items()
                if any(d == weekday and s <= minute < e for d, s, e in intervals)
            ) if minute < MINUTES_PER_DAY else frozenset()
            if free != previous:
                if previous:
                    windows.append(Window(weekday, run_start, minute, previous))
                previous, run_start = free, minute
    return windows


@st.composite
def intervals(draw):
    weekday = draw(st.integers(0, 2))  # few days, so overlaps are common
    # A coarse grid (15 min) makes touching and identical boundaries likely.
    start = draw(st.integers(0, MINUTES_PER_DAY // 15 - 1)) * 15 + draw(st.sampled_from([0, 0, 7]))
    end = draw(st.integers(start + 1, min(MINUTES_PER_DAY, start + 600)))
    return (weekday, start, end)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.integers(0, 8), st.lists(intervals(), max_size=4), max_size=6))
def test_windows_match_a_brute_force_minute_grid(availability):
    windows = common_windows(availability)
    assert sorted(windows, key=lambda w: (w.weekday, w.start)) == brute_force(availability)
    keys = [(-w.size, -w.length, w.weekday, w.start) for w in windows]
    assert keys == sorted(keys)
