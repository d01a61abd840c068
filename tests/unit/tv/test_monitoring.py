"""The generic monitoring options (``manager/library/monitoring.py``) on a TV-shaped season list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mediastack.manager.library.monitoring import (
    Monitorable,
    MonitorOption,
    decide,
    group_states,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)
PAST, SOON = NOW - timedelta(days=400), NOW + timedelta(days=10)
ITEMS = [
    Monitorable(1, 0, 1, PAST, False),  # a special
    Monitorable(2, 1, 1, PAST, True),
    Monitorable(3, 1, 2, PAST, False),
    Monitorable(4, 2, 1, NOW - timedelta(days=5), False),
    Monitorable(5, 2, 2, SOON, False),
    Monitorable(6, 2, 3, None, False),
]


def chosen(option: MonitorOption) -> set[int]:
    return {k for k, v in decide(ITEMS, option, NOW).items() if v}


@pytest.mark.parametrize(
    ("option", "keys"),
    [
        (MonitorOption.ALL, {2, 3, 4, 5, 6}),
        (MonitorOption.FUTURE, {5, 6}),
        (MonitorOption.MISSING, {3, 4, 5, 6}),
        (MonitorOption.EXISTING, {2}),
        (MonitorOption.RECENT, {4, 5, 6}),
        (MonitorOption.PILOT, {2}),
        (MonitorOption.FIRST_SEASON, {2, 3}),
        (MonitorOption.LAST_SEASON, {4, 5, 6}),
        (MonitorOption.NONE, set()),
        (MonitorOption.MONITOR_SPECIALS, {1}),
    ],
)
def test_options(option: MonitorOption, keys: set[int]) -> None:
    assert chosen(option) == keys


def test_skip_decides_nothing_and_specials_options_touch_only_specials() -> None:
    assert decide(ITEMS, MonitorOption.SKIP, NOW) == {}
    assert decide(ITEMS, MonitorOption.UNMONITOR_SPECIALS, NOW) == {1: False}


def test_group_states_follow_items_and_intent_for_empty_groups() -> None:
    states = decide(ITEMS, MonitorOption.FUTURE, NOW)
    assert group_states([0, 1, 2, 3], ITEMS, states, MonitorOption.FUTURE) == {
        0: False,
        1: False,
        2: True,
        3: True,  # announced, no episodes yet: future wants it
    }
    none = decide(ITEMS, MonitorOption.NONE, NOW)
    assert not any(group_states([1, 2, 3], ITEMS, none, MonitorOption.NONE).values())


@pytest.mark.parametrize(
    ("raw", "option"),
    [
        ("latestSeason", MonitorOption.LAST_SEASON),
        ("FIRSTSEASON", MonitorOption.FIRST_SEASON),
        (None, MonitorOption.UNKNOWN),
        ("none", MonitorOption.NONE),
    ],
)
def test_parse_spellings(raw: object, option: MonitorOption) -> None:
    assert MonitorOption.parse(raw) is option


def test_parse_refuses_unknown_options() -> None:
    with pytest.raises(ValueError, match="Unknown monitor option"):
        MonitorOption.parse("everything")
