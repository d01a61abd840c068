"""The originals' monitoring options, for anything organised as groups of items.

Sonarr applies them to episodes grouped by season, Lidarr to albums grouped by release;
both name the same choices (all, future, missing, existing, first, latest/last, none, ...).
The decision is pure: given the items and an option, which items end up monitored. Callers
store the result; nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

RECENT = timedelta(days=90)
SPECIALS = 0


class MonitorOption(StrEnum):
    ALL = "all"
    FUTURE = "future"
    MISSING = "missing"
    EXISTING = "existing"
    RECENT = "recent"
    PILOT = "pilot"
    FIRST_SEASON = "firstSeason"
    LAST_SEASON = "lastSeason"
    MONITOR_SPECIALS = "monitorSpecials"
    UNMONITOR_SPECIALS = "unmonitorSpecials"
    NONE = "none"
    SKIP = "skip"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, raw: object) -> MonitorOption:
        """Read a client's spelling; older clients say ``latestSeason`` (Sonarr v3) or ``first``."""
        if raw is None or raw == "":
            return cls.UNKNOWN
        text = str(raw).strip()
        aliases = {
            "latestseason": cls.LAST_SEASON,
            "latest": cls.LAST_SEASON,
            "first": cls.FIRST_SEASON,
        }
        lowered = text.lower()
        if lowered in aliases:
            return aliases[lowered]
        for option in cls:
            if option.value.lower() == lowered:
                return option
        raise ValueError(f"Unknown monitor option '{text}'")

    @property
    def decides(self) -> bool:
        """False for the options that leave the per-group choices the client sent alone."""
        return self not in (MonitorOption.SKIP, MonitorOption.UNKNOWN)


@dataclass(frozen=True, slots=True)
class Monitorable:
    """One item as the monitoring rules see it."""

    key: int
    group: int  # season number (0 = specials)
    number: int
    released: datetime | None  # None: not announced yet, which counts as the future
    has_file: bool


def _wanted(item: Monitorable, option: MonitorOption, first: int, last: int, now: datetime) -> bool:
    released = item.released
    match option:
        case MonitorOption.ALL:
            return True
        case MonitorOption.FUTURE:
            return released is None or released > now
        case MonitorOption.MISSING:
            return not item.has_file
        case MonitorOption.EXISTING:
            return item.has_file
        case MonitorOption.RECENT:
            return released is None or released > now - RECENT
        case MonitorOption.PILOT:
            return item.group == first and item.number == 1
        case MonitorOption.FIRST_SEASON:
            return item.group == first
        case MonitorOption.LAST_SEASON:
            return item.group == last
        case _:
            return False


def decide(items: Sequence[Monitorable], option: MonitorOption, now: datetime) -> dict[int, bool]:
    """New monitored states by item key, for the items ``option`` has an opinion on.

    Specials are never monitored by the broad options (as in Sonarr v4); only
    ``monitorSpecials`` turns them on. ``skip``/``unknown`` decide nothing.
    """
    if option in (MonitorOption.MONITOR_SPECIALS, MonitorOption.UNMONITOR_SPECIALS):
        wanted = option is MonitorOption.MONITOR_SPECIALS
        return {i.key: wanted for i in items if i.group == SPECIALS}
    if not option.decides:
        return {}
    regular = [i.group for i in items if i.group != SPECIALS]
    first, last = (min(regular), max(regular)) if regular else (-1, -1)
    return {i.key: i.group != SPECIALS and _wanted(i, option, first, last, now) for i in items}


def group_states(
    groups: Iterable[int],
    items: Sequence[Monitorable],
    monitored: dict[int, bool],
    option: MonitorOption,
) -> dict[int, bool]:
    """Whether each group is monitored after an option was applied to its items.

    A group is monitored when any of its items is; a group with no items yet (an announced
    season) follows the option's intent for things still to come.
    """
    by_group: dict[int, list[bool]] = {}
    for item in items:
        by_group.setdefault(item.group, []).append(monitored.get(item.key, False))
    all_groups = sorted(set(groups) | set(by_group))
    regular = [g for g in all_groups if g != SPECIALS]
    last = max(regular) if regular else -1
    forward = option in (
        MonitorOption.ALL,
        MonitorOption.FUTURE,
        MonitorOption.MISSING,
        MonitorOption.RECENT,
    )
    states: dict[int, bool] = {}
    for group in all_groups:
        flags = by_group.get(group)
        if flags:
            states[group] = any(flags)
        else:
            states[group] = group != SPECIALS and (
                forward or (option is MonitorOption.LAST_SEASON and group == last)
            )
    return states
