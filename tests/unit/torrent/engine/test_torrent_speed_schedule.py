"""The bandwidth scheduler decides like qBittorrent's (window, midnight wrap, days)."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from mediastack.torrent.engine import SchedulerDays, TorrentEngineSettings
from mediastack.torrent.engine.speed_schedule import SpeedScheduler, in_alternative_window

MONDAY = datetime(2026, 11, 23)  # a Monday
SATURDAY = datetime(2026, 11, 28)


def at(day: datetime, hh: int, mm: int = 0) -> datetime:
    return day.replace(hour=hh, minute=mm)


@pytest.mark.parametrize(
    ("now", "start", "end", "days", "alternative"),
    [
        (at(MONDAY, 12), time(8), time(20), SchedulerDays.EVERY_DAY, True),
        (at(MONDAY, 7, 59), time(8), time(20), SchedulerDays.EVERY_DAY, False),
        (at(MONDAY, 20), time(8), time(20), SchedulerDays.EVERY_DAY, True),  # end inclusive
        (at(MONDAY, 12), time(8), time(20), SchedulerDays.WEEKENDS, False),
        (at(SATURDAY, 12), time(8), time(20), SchedulerDays.WEEKENDS, True),
        (at(MONDAY, 12), time(8), time(20), SchedulerDays.WEEKDAYS, True),
        (at(MONDAY, 12), time(8), time(20), SchedulerDays.MONDAY, True),
        (at(MONDAY, 12), time(8), time(20), SchedulerDays.TUESDAY, False),
        (at(SATURDAY, 12), time(8), time(20), SchedulerDays.SATURDAY, True),
        # over midnight: 22:00 -> 06:00
        (at(MONDAY, 23), time(22), time(6), SchedulerDays.EVERY_DAY, True),
        (at(MONDAY, 3), time(22), time(6), SchedulerDays.EVERY_DAY, True),
        (at(MONDAY, 12), time(22), time(6), SchedulerDays.EVERY_DAY, False),
        # ...and the day condition covers the daytime part, as in qBittorrent
        (at(MONDAY, 12), time(22), time(6), SchedulerDays.SUNDAY, True),
    ],
)
def test_window(
    now: datetime, start: time, end: time, days: SchedulerDays, alternative: bool
) -> None:
    assert in_alternative_window(now, start, end, days) is alternative


def test_scheduler_reports_only_changes_so_a_manual_switch_sticks() -> None:
    settings = TorrentEngineSettings(scheduler_enabled=True)
    scheduler = SpeedScheduler()
    assert scheduler.decide(settings, at(MONDAY, 12)) is True  # first look: always decides
    assert scheduler.decide(settings, at(MONDAY, 13)) is None  # same decision: leave it
    assert scheduler.decide(settings, at(MONDAY, 21)) is False  # boundary crossed
    off = settings.model_copy(update={"scheduler_enabled": False})
    assert scheduler.decide(off, at(MONDAY, 12)) is None
    assert scheduler.decide(settings, at(MONDAY, 12)) is True  # re-enabled: decides again


def test_effective_limits_follow_the_mode() -> None:
    settings = TorrentEngineSettings(download_rate_limit=5, upload_rate_limit=6)
    assert settings.effective_rate_limits == (5, 6)
    alt = settings.model_copy(update={"alt_speed_enabled": True})
    assert alt.effective_rate_limits == (10240, 10240)
