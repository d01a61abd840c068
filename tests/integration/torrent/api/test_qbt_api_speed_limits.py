"""Alternative ("turtle") speed limits and their scheduler, through qbittorrent-api."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import qbittorrentapi

from tests.support.services import RunningService

from .conftest import client_for

StartService = Callable[..., AbstractContextManager[RunningService]]


def _session_limits(service: RunningService) -> tuple[int, int]:
    """What libtorrent itself enforces (the engine's session settings)."""
    engine = service.ctx.extras["torrent_api"].engine
    pack = engine._ses().get_settings()
    return int(pack["download_rate_limit"]), int(pack["upload_rate_limit"])


def test_toggle_switches_the_limits_in_force_and_survives_a_restart(
    tmp_path: Path, start_service: StartService
) -> None:
    root = tmp_path / "data"
    with start_service(root) as service:
        qbt = client_for(service.url)
        assert qbt.transfer_speed_limits_mode() == "0"
        prefs = qbt.app_preferences()
        assert (prefs["alt_dl_limit"], prefs["alt_up_limit"]) == (10240, 10240)
        qbt.app_set_preferences({"dl_limit": 900_000, "alt_dl_limit": 50_000})
        assert _session_limits(service) == (900_000, 0)

        qbt.transfer_set_speed_limits_mode()  # no argument: toggle
        assert qbt.transfer_speed_limits_mode() == "1"
        assert _session_limits(service) == (50_000, 10240)
        assert qbt.transfer_download_limit() == 50_000
        assert qbt.transfer_info()["dl_rate_limit"] == 50_000
        assert qbt.sync_maindata()["server_state"]["use_alt_speed_limits"] is True

        qbt.transfer_set_download_limit(70_000)  # changes the pair in force: the alternative
        prefs = qbt.app_preferences()
        assert (prefs["alt_dl_limit"], prefs["dl_limit"]) == (70_000, 900_000)
        assert _session_limits(service)[0] == 70_000

    with start_service(root) as service:
        qbt = client_for(service.url)
        assert qbt.transfer_speed_limits_mode() == "1"
        assert _session_limits(service) == (70_000, 10240)
        qbt.transfer_set_speed_limits_mode(intended_state=False)
        assert qbt.transfer_speed_limits_mode() == "0"
        assert _session_limits(service) == (900_000, 0)
        assert qbt.sync_maindata()["server_state"]["use_alt_speed_limits"] is False


def _window(offset_hours: int) -> dict[str, Any]:
    start = datetime.now() + timedelta(hours=offset_hours) - timedelta(minutes=30)
    end = start + timedelta(hours=1)
    return {
        "schedule_from_hour": start.hour,
        "schedule_from_min": start.minute,
        "schedule_to_hour": end.hour,
        "schedule_to_min": end.minute,
    }


def test_scheduler_switches_at_once_and_leaves_manual_choices_alone(
    qbt: qbittorrentapi.Client,
) -> None:
    qbt.app_set_preferences({"scheduler_enabled": True, "scheduler_days": 0, **_window(0)})
    assert qbt.transfer_speed_limits_mode() == "1"  # now is inside the window
    prefs = qbt.app_preferences()
    assert prefs["scheduler_enabled"] is True and prefs["scheduler_days"] == 0
    qbt.transfer_set_speed_limits_mode(intended_state=False)  # by hand, inside the window
    qbt.app_set_preferences({"alt_up_limit": 1})  # unrelated change: no re-decision
    assert qbt.transfer_speed_limits_mode() == "0"
    qbt.app_set_preferences(_window(3))  # the window moved away from now
    assert qbt.transfer_speed_limits_mode() == "0"
    qbt.app_set_preferences(_window(0))  # and back: the decision changed, so it applies
    assert qbt.transfer_speed_limits_mode() == "1"


def test_bad_mode_and_schedule_values_are_refused(raw: httpx.Client) -> None:
    reply = raw.post("/api/v2/transfer/setSpeedLimitsMode", data={"mode": "x"})
    assert (reply.status_code, reply.text) == (400, "'mode': invalid argument")
    assert raw.post("/api/v2/transfer/setSpeedLimitsMode").status_code == 400
    for prefs in (
        '{"scheduler_days": 12}',
        '{"schedule_from_hour": 25, "schedule_from_min": 0}',
        '{"alt_dl_limit": "lots"}',
    ):
        assert raw.post("/api/v2/app/setPreferences", data={"json": prefs}).status_code == 400
    assert raw.get("/api/v2/transfer/speedLimitsMode").text == "0"
