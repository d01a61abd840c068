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
