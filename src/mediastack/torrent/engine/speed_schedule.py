"""The bandwidth scheduler: when the alternative ("turtle") speed limits apply.

qBittorrent switches to the alternative limits inside a daily window (optionally only on
weekdays, weekends or one day) and back outside it, checking every 30 seconds. It acts only
when its decision changes, so switching by hand inside the window sticks until the next
boundary. A window whose start is after its end runs over midnight; the day condition then
applies to the part between the end and the start, as in qBittorrent.
"""

from __future__ import annotations

from datetime import datetime, time

from mediastack.torrent.engine.settings import SchedulerDays, TorrentEngineSettings

CHECK_INTERVAL = 30.0
"""Seconds between two looks at the clock (qBittorrent's timer)."""

_WEEKDAYS = range(1, 6)  # ISO weekdays: Monday = 1


def _day_matches(days: SchedulerDays, iso_weekday: int) -> bool:
    if days is SchedulerDays.EVERY_DAY:
        return True
    if days is SchedulerDays.WEEKDAYS:
        return iso_weekday in _WEEKDAYS
    if days is SchedulerDays.WEEKENDS:
        return iso_weekday in (6, 7)
    return iso_weekday == int(days) - int(SchedulerDays.MONDAY) + 1


def in_alternative_window(now: datetime, start: time, end: time, days: SchedulerDays) -> bool:
    """Whether the alternative limits should be on at local time ``now``."""
    alternative = False
    if start > end:
        start, end = end, start
        alternative = True
    clock = now.time()
    if start <= clock <= end and _day_matches(days, now.isoweekday()):
        alternative = not alternative
    return alternative


class SpeedScheduler:
    """Remembers its last decision and reports only changes (``None`` = leave it alone)."""

    def __init__(self) -> None:
        self._last: bool | None = None

    def decide(self, settings: TorrentEngineSettings, now: datetime) -> bool | None:
        if not settings.scheduler_enabled:
            self._last = None
            return None
        wanted = in_alternative_window(
            now, settings.schedule_from, settings.schedule_to, settings.scheduler_days
        )
        if wanted == self._last:
            return None
        self._last = wanted
        return wanted
