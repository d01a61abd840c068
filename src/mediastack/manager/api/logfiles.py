"""``log``, ``log/file`` and ``log/file/{name}``: the service's own log files, as the
originals expose theirs.

The originals keep log events in a database as well as in files; ours are only in the
rotating files ``core.logsetup`` writes, so ``log`` (the paged events with a level filter)
reads the newest part of those files. Only the newest ``TAIL_BYTES`` are parsed: the page
is a "what happened lately" view, and a 50 MB history must not be parsed on every poll.
File names are checked against the originals' pattern and looked up in the log folder
only, so no request can read another file.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse

from mediastack.core.config import Settings
from mediastack.core.fs import PathEscapeError, confine
from mediastack.core.http import ApiError
from mediastack.core.roles import ROLE_FACTS
from mediastack.manager.api.deps import Context, require_auth
from mediastack.manager.api.resources import iso
from mediastack.manager.library.paging import MAX_PAGE_SIZE, envelope, newest_first

TAIL_BYTES = 2 * 1024 * 1024
_FILE_NAME = re.compile(r"^[-.a-zA-Z0-9]+$")
# core.logsetup's format: "%(asctime)s %(levelname)s [%(name)s] %(message)s"
_LINE = re.compile(
    r"^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(?P<ms>\d{3}) "
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL) \[(?P<logger>[^\]]*)\] (?P<message>.*)$"
)
# Python's level names in the originals' words, most severe last.
LEVELS = {
    "DEBUG": "debug",
    "INFO": "info",
    "WARNING": "warn",
    "ERROR": "error",
    "CRITICAL": "fatal",
}
_RANK = {name: rank for rank, name in enumerate(["trace", *LEVELS.values()])}


def log_folder(settings: Settings) -> Path:
    """Where ``core.http.app`` points the rotating log handler."""
    return settings.config_dir / "logs"


def log_base_name(settings: Settings) -> str:
    return f"{ROLE_FACTS[settings.role].config_folder}.txt"


def log_files(settings: Settings) -> list[Path]:
    """The service's log files, newest first (``sonarr.txt``, ``sonarr.txt.1``, ...)."""
    folder = log_folder(settings)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and _FILE_NAME.match(p.name)]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


@dataclass(frozen=True, slots=True)
class LogEntry:
    time: datetime
    level: str  # the originals' words: debug, info, warn, error, fatal
    logger: str
    message: str
    exception: str | None


def _tail(path: Path, budget: int) -> tuple[list[str], bool]:
    """The last ``budget`` bytes of ``path`` as lines, and whether the file was cut."""
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        start = max(0, size - budget)
        handle.seek(start)
        data = handle.read()
    lines = data.decode("utf-8", errors="replace").splitlines()
    if start > 0 and lines:
        lines = lines[1:]  # the first line was cut in the middle
    return lines, start > 0


def parse_lines(lines: list[str]) -> Iterator[LogEntry]:
    """Entries in file order; lines without a header (tracebacks) belong to the entry above."""
    current: dict[str, Any] | None = None
    extra: list[str] = []
    for line in lines:
        match = _LINE.match(line)
        if match is None:
            if current is not None:
                extra.append(line)
            continue
        if current is not None:
            yield _entry(current, extra)
        current, extra = match.groupdict(), []
    if current is not None:
        yield _entry(current, extra)


def _entry(fields: dict[str, Any], extra: list[str]) -> LogEntry:
    moment = datetime.strptime(fields["time"], "%Y-%m-%d %H:%M:%S")
    return LogEntry(
        time=moment.replace(microsecond=int(fields["ms"]) * 1000, tzinfo=UTC),
        level=LEVELS[fields["level"]],
        logger=fields["logger"],
        message=fields["message"],
        exception="\n".join(extra) if extra else None,
    )


def recent_entries(settings: Settings, budget: int = TAIL_BYTES) -> list[LogEntry]:
    """The newest entries across the rotated files, oldest first, within ``budget`` bytes."""
    chunks: list[list[str]] = []
    for path in log_files(settings):
        if budget <= 0:
            break
        lines, cut = _tail(path, budget)
        chunks.append(lines)
        budget -= sum(len(line) + 1 for line in lines)
        if cut:
            break
    lines = [line for chunk in reversed(chunks) for line in chunk]
    return list(parse_lines(lines))


def at_least(level: str | None) -> set[str]:
    """The originals' ``level`` filter: ``warn`` means warnings and worse."""
    if not level or level.lower() not in _RANK:
        return set(_RANK)
    floor = _RANK[level.lower()]
    return {name for name, rank in _RANK.items() if rank >= floor}


def log_resource(index: int, entry: LogEntry) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "id": index,
        "time": iso(entry.time),
        "level": entry.level,
        "logger": entry.logger,
        "message": entry.message,
    }
    if entry.exception:
        resource["exception"] = entry.exception
        resource["exceptionType"] = entry.exception.strip().splitlines()[-1].split(":")[0]
    return resource


def log_router(api_prefix: str) -> APIRouter:
    router = APIRouter(dependencies=[Depends(require_auth)])

    def by_name(ctx: Context, filename: str) -> Path:
        if not _FILE_NAME.match(filename):
            raise ApiError(404, f"Log file {filename} does not exist")
        try:
            path = confine(log_folder(ctx.settings), filename)
        except PathEscapeError:
            raise ApiError(404, f"Log file {filename} does not exist") from None
        if not path.is_file():
            raise ApiError(404, f"Log file {filename} does not exist")
        return path

    @router.get(f"{api_prefix}/log")
    async def events(
        ctx: Context,
        page: int = Query(1, ge=1),
        pageSize: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
        sortKey: str = "time",
        sortDirection: str = "descending",
        level: str | None = None,
    ) -> dict[str, Any]:
        entries = await asyncio.to_thread(recent_entries, ctx.settings)
        wanted = at_least(level)
        numbered = [(i, e) for i, e in enumerate(entries, start=1) if e.level in wanted]
        descending = newest_first(sortDirection)
        if descending:
            numbered.reverse()
        window = numbered[(page - 1) * pageSize : page * pageSize]
        records = [log_resource(i, e) for i, e in window]
        return envelope(page, pageSize, sortKey, descending, len(numbered), records)

    @router.get(f"{api_prefix}/log/file")
    def files(ctx: Context) -> list[dict[str, Any]]:
        base = ctx.settings.http.url_base
        return [
            {
                "id": index,
                "filename": path.name,
                "lastWriteTime": iso(datetime.fromtimestamp(path.stat().st_mtime, UTC)),
                "contentsUrl": f"{base}{api_prefix}/log/file/{path.name}",
                "downloadUrl": f"{base}/logfile/{path.name}",
            }
            for index, path in enumerate(log_files(ctx.settings), start=1)
        ]

    @router.get(f"{api_prefix}/log/file/{{filename}}")
    def contents(filename: str, ctx: Context) -> FileResponse:
        return FileResponse(by_name(ctx, filename), media_type="text/plain")

    @router.get("/logfile/{filename}")
    def download(filename: str, ctx: Context) -> FileResponse:
        return FileResponse(by_name(ctx, filename), media_type="text/plain", filename=filename)

    return router
