"""Health checks: what System > Status shows, and what operators are warned about.

Each check returns results with a source, a level and a message a person can act on; a
service's API renders them in its original's shape. Readiness (/readyz) is the narrower
question "can this process work at all"; health is "what should someone fix".
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from mediastack.core.db import Database
from mediastack.core.db.fstype import filesystem_type, is_network_filesystem
from mediastack.core.fs import disk_space


class HealthLevel(StrEnum):
    OK = "ok"
    NOTICE = "notice"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class HealthResult:
    source: str
    level: HealthLevel
    message: str
    wiki_url: str = ""


HealthCheck = Callable[[], Awaitable[list[HealthResult]]]


def database_check(
    database: Database, sqlite_path: Path | None, mounts_file: Path = Path("/proc/mounts")
) -> HealthCheck:
    async def check() -> list[HealthResult]:
        try:
            await asyncio.to_thread(database.ping)
        except Exception as exc:
            return [
                HealthResult("DatabaseCheck", HealthLevel.ERROR, f"Database unreachable: {exc}")
            ]
        if sqlite_path is not None and is_network_filesystem(sqlite_path.parent, mounts_file):
            fs = filesystem_type(sqlite_path.parent, mounts_file)
            return [
                HealthResult(
                    "DatabaseOnNetworkFileSystemCheck",
                    HealthLevel.WARNING,
                    f"The SQLite database {sqlite_path} is on a network file system ({fs}). "
                    "SQLite there can corrupt: use PostgreSQL (DATABASE_URL), or give the "
                    "config folder its own local volume; on SMB mount with 'nobrl'.",
                )
            ]
        return []

    return check


def free_space_check(roots: Iterable[Path], minimum_bytes: int) -> HealthCheck:
    folders = list(roots)

    def scan() -> list[HealthResult]:
        results = []
        for root in folders:
            try:
                free = disk_space(root).free
            except OSError as exc:
                results.append(
                    HealthResult(
                        "StorageCheck", HealthLevel.ERROR, f"{root} is not reachable: {exc}"
                    )
                )
                continue
            if not os.access(root, os.W_OK | os.X_OK):
                results.append(
                    HealthResult("StorageCheck", HealthLevel.ERROR, f"{root} is not writable")
                )
            if free < minimum_bytes:
                results.append(
                    HealthResult(
                        "FreeSpaceCheck",
                        HealthLevel.WARNING,
                        f"{root} has {free // (1024 * 1024)} MiB free, below the "
                        f"{minimum_bytes // (1024 * 1024)} MiB minimum",
                    )
                )
        return results

    async def check() -> list[HealthResult]:
        return await asyncio.to_thread(scan)

    return check


async def run_checks(checks: Iterable[HealthCheck]) -> list[HealthResult]:
    gathered = await asyncio.gather(*(check() for check in checks), return_exceptions=True)
    results: list[HealthResult] = []
    for outcome in gathered:
        if isinstance(outcome, BaseException):
            results.append(
                HealthResult("HealthCheck", HealthLevel.ERROR, f"check failed: {outcome}")
            )
        else:
            results.extend(r for r in outcome if r.level is not HealthLevel.OK)
    return results
