"""``/api/v2/torrents`` write side: add, delete, start/stop, queue, limits, files, trackers.

Each endpoint is a thin translation of qBittorrent's form into one engine call. Bulk
operations take ``hashes=a|b`` or ``all`` and ignore unknown hashes (qBittorrent answers
200 for them); single-torrent ones answer 404. Both verb generations are mounted:
``stop``/``start`` (qBittorrent 5, WebAPI 2.11) and ``pause``/``resume`` (4.x).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse, Response

from mediastack.core.http import ApiError
from mediastack.torrent.api.adding import add_from_request, confined_path
from mediastack.torrent.api.auth import require_session
from mediastack.torrent.api.deps import api_state, engine_of
from mediastack.torrent.api.forms import Params, bad_request, read_params
from mediastack.torrent.engine import (
    FilePriority,
    InvalidArgumentError,
    ShareLimitAction,
    TorrentEngine,
    TorrentEngineError,
)

log = logging.getLogger(__name__)

_OK = ""
# qBittorrent 5's per-torrent ``shareLimitAction`` names ("Default" inherits).
_SHARE_ACTIONS: dict[str, ShareLimitAction | None] = {
    "Default": None,
    "Stop": ShareLimitAction.PAUSE,
    "Remove": ShareLimitAction.REMOVE,
    "RemoveWithContent": ShareLimitAction.REMOVE_WITH_FILES,
}
_PRIORITIES = frozenset(int(p) for p in FilePriority)


def _text(body: str = _OK) -> Response:
    return PlainTextResponse(body)


def _selected(engine: TorrentEngine, p: Params) -> list[str]:
    """The ids of ``hashes=`` ("all" = every torrent); unknown ids pass through harmlessly."""
    hashes = p.hashes()
    return engine.hashes() if hashes is None else hashes


def _refresh_later(engine: TorrentEngine, info_hash: str, delay: float = 0.3) -> None:
    """Refresh one torrent's cached status shortly after a change libtorrent applies
    asynchronously (file priorities change ``size`` only once its disk thread ran), because
    libtorrent posts no status update for a stopped torrent."""

    def refresh() -> None:
        # Removed meanwhile, or the engine stopped: nothing to refresh.
        with contextlib.suppress(TorrentEngineError):
            engine.get(info_hash, refresh=True)

    asyncio.get_running_loop().call_later(delay, refresh)


def _require_queueing(engine: TorrentEngine) -> None:
    if not engine.settings.queueing_enabled:
        raise ApiError(409, "Torrent queueing must be enabled")


def torrents_write_router() -> APIRouter:
    router = APIRouter(prefix="/api/v2/torrents", dependencies=[Depends(require_session)])

    @router.post("/add")
    async def add(request: Request) -> Response:
        state = api_state(request)
        engine = engine_of(request)
        p = await read_params(request)
        if not p.optional("urls") and not p.uploads:
            return _text("Fails.")  # qBittorrent: nothing to add is not an error
        result = await add_from_request(
            engine, p, state.api, state.settings.downloads_dir.resolve()
        )
        if (
            result.added
            and p.boolean("addToTopOfQueue", False)
            and engine.settings.queueing_enabled
        ):
            engine.queue_top(result.added)
        for info_hash in result.added:
            state.log.add(f"Added new torrent. Torrent: {info_hash}")
        for failure in result.failures:
            state.log.add(f"Failed to add torrent. {failure}", 4)
        return _text("Ok." if result.added else "Fails.")

    @router.post("/delete")
    async def delete(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        engine.delete(_selected(engine, p), delete_files=p.boolean("deleteFiles", False))
        return _text()

    async def _stop(request: Request) -> Response:
        engine = engine_of(request)
        engine.pause(_selected(engine, await read_params(request)))
        return _text()

    async def _start(request: Request) -> Response:
        engine = engine_of(request)
        engine.resume(_selected(engine, await read_params(request)))
        return _text()

    router.add_api_route("/stop", _stop, methods=["POST"])
    router.add_api_route("/pause", _stop, methods=["POST"])
    router.add_api_route("/start", _start, methods=["POST"])
    router.add_api_route("/resume", _start, methods=["POST"])

    @router.post("/recheck")
    async def recheck(request: Request) -> Response:
        engine = engine_of(request)
        engine.recheck(_selected(engine, await read_params(request)))
        return _text()

    @router.post("/reannounce")
    async def reannounce(request: Request) -> Response:
        engine = engine_of(request)
        engine.reannounce(_selected(engine, await read_params(request)))
        return _text()

    @router.post("/setForceStart")
    async def set_force_start(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        engine.set_force_start(_selected(engine, p), p.boolean("value"))
        return _text()

    @router.post("/setLocation")
    async def set_location(request: Request) -> Response:
        state = api_state(request)
        engine = engine_of(request)
        p = await read_params(request)
        location = p.text("location").strip()
        if not location:
            raise bad_request("Save path cannot be empty")
        path = confined_path(location, engine, state.settings.downloads_dir.resolve(), "location")
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError:
            raise ApiError(409, "Cannot make save path") from None
        engine.set_location(_selected(engine, p), path)
        return _text()

    @router.post("/rename")
    async def rename(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        info_hash = p.single_hash()
        engine.get(info_hash)
        try:
            engine.rename(info_hash, p.text("name"))
        except InvalidArgumentError:
            raise ApiError(409, "Incorrect torrent name") from None
        return _text()

    @router.post("/renameFile")
    async def rename_file(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        info_hash = p.single_hash()
        engine.get(info_hash)
        try:
            engine.rename_file(info_hash, p.text("oldPath"), p.text("newPath"))
        except InvalidArgumentError as exc:
            raise ApiError(409, str(exc)) from None
        return _text()

    @router.post("/renameFolder")
    async def rename_folder(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        info_hash = p.single_hash()
        engine.get(info_hash)
        try:
            engine.rename_folder(info_hash, p.text("oldPath"), p.text("newPath"))
        except InvalidArgumentError as exc:
            raise ApiError(409, str(exc)) from None
        return _text()

    @router.post("/filePrio")
    async def file_prio(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        info_hash = p.single_hash()
        priority = p.integer("priority")
        if priority not in _PRIORITIES:
            raise bad_request("Priority is not valid")
        try:
            indexes = [int(i) for i in p.separated("id", "|")]
        except ValueError:
            raise bad_request("File IDs must be integers") from None
        torrent = engine.get(info_hash)
        if not torrent.has_metadata:
            raise ApiError(409, "Torrent's metadata has not yet downloaded")
        try:
            engine.set_file_priority(info_hash, indexes, priority)
        except InvalidArgumentError as exc:
            raise ApiError(409, f"File ID is not valid: {exc}") from None
        _refresh_later(engine, info_hash)
        return _text()

    @router.post("/setDownloadLimit")
    async def set_download_limit(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        engine.set_download_limit(_selected(engine, p), max(0, p.integer("limit")))
        return _text()

    @router.post("/setUploadLimit")
    async def set_upload_limit(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        engine.set_upload_limit(_selected(engine, p), max(0, p.integer("limit")))
        return _text()

    @router.post("/toggleSequentialDownload")
    async def toggle_sequential(request: Request) -> Response:
        engine = engine_of(request)
        for t in engine.torrents(hashes=_selected(engine, await read_params(request))):
            engine.set_sequential([t.hash], not t.seq_dl)
        return _text()

    @router.post("/toggleFirstLastPiecePrio")
    async def toggle_first_last(request: Request) -> Response:
        engine = engine_of(request)
        for t in engine.torrents(hashes=_selected(engine, await read_params(request))):
            engine.set_first_last_piece_priority([t.hash], not t.f_l_piece_prio)
        return _text()

    @router.post("/setShareLimits")
    async def set_share_limits(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        raw_action = p.text("shareLimitAction", "Default")
        if raw_action not in _SHARE_ACTIONS:
            raise bad_request(f"unsupported shareLimitAction {raw_action!r}")
        engine.set_share_limits(
            _selected(engine, p),
            p.number("ratioLimit"),
            p.integer("seedingTimeLimit"),
            _SHARE_ACTIONS[raw_action],
        )
        return _text()

    @router.post("/setAutoManagement")
    async def set_auto_management(request: Request) -> Response:
        """Accepted and ignored: there is no automatic torrent management (``auto_tmm``
        is always false), so manual mode is the only mode."""
        p = await read_params(request)
        p.hashes()
        p.boolean("enable", False)
        return _text()

    @router.post("/setSuperSeeding")
    async def set_super_seeding(request: Request) -> Response:
        """Accepted and ignored, as on a libtorrent build without super-seeding."""
        p = await read_params(request)
        p.hashes()
        p.boolean("value", False)
        return _text()

    def _queue(op: str) -> Any:
        async def handler(request: Request) -> Response:
            engine = engine_of(request)
            p = await read_params(request)
            _require_queueing(engine)
            getattr(engine, op)(_selected(engine, p))
            return _text()

        return handler

    router.add_api_route("/topPrio", _queue("queue_top"), methods=["POST"])
    router.add_api_route("/bottomPrio", _queue("queue_bottom"), methods=["POST"])
    router.add_api_route("/increasePrio", _queue("queue_up"), methods=["POST"])
    router.add_api_route("/decreasePrio", _queue("queue_down"), methods=["POST"])

    @router.post("/addPeers")
    async def add_peers(request: Request) -> dict[str, dict[str, int]]:
        engine = engine_of(request)
        p = await read_params(request)
        peers = p.separated("peers", "|")
        if not peers:
            raise bad_request("No valid peers were specified")
        try:
            result = engine.add_peers(_selected(engine, p), peers)
        except InvalidArgumentError:
            raise bad_request("No valid peers were specified") from None
        return {h: {"added": a, "failed": f} for h, (a, f) in result.items()}

    @router.post("/addTrackers")
    async def add_trackers(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        info_hash = p.single_hash()
        urls = [u.strip() for u in p.text("urls").splitlines() if u.strip()]
        engine.get(info_hash)
        engine.add_trackers(info_hash, urls)
        return _text()

    @router.post("/editTracker")
    async def edit_tracker(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        info_hash = p.single_hash()
        orig, new = p.text("origUrl").strip(), p.text("newUrl").strip()
        engine.get(info_hash)
        if not new:
            raise bad_request("New tracker URL is invalid")
        try:
            engine.edit_tracker(info_hash, orig, new)
        except InvalidArgumentError as exc:
            raise ApiError(409, str(exc)) from None
        return _text()

    @router.post("/removeTrackers")
    async def remove_trackers(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        info_hash = p.single_hash()
        engine.get(info_hash)
        engine.remove_trackers(info_hash, p.separated("urls", "|"))
        return _text()

    @router.post("/addWebSeeds")
    async def add_web_seeds(request: Request) -> Response:
        return await _change_web_seeds(request, TorrentEngine.add_web_seeds)

    @router.post("/editWebSeed")
    async def edit_web_seed(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        info_hash, orig, new = p.single_hash(), p.text("origUrl"), p.text("newUrl")
        engine.get(info_hash)
        engine.edit_web_seed(info_hash, orig, new)
        return _text()

    @router.post("/removeWebSeeds")
    async def remove_web_seeds(request: Request) -> Response:
        return await _change_web_seeds(request, TorrentEngine.remove_web_seeds)

    @router.api_route("/export", methods=["GET", "POST"])
    async def export(request: Request) -> Response:
        engine = engine_of(request)
        p = await read_params(request)
        try:
            blob = engine.export_torrent(p.single_hash())
        except InvalidArgumentError as exc:
            raise ApiError(409, str(exc)) from None
        return Response(blob, media_type="application/x-bittorrent")

    return router


async def _change_web_seeds(
    request: Request, change: Callable[[TorrentEngine, str, Sequence[str]], None]
) -> Response:
    """``hash`` and ``urls`` (``a|b``): 404 for an unknown torrent before any URL check."""
    engine = engine_of(request)
    p = await read_params(request)
    info_hash, urls = p.single_hash(), p.separated("urls", "|")
    engine.get(info_hash)
    change(engine, info_hash, urls)
    return _text()
