"""The database layer on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from mediastack.core.db import Database, DatabaseOptions, utcnow
from mediastack.core.db import engine as engine_module
from mediastack.core.db.migrate import current_heads, expected_heads, upgrade
from mediastack.core.jobs import CommandQueue, CommandStatus, Lease
from mediastack.core.roles import Role
from mediastack.manager.domain import MIGRATIONS as MANAGER_MIGRATIONS
from tests.support.databases import fresh_postgres_database
from tests.support.services import clear_mediastack_env, running_service


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | None]:
    if request.param == "sqlite":
        yield None
    else:
        with fresh_postgres_database() as url:
            yield url


def open_db(url: str | None, tmp_path: Path) -> Database:
    return Database(DatabaseOptions(url=url, sqlite_path=tmp_path / "test.db"))


def test_migrations_reach_every_branch_head_and_are_idempotent(
    db_url: str | None, tmp_path: Path
) -> None:
    db = open_db(db_url, tmp_path)
    try:
        upgrade(db, [MANAGER_MIGRATIONS], lock_name="t")
        upgrade(db, [MANAGER_MIGRATIONS], lock_name="t")  # a restart migrates nothing
        assert current_heads(db) == expected_heads([MANAGER_MIGRATIONS])
        assert len(current_heads(db)) == 2  # one head per branch: core and manager
        with db.engine.connect() as connection:
            tables = {
                "commands",
                "scheduled_tasks",
                "leases",
                "download_clients",
                "tags",
                "root_folders",
            }
            for table in tables:
                connection.execute(text(f"SELECT COUNT(*) FROM {table}"))
    finally:
        db.dispose()


def test_commands_round_trip_with_aware_timestamps(db_url: str | None, tmp_path: Path) -> None:
    db = open_db(db_url, tmp_path)
    try:
        upgrade(db, [], lock_name="t")
        queue = CommandQueue(db)
        queue.register("Backup", lambda body: f"saved {body['what']}")
        record = queue.enqueue("Backup", {"what": "config"})
        done = queue.run_one()
        assert done is not None and done.id == record.id
        assert done.status is CommandStatus.COMPLETED and done.message == "saved config"
        assert done.queued_at.tzinfo is not None and done.queued_at <= utcnow()
    finally:
        db.dispose()


def test_only_one_of_two_replicas_holds_the_lease(db_url: str | None, tmp_path: Path) -> None:
    first, second = open_db(db_url, tmp_path), open_db(db_url, tmp_path)
    try:
        upgrade(first, [], lock_name="t")
        leases = [
            Lease(db, "scheduler:tv", f"replica-{i}", 60) for i, db in enumerate((first, second))
        ]
        results: list[bool] = []
        barrier = threading.Barrier(2)

        def contend(lease: Lease) -> None:
            barrier.wait()
            results.append(lease.try_acquire())

        threads = [threading.Thread(target=contend, args=(lease,)) for lease in leases]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == [False, True]
    finally:
        first.dispose()
        second.dispose()


def test_sqlite_uses_wal_on_a_local_disk(tmp_path: Path) -> None:
    db = open_db(None, tmp_path)
    try:
        with db.engine.connect() as connection:
            mode = connection.execute(text("PRAGMA journal_mode")).scalar_one()
        assert mode == "wal" and db.journal_mode == "wal"
    finally:
        db.dispose()


def test_sqlite_on_a_network_share_uses_the_rollback_journal_and_one_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "is_network_filesystem", lambda _path: True)
    db = open_db(None, tmp_path)
    try:
        with db.engine.connect() as connection:
            mode = connection.execute(text("PRAGMA journal_mode")).scalar_one()
        assert mode == "delete" and db.journal_mode == "delete"
        assert db.engine.pool.size() == 1  # type: ignore[attr-defined]
    finally:
        db.dispose()


def test_a_service_runs_on_this_database(db_url: str | None, tmp_path: Path) -> None:
    saved = clear_mediastack_env()
    try:
        with running_service(Role.TV, tmp_path, database={"url": db_url}) as svc:
            status = httpx.get(
                f"{svc.url}/api/v3/system/status", headers={"X-Api-Key": svc.api_key}
            ).json()
            assert status["databaseType"] == ("postgreSQL" if db_url else "sqLite")
            assert httpx.get(f"{svc.url}/ping").json() == {"status": "OK"}
    finally:
        import os

        os.environ.update(saved)
