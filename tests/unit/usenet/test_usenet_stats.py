"""Live download statistics shown in the queue."""

from __future__ import annotations

import pytest


def test_speed_of_a_young_job_is_not_averaged_over_time_it_did_not_exist(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mediastack.usenet.engine import job

    clock = [100.0]
    monkeypatch.setattr(job.time, "monotonic", lambda: clock[0])
    stats = job.DownloadStats()
    assert stats.speed == 0.0
    stats.add_done(0)
    clock[0] += 1.0
    stats.add_done(100_000_000)  # 100 MB in the job's first second
    assert stats.speed == pytest.approx(100_000_000)  # not divided by the 3 s window
    clock[0] += 10.0
    assert stats.speed == 0.0


def test_in_flight_window_is_capped_in_bytes_not_only_in_articles() -> None:
    from mediastack.usenet.engine.job import WINDOW_BYTES, _window_for
    from mediastack.usenet.engine.nzb import Nzb, NzbFile, Segment

    def nzb(article: int, count: int) -> Nzb:
        segments = tuple(Segment(i + 1, article, f"m{i}@x") for i in range(count))
        return Nzb(meta={}, files=(NzbFile("s", "p", 0, ("g",), segments, "f.bin"),))

    big = nzb(700 * 1024, 2000)
    assert _window_for(big, 8 * 4) == 64  # 8 connections x 4 in flight: twice the slots
    wide = _window_for(big, 20 * 4)  # 20 connections: held to the byte budget ...
    assert wide == 80  # ... but never below one article per slot
    assert wide * 700 * 1024 < 2 * 64 * 700 * 1024 + WINDOW_BYTES
    assert _window_for(nzb(64 * 1024, 100), 20 * 4) == 128  # small articles: the count cap
