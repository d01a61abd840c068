"""Health checks: network file systems, free space, unreachable storage."""

from __future__ import annotations

import asyncio
from pathlib import Path

from mediastack.core.db import Database, DatabaseOptions
from mediastack.core.health import HealthLevel, database_check, free_space_check, run_checks


def test_sqlite_on_cifs_is_reported(tmp_path: Path) -> None:
    db = Database(DatabaseOptions(url=None, sqlite_path=tmp_path / "sonarr.db"))
    mounts = tmp_path / "mounts"
    mounts.write_text(f"//192.168.8.221/media-shared-storage {tmp_path} cifs rw,nobrl 0 0\n")
    try:
        results = asyncio.run(run_checks([database_check(db, tmp_path / "sonarr.db", mounts)]))
    finally:
        db.dispose()
    assert [r.source for r in results] == ["DatabaseOnNetworkFileSystemCheck"]
    assert results[0].level is HealthLevel.WARNING
    assert "cifs" in results[0].message and "PostgreSQL" in results[0].message


def test_local_sqlite_is_healthy(tmp_path: Path) -> None:
    db = Database(DatabaseOptions(url=None, sqlite_path=tmp_path / "sonarr.db"))
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 {tmp_path} ext4 rw 0 0\n")
    try:
        assert asyncio.run(run_checks([database_check(db, tmp_path / "x.db", mounts)])) == []
    finally:
        db.dispose()


def test_free_space_and_missing_roots(tmp_path: Path) -> None:
    check = free_space_check([tmp_path, tmp_path / "gone"], minimum_bytes=2**62)
    results = asyncio.run(run_checks([check]))
    sources = sorted(r.source for r in results)
    assert sources == ["FreeSpaceCheck", "StorageCheck"]
    assert asyncio.run(run_checks([free_space_check([tmp_path], 0)])) == []


def test_a_failing_check_is_reported_not_raised() -> None:
    async def broken() -> list:  # type: ignore[type-arg]
        raise RuntimeError("boom")

    results = asyncio.run(run_checks([broken]))
    assert results[0].level is HealthLevel.ERROR and "boom" in results[0].message
