"""Commands and the scheduler, on a real (SQLite) database."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from mediastack.core.db import Database, DatabaseOptions, utcnow
from mediastack.core.db.migrate import upgrade
from mediastack.core.jobs import (
    CommandQueue,
    CommandStatus,
    CommandTrigger,
    Lease,
    Scheduler,
    UnknownCommandError,
)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(DatabaseOptions(url=None, sqlite_path=tmp_path / "jobs.db"))
    upgrade(db, [], lock_name="test")
    yield db
    db.dispose()


def test_command_lifecycle(database: Database) -> None:
    queue = CommandQueue(database)
    seen: list[Mapping[str, Any]] = []

    def handler(body: Mapping[str, Any]) -> str:
        seen.append(body)
        return "searched 3 series"

    queue.register("SeriesSearch", handler)
    record = queue.enqueue("seriessearch", {"seriesId": 7})  # names match case-insensitively
    assert record.name == "SeriesSearch" and record.status is CommandStatus.QUEUED
    done = queue.run_one()
    assert done is not None and done.status is CommandStatus.COMPLETED
    assert done.message == "searched 3 series" and done.started_at and done.ended_at
    assert seen == [{"seriesId": 7}]
    assert queue.run_one() is None


def test_failed_command_keeps_its_reason(database: Database) -> None:
    queue = CommandQueue(database)

    def boom(_body: Mapping[str, Any]) -> None:
        raise RuntimeError("indexer unreachable")

    queue.register("RssSync", boom)
    queue.enqueue("RssSync")
    done = queue.run_one()
    assert done is not None and done.status is CommandStatus.FAILED
    assert done.message == "RuntimeError: indexer unreachable"


def test_identical_queued_command_is_not_duplicated(database: Database) -> None:
    queue = CommandQueue(database)
    queue.register("RssSync", lambda _b: None)
    first = queue.enqueue("RssSync")
    assert queue.enqueue("RssSync").id == first.id
    assert queue.enqueue("RssSync", {"x": 1}).id != first.id


def test_unknown_command(database: Database) -> None:
    with pytest.raises(UnknownCommandError):
        CommandQueue(database).enqueue("NoSuchThing")


def test_commands_interrupted_by_a_crash_are_failed_on_start(database: Database) -> None:
    queue = CommandQueue(database)
    queue.register("Backup", lambda _b: None)
    queue.enqueue("Backup")
    assert queue._claim() is not None  # started, then the process "dies"
    restarted = CommandQueue(database)
    restarted.register("Backup", lambda _b: None)
    assert restarted.recover() == 1
    assert restarted.list()[0].status is CommandStatus.FAILED


async def test_worker_runs_queued_commands(database: Database) -> None:
    import asyncio

    queue = CommandQueue(database)
    queue.register("Housekeeping", lambda _b: "clean")
    await queue.start(poll_seconds=0.05)
    try:
        record = queue.enqueue("Housekeeping")
        for _ in range(100):
            current = queue.get(record.id)
            if current and current.status is CommandStatus.COMPLETED:
                break
            await asyncio.sleep(0.02)
        assert queue.get(record.id).status is CommandStatus.COMPLETED  # type: ignore[union-attr]
    finally:
        await queue.stop()


def test_scheduler_enqueues_due_tasks_once(database: Database) -> None:
    queue = CommandQueue(database)
    queue.register("RssSync", lambda _b: None)
    scheduler = Scheduler(database, queue, Lease(database, "scheduler", "me", 60))
    scheduler.add("RssSync", timedelta(minutes=15))
    now = utcnow()
    assert scheduler.tick(now) == []  # first start: not due at boot
    assert scheduler.tick(now + timedelta(minutes=16)) == ["RssSync"]
    assert scheduler.tick(now + timedelta(minutes=17)) == []  # already queued
    queue.run_one()
    assert scheduler.tick(now + timedelta(minutes=20)) == []  # ran at minute 16
    assert scheduler.tick(now + timedelta(minutes=32)) == ["RssSync"]
    records = queue.list()
    assert all(r.trigger is CommandTrigger.SCHEDULED for r in records)
    state = scheduler.states()[0]
    assert state.name == "RssSync" and state.interval == timedelta(minutes=15)


def test_only_the_lease_holder_schedules(database: Database) -> None:
    queue = CommandQueue(database)
    queue.register("RssSync", lambda _b: None)
    a = Scheduler(database, queue, Lease(database, "scheduler", "replica-a", 60))
    b = Scheduler(database, queue, Lease(database, "scheduler", "replica-b", 60))
    for s in (a, b):
        s.add("RssSync", timedelta(minutes=1))
    later = utcnow() + timedelta(minutes=5)
    assert a.tick(later) == ["RssSync"]  # a takes the lease and schedules
    queue.run_one()
    assert b.tick(later + timedelta(minutes=10)) == []  # a's lease is valid: b does nothing
    assert a.tick(later + timedelta(minutes=10)) == ["RssSync"]


def test_lease_expires_and_moves(database: Database) -> None:
    a = Lease(database, "l", "a", ttl_seconds=0.05)
    b = Lease(database, "l", "b", ttl_seconds=60)
    assert a.try_acquire()
    assert a.try_acquire()  # renewal
    import time

    time.sleep(0.1)
    assert b.try_acquire()
    assert not a.try_acquire()
    b.release()
    assert a.try_acquire()
