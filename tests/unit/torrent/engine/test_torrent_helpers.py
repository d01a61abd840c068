"""Small pure helpers: priorities, content paths, tracker status, peers, the alert pump."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import libtorrent as lt
import pytest

from mediastack.torrent.engine import InvalidArgumentError, TrackerStatus
from mediastack.torrent.engine.alerts import AlertPump, PeriodicTask
from mediastack.torrent.engine.priorities import to_lt_priority, to_qbt_priority
from mediastack.torrent.engine.snapshot import content_path, seconds, tracker_status, unix_time
from mediastack.torrent.engine.validation import validate_peer, validate_tracker_url


def test_priorities_round_trip() -> None:
    assert [to_qbt_priority(to_lt_priority(p)) for p in (0, 1, 6, 7)] == [0, 1, 6, 7]
    assert to_lt_priority(1) == 4, "qBittorrent's normal is libtorrent's default"
    assert [to_qbt_priority(p) for p in range(8)] == [0, 1, 1, 1, 1, 6, 6, 7]
    with pytest.raises(InvalidArgumentError):
        to_lt_priority(3)


def test_content_path() -> None:
    assert content_path("/d", []) == ""
    assert content_path("/d", ["movie.mkv"]) == "/d/movie.mkv"
    assert content_path("/d", ["Show/e1.mkv", "Show/e2.mkv"]) == "/d/Show"


def test_binding_time_values() -> None:
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert unix_time(None) == 0 and unix_time(5) == 5
    assert unix_time(when) == int(when.timestamp())
    assert seconds(dt.timedelta(minutes=2)) == 120 and seconds(None) == 0


@pytest.mark.parametrize(
    ("entry", "status"),
    [
        ({}, TrackerStatus.NOT_CONTACTED),
        ({"updating": True}, TrackerStatus.UPDATING),
        ({"verified": True}, TrackerStatus.WORKING),
        ({"fails": 2}, TrackerStatus.NOT_WORKING),
        (
            {"endpoints": [{"info_hashes": [{"start_sent": True, "fails": 0}]}]},
            TrackerStatus.WORKING,
        ),
        (
            {"endpoints": [{"info_hashes": [{"updating": True}]}]},
            TrackerStatus.UPDATING,
        ),
    ],
)
def test_tracker_status(entry: dict[str, Any], status: TrackerStatus) -> None:
    assert tracker_status(entry) is status


def test_peers() -> None:
    assert validate_peer("127.0.0.1:6881") == ("127.0.0.1", 6881)
    assert validate_peer(" [::1]:51413 ") == ("::1", 51413)
    for bad in ("localhost:1", "1.2.3.4", "1.2.3.4:0", "1.2.3.4:70000", "[::1]6881", ""):
        with pytest.raises(InvalidArgumentError):
            validate_peer(bad)


def test_tracker_urls() -> None:
    assert validate_tracker_url(" udp://tracker:1337/announce ") == "udp://tracker:1337/announce"
    for bad in ("file:///etc/passwd", "http://", "http://a b/", "javascript:x", "x" * 3000):
        with pytest.raises(InvalidArgumentError):
            validate_tracker_url(bad)


def test_alert_pump_dispatches_by_type_and_runs_ticks() -> None:
    session = lt.session(
        {
            "listen_interfaces": "127.0.0.1:0",
            "enable_dht": False,
            "enable_lsd": False,
            "enable_upnp": False,
            "enable_natpmp": False,
            "alert_mask": lt.alert.category_t.status_notification,
        }
    )
    stats = threading.Event()
    ticks: list[float] = []

    def boom(alert: Any) -> None:
        raise RuntimeError("a failing handler must not stop the pump")

    def tick() -> None:
        ticks.append(time.monotonic())

    pump = AlertPump(
        session,
        {lt.session_stats_alert: lambda a: stats.set(), lt.listen_succeeded_alert: boom},
        [PeriodicTask("tick", 0.05, tick)],
    )
    pump.start()
    try:
        session.post_session_stats()
        assert stats.wait(5)
        deadline = time.monotonic() + 5
        while len(ticks) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(ticks) >= 3 and pump.running
    finally:
        pump.stop()
    assert not pump.running
