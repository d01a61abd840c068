"""``/api/v2/search``: qBittorrent's search engine as it answers with no plugin installed.

qBittorrent searches through Python plugins that scrape torrent sites; the stack searches
through the managers' Torznab indexers instead and ships no plugin runtime. So the plugin
list is empty and a search ends at once with nothing found, exactly what a real
qBittorrent with no plugins answers (recorded against qbittorrent-nox): ``start`` gives an
id, ``status`` and ``results`` report ``Stopped`` with a total of 0, ``stop``/``delete``
work on that id and unknown ids are ``404``. Installing a plugin is accepted and logged as
not done, as qBittorrent reports a failed installation in its log.
"""

from __future__ import annotations

import logging
import secrets
from collections import OrderedDict
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse, Response

from mediastack.core.http import ApiError
from mediastack.torrent.api.adding import add_from_request
from mediastack.torrent.api.auth import require_session
from mediastack.torrent.api.deps import api_state, engine_of
from mediastack.torrent.api.forms import Params, read_params

log = logging.getLogger(__name__)

MAX_KEPT = 1000
"""Finished searches remembered until deleted; the oldest go first beyond this."""

_STOPPED = "Stopped"


class SearchJobs:
    """Search ids handed out (random positive 31-bit integers, as qBittorrent's)."""

    def __init__(self, capacity: int = MAX_KEPT) -> None:
        self._jobs: OrderedDict[int, dict[str, str]] = OrderedDict()
        self._capacity = capacity

    def start(self, pattern: str, category: str, plugins: str) -> int:
        while True:
            job_id = 1 + secrets.randbelow(2**31 - 1)
            if job_id not in self._jobs:
                break
        self._jobs[job_id] = {"pattern": pattern, "category": category, "plugins": plugins}
        while len(self._jobs) > self._capacity:
            self._jobs.popitem(last=False)
        return job_id

    def require(self, job_id: int) -> None:
        if job_id not in self._jobs:
            raise ApiError(404, "Not Found")

    def ids(self) -> list[int]:
        return list(self._jobs)

    def delete(self, job_id: int) -> None:
        self.require(job_id)
        del self._jobs[job_id]


def _id(p: Params, required: bool = True) -> int:
    """qBittorrent reads ids with ``toInt()``: anything unreadable is 0, i.e. unknown."""
    raw = p.text("id") if required else p.text("id", "0")
    try:
        return int(raw.strip())
    except ValueError:
        return 0


def _status(job_id: int) -> dict[str, Any]:
    return {"id": job_id, "status": _STOPPED, "total": 0}


def search_router(jobs: SearchJobs) -> APIRouter:
    router = APIRouter(prefix="/api/v2/search", dependencies=[Depends(require_session)])

    @router.post("/start")
    async def start(request: Request) -> dict[str, int]:
        p = await read_params(request)
        pattern, category, plugins = p.text("pattern"), p.text("category"), p.text("plugins")
        job_id = jobs.start(pattern.strip(), category.strip(), plugins)
        log.info("search %d for %r: no search plugin is installed, nothing found", job_id, pattern)
        return {"id": job_id}

    @router.post("/stop", response_class=PlainTextResponse)
    async def stop(request: Request) -> str:
        jobs.require(_id(await read_params(request)))
        return ""

    @router.api_route("/status", methods=["GET", "POST"])
    async def status(request: Request) -> list[dict[str, Any]]:
        job_id = _id(await read_params(request), required=False)
        if job_id == 0:
            return [_status(i) for i in jobs.ids()]
        jobs.require(job_id)
        return [_status(job_id)]

    @router.api_route("/results", methods=["GET", "POST"])
    async def results(request: Request) -> dict[str, Any]:
        p = await read_params(request)
        job_id = _id(p)
        jobs.require(job_id)
        if p.integer("offset", 0) != 0:  # there is no result to start from, either way
            raise ApiError(409, "Offset is out of range")
        return {"results": [], "status": _STOPPED, "total": 0}

    @router.post("/delete", response_class=PlainTextResponse)
    async def delete(request: Request) -> str:
        jobs.delete(_id(await read_params(request)))
        return ""

    @router.api_route("/plugins", methods=["GET", "POST"])
    async def plugins() -> list[dict[str, Any]]:
        return []

    @router.post("/installPlugin", response_class=PlainTextResponse)
    async def install_plugin(request: Request) -> str:
        for source in (await read_params(request)).text("sources").split("|"):
            log.warning("search plugin %r not installed: search plugins are not supported", source)
        return ""

    @router.post("/uninstallPlugin", response_class=PlainTextResponse)
    async def uninstall_plugin(request: Request) -> str:
        (await read_params(request)).text("names")
        return ""

    @router.post("/enablePlugin", response_class=PlainTextResponse)
    async def enable_plugin(request: Request) -> str:
        p = await read_params(request)
        p.text("names"), p.text("enable")
        return ""

    @router.post("/updatePlugins", response_class=PlainTextResponse)
    async def update_plugins() -> str:
        log.info("All plugins are already up to date.")
        return ""

    @router.post("/downloadTorrent")
    async def download_torrent(request: Request) -> Response:
        """Add the result's torrent (a magnet, or a URL fetched like ``torrents/add``)."""
        p = await read_params(request)
        url = p.text("torrentUrl").strip()
        p.text("pluginName")
        state = api_state(request)
        engine = engine_of(request)
        added = await add_from_request(
            engine, Params(values={"urls": url}), state.api, state.settings.downloads_dir.resolve()
        )
        for failure in added.failures:
            state.log.add(f"Failed to add torrent. {failure}", 4)
        return PlainTextResponse("")

    return router
