"""The alert pump's stop and the heap trimmer, with a stand-in for the libtorrent session."""

from __future__ import annotations

import threading
import time
from typing import Any

from mediastack.torrent.engine.alerts import AlertPump
from mediastack.torrent.engine.memory import HeapTrimmer, trim_heap


class _Alert:
    pass


class _Session:
    """Hands out one batch of alerts; records whether two threads ever popped at once."""

    def __init__(self, batches: int) -> None:
        self.batches = batches
        self.popping = 0
        self.overlapped = False
        self._lock = threading.Lock()

    def wait_for_alert(self, ms: int) -> Any:
        if self.batches:
            return _Alert()
        time.sleep(ms / 1000)
        return None

    def pop_alerts(self) -> list[Any]:
        with self._lock:
            self.popping += 1
            self.overlapped |= self.popping > 1
        try:
            if not self.batches:
                return []
            self.batches -= 1
            return [_Alert()]
        finally:
            with self._lock:
                self.popping -= 1


def test_stop_waits_for_the_batch_in_hand_and_reports_a_pump_that_will_not_end() -> None:
    release = threading.Event()
    handled: list[Any] = []

    def slow(alert: Any) -> None:  # a resume-data write on a very slow disk
        release.wait(5)
        handled.append(alert)

    session = _Session(batches=1)
    pump = AlertPump(session, {_Alert: slow}, [])
    pump.start()
    deadline = time.monotonic() + 5
    while session.batches and time.monotonic() < deadline:
        time.sleep(0.01)
    assert pump.stop(timeout=0.2) is False  # still writing: the caller must not drain
    release.set()
    assert pump.stop(timeout=5) is True
    assert len(handled) == 1
    pump.drain(0)  # now it is safe
    assert not session.overlapped


def test_heap_trimmer_trims_while_payload_moves_and_once_after() -> None:
    moved = [0]
    trims: list[int] = []
    trimmer = HeapTrimmer(lambda: moved[0], lambda: trims.append(moved[0]) is None)
    trimmer()
    assert trims == []  # idle: nothing to give back
    moved[0] = 100
    trimmer()
    moved[0] = 200
    trimmer()
    trimmer()  # stopped: one last trim for what the transfer left behind
    trimmer()
    assert trims == [100, 200, 200]
    assert isinstance(trim_heap(), bool)
