"""Durable progress: ordering of data and log, torn writes, reload."""

from __future__ import annotations

from pathlib import Path

from mediastack.usenet.engine.state import JobProgress


def test_records_are_durable_only_after_commit_and_after_the_data(tmp_path: Path) -> None:
    log = tmp_path / "admin" / "progress.log"
    progress = JobProgress(log)
    events: list[str] = []
    progress.record_done("a@x")
    progress.record_missing("b@x")
    assert JobProgress(log).done == set()  # nothing durable before commit
    progress.commit(lambda: events.append(f"sync, log has {log.read_bytes()!r}"))
    assert events == ["sync, log has b''"]  # data synced before any record is written
    assert progress.done == {"a@x"} and progress.missing == {"b@x"}
    progress.commit(lambda: events.append("not called"))  # nothing pending: no fsyncs
    assert len(events) == 1
    progress.close()
    reloaded = JobProgress(log)
    assert (reloaded.done, reloaded.missing) == ({"a@x"}, {"b@x"})
    reloaded.close()


def test_a_torn_last_line_is_ignored(tmp_path: Path) -> None:
    log = tmp_path / "progress.log"
    log.write_bytes(b"D one@x\nM two@x\nD two@x\nD thr")
    progress = JobProgress(log)
    assert progress.done == {"one@x", "two@x"}
    assert progress.missing == set()  # found later on a backup: done wins
    progress.record_done("three@x")
    progress.commit(lambda: None)
    progress.close()
    assert JobProgress(log).done == {"one@x", "two@x", "three@x"}
