"""Session speeds from libtorrent's payload counters, which move on libtorrent's own tick."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mediastack.torrent.engine import TorrentEngineSettings, session_monitor
from mediastack.torrent.engine.session_monitor import SessionMonitor


def _speeds(monitor: SessionMonitor) -> tuple[int, int]:
    info = monitor.transfer_info(
        TorrentEngineSettings(), running=True, alltime=(0, 0), free_space=0
    )
    return info.dl_info_speed, info.up_info_speed


def test_speed_spans_counter_moves_and_falls_to_zero_when_idle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [100.0]
    monkeypatch.setattr(session_monitor.time, "monotonic", lambda: clock[0])
    monitor = SessionMonitor()

    def stats(at: float, recv: int, sent: int = 0) -> tuple[int, int]:
        clock[0] = at
        values = {"net.recv_payload_bytes": recv, "net.sent_payload_bytes": sent}
        monitor.on_session_stats(SimpleNamespace(values=values))
        return _speeds(monitor)

    assert stats(100.0, 0) == (0, 0)
    assert stats(100.5, 500_000, 1000) == (1_000_000, 2000)
    assert stats(100.7, 500_000, 1000) == (1_000_000, 2000), "no tick in between: not 0"
    assert stats(101.0, 1_000_000, 1000) == (1_000_000, 0)
    assert stats(101.2, 1_000_000, 1000) == (1_000_000, 0)
    assert stats(102.1, 1_000_000, 1000) == (0, 0), "a second without movement is idle"
    # after the pause, the bytes arrived after the previous stats alert
    assert stats(102.6, 1_250_000, 1000) == (500_000, 0)
