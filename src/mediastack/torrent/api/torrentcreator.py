"""``/api/v2/torrentcreator``: make .torrent files from downloaded data (WebAPI 2.10.4).

The engine's :class:`~mediastack.torrent.engine.creation.TorrentCreator` does the work in a
worker thread; this module reads qBittorrent's parameters, confines every path to the
downloads tree (a path outside is ``403``, as for ``savepath``; qBittorrent would read or
write anywhere the process can) and shapes ``status`` as qBittorrent 5.1 does, timestamps
in Qt's text format.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse, Response

from mediastack.core.http import ApiError
from mediastack.torrent.api.adding import allowed_roots, confined_path
from mediastack.torrent.api.auth import require_session
from mediastack.torrent.api.deps import TorrentApiState, api_state, engine_of
from mediastack.torrent.api.forms import Params, bad_request, read_params
from mediastack.torrent.engine import AddTorrentOptions, InvalidArgumentError
from mediastack.torrent.engine.creation import (
    CreationParams,
    CreationTask,
    TaskStatus,
    TorrentCreator,
)

log = logging.getLogger(__name__)


def qt_text_date(when: datetime) -> str:
    """``QDateTime::toString()``'s default text format: ``Tue Nov 3 08:05:56 2026``."""
    return f"{when:%a %b} {when.day} {when:%H:%M:%S %Y}"


def make_creator(state: TorrentApiState) -> TorrentCreator:
    engine = state.engine
    downloads = state.settings.downloads_dir.resolve()

    def seed(torrent: bytes, save_path: Path) -> None:
        engine.add_torrent_file(torrent, AddTorrentOptions(save_path=save_path, skip_checking=True))

    return TorrentCreator(lambda: allowed_roots(engine, downloads), seed)


class CreatorRunner:
    """Works through queued tasks in one worker thread while there are any.

    A service component: stopping it cancels the tasks and waits for the one running.
    """

    name = "torrent-creator"

    def __init__(self, creator: TorrentCreator) -> None:
        self.creator = creator
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        return None

    def kick(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> None:
        while await asyncio.to_thread(self.creator.run_next):
            pass

    async def stop(self) -> None:
        self.creator.cancel_all()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)


def _params(p: Params, state: TorrentApiState) -> CreationParams:
    engine = state.engine
    downloads = state.settings.downloads_dir.resolve()
    source = confined_path(p.text("sourcePath"), engine, downloads, "sourcePath")
    raw_target = (p.optional("torrentFilePath") or "").strip()
    target = confined_path(raw_target, engine, downloads, "torrentFilePath") if raw_target else None
    try:
        return CreationParams(
            source_path=source,
            torrent_file_path=target,
            private=p.optional_bool("private") or False,
            format=_format(p.optional("format")),
            piece_size=p.integer("pieceSize", 0),
            comment=p.optional("comment") or "",
            source=p.optional("source") or "",
            trackers=tuple(t.strip() for t in (p.optional("trackers") or "").split("|")),
            url_seeds=tuple(p.separated("urlSeeds", "|", "")),
            start_seeding=p.boolean("startSeeding", target is None),
        )
    except InvalidArgumentError as exc:
        raise bad_request(str(exc)) from None


def _format(raw: str | None) -> str:
    """qBittorrent's parsing: ``v1`` or ``v2``, anything else is a hybrid torrent."""
    value = (raw or "").strip().lower()
    return value if value in ("v1", "v2") else "hybrid"


def _task_json(task: CreationTask) -> dict[str, Any]:
    params = task.params
    row: dict[str, Any] = {
        "taskID": task.id,
        "sourcePath": str(params.source_path),
        "pieceSize": params.piece_size,
        "private": params.private,
        "timeAdded": qt_text_date(task.added),
        "format": params.format,
        "status": task.status.value,
    }
    if params.comment:
        row["comment"] = params.comment
    if params.torrent_file_path is not None:
        row["torrentFilePath"] = str(params.torrent_file_path)
    if params.source:
        row["source"] = params.source
    if any(params.trackers):
        row["trackers"] = list(params.trackers)
    if params.url_seeds:
        row["urlSeeds"] = list(params.url_seeds)
    if task.started is not None:
        row["timeStarted"] = qt_text_date(task.started)
    if task.finished is not None:
        row["timeFinished"] = qt_text_date(task.finished)
        if task.error:
            row["errorMessage"] = task.error
        else:
            row["pieceSize"] = task.result_piece_size
    elif task.status is TaskStatus.RUNNING:
        row["progress"] = task.progress
    return row


def torrentcreator_router(runner: CreatorRunner) -> APIRouter:
    router = APIRouter(prefix="/api/v2/torrentcreator", dependencies=[Depends(require_session)])
    creator = runner.creator

    def require(task_id: str) -> CreationTask:
        task = creator.get(task_id)
        if task is None:
            raise ApiError(404, "Not Found")
        return task

    @router.post("/addTask")
    async def add_task(request: Request) -> dict[str, str]:
        engine_of(request)
        params = _params(await read_params(request), api_state(request))
        task = creator.add(params)
        if task is None:
            raise ApiError(409, "Too many active tasks")
        runner.kick()
        log.info("torrent creation %s queued for %s", task.id, params.source_path)
        return {"taskID": task.id}

    @router.api_route("/status", methods=["GET", "POST"])
    async def status(request: Request) -> list[dict[str, Any]]:
        task_id = (await read_params(request)).optional("taskID") or ""
        tasks = [require(task_id)] if task_id else creator.tasks()
        return [_task_json(t) for t in tasks]

    @router.api_route("/torrentFile", methods=["GET", "POST"])
    async def torrent_file(request: Request) -> Response:
        task = require((await read_params(request)).text("taskID"))
        if task.finished is None:
            raise ApiError(409, "Torrent creation is still unfinished.")
        if task.error or task.torrent is None:
            raise ApiError(409, "Torrent creation failed.")
        return Response(
            task.torrent,
            media_type="application/x-bittorrent",
            headers={"Content-Disposition": f'attachment; filename="{task.id}.torrent"'},
        )

    @router.post("/deleteTask", response_class=PlainTextResponse)
    async def delete_task(request: Request) -> str:
        if not creator.delete((await read_params(request)).text("taskID")):
            raise ApiError(404, "Not Found")
        return ""

    return router
