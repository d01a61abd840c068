"""One torrent's page: general properties, files with editable priorities, peers and
trackers, and the actions qBittorrent's context menu has for them.

Everything is read from the engine objects the WebAPI reads (``TorrentInfo``, the files,
``trackers_json`` with its DHT/PeX/LSD rows, the peers) and every change goes through the
engine call the matching WebAPI endpoint makes, with that endpoint's refusals. The
properties, peers and trackers refresh from ``/torrents/<hash>/fragment``; the files table
holds the priority form, so it is only rebuilt when the page loads.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from mediastack.core.http import context_of
from mediastack.torrent.api.deps import engine_of
from mediastack.torrent.api.forms import read_params
from mediastack.torrent.api.mapping import trackers_json
from mediastack.torrent.engine import (
    CategoryError,
    FilePriority,
    InvalidArgumentError,
    TorrentEngine,
    TorrentInfo,
    TorrentNotFoundError,
)
from mediastack.torrent.web.common import GONE, PAGE, STATE_LABELS, TRACKER_LABELS, eta, state_class
from mediastack.web.pages import User, page_context, redirect_back, require_same_origin, templates

__all__ = ["PRIORITY_LABELS", "detail_router"]

PRIORITY_LABELS: dict[int, str] = {
    FilePriority.DO_NOT_DOWNLOAD: "Do not download",
    FilePriority.NORMAL: "Normal",
    FilePriority.HIGH: "High",
    FilePriority.MAXIMUM: "Maximum",
}
_SETTLE_S = 2.0
_FILE_FORM_SLACK = 8
"""Form fields beyond one per file that the priority form may carry."""


def _trackers(engine: TorrentEngine, t: TorrentInfo) -> list[dict[str, Any]]:
    """``torrents/trackers`` rows: DHT, PeX and LSD as qBittorrent lists them, then the
    torrent's own trackers."""
    s = engine.settings
    private = t.is_private
    return trackers_json(
        engine.trackers(t.hash),
        dht=s.enable_dht and not private,
        pex=s.enable_pex and not private,
        lsd=s.enable_lsd and not private,
    )


async def _applied(
    engine: TorrentEngine, info_hash: str, indexes: list[int], priority: int
) -> None:
    """Wait (briefly) until libtorrent reports a priority change: it applies them on its
    disk thread, and the next ``set_file_priority`` starts from the priorities it reports,
    so a second change sent at once could undo the first."""
    deadline = time.monotonic() + _SETTLE_S
    wanted = set(indexes)
    while time.monotonic() < deadline:
        files = engine.files(info_hash)
        if all(f.priority == priority for f in files if f.index in wanted):
            return
        await asyncio.sleep(0.02)


def _live_context(engine: TorrentEngine, t: TorrentInfo) -> dict[str, Any]:
    """What the polled part shows: properties, peers, trackers."""
    return {
        "t": t,
        "eta": eta(t),
        "badge": state_class(t),
        "state_labels": STATE_LABELS,
        "peers": sorted(engine.peers(t.hash), key=lambda p: (-p.dl_speed, p.ip, p.port)),
        "trackers": _trackers(engine, t),
        "tracker_labels": TRACKER_LABELS,
    }


def detail_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    same_origin = [Depends(require_same_origin)]

    def page(info_hash: str) -> str:
        return f"{PAGE}/{info_hash}"

    @router.get(f"{PAGE}/{{info_hash}}")
    def detail_page(
        request: Request, user: User, info_hash: str, message: str = "", error: str = ""
    ) -> Response:
        engine = engine_of(request)
        try:
            t = engine.get(info_hash.strip().lower())
        except TorrentNotFoundError:
            return redirect_back(PAGE, error=GONE)
        return templates.TemplateResponse(
            request,
            "torrent/detail.html",
            page_context(
                context_of(request),
                request,
                user=user,
                message=message,
                error=error,
                files=engine.files(t.hash),
                priorities=PRIORITY_LABELS,
                categories=sorted(engine.categories(), key=str.casefold),
                **_live_context(engine, t),
            ),
        )

    @router.get(f"{PAGE}/{{info_hash}}/fragment")
    def detail_fragment(request: Request, _user: User, info_hash: str) -> Response:
        engine = engine_of(request)
        try:
            t = engine.get(info_hash.strip().lower())
        except TorrentNotFoundError:
            return HTMLResponse(
                f'<p class="empty">{GONE} <a href="{PAGE}">Back to the list</a></p>'
            )
        return templates.TemplateResponse(
            request, "torrent/detail_live.html", _live_context(engine, t)
        )

    @router.post(f"{PAGE}/{{info_hash}}/files", dependencies=same_origin)
    async def file_priorities(request: Request, _user: User, info_hash: str) -> Response:
        """``prio-<index>`` per file; only the changed ones are sent to the engine, one
        ``filePrio`` call per priority, with that endpoint's checks."""
        engine = engine_of(request)
        info_hash = info_hash.strip().lower()
        back = page(info_hash)
        try:
            t = engine.get(info_hash)
            files = engine.files(info_hash)
        except TorrentNotFoundError:
            return redirect_back(PAGE, error=GONE)
        if not t.has_metadata:
            return redirect_back(back, error="Torrent's metadata has not yet downloaded")
        try:
            form = await request.form(max_fields=len(files) + _FILE_FORM_SLACK)
        except Exception:  # malformed or oversized form
            return redirect_back(back, error="The form could not be read.")
        current = {f.index: f.priority for f in files}
        changes: dict[int, list[int]] = defaultdict(list)
        for key, raw in form.multi_items():
            if not key.startswith("prio-") or not isinstance(raw, str):
                continue
            try:
                index, priority = int(key[len("prio-") :]), int(raw)
            except ValueError:
                return redirect_back(back, error="Priority is not valid")
            if index not in current:
                return redirect_back(back, error=f"File ID is not valid: {index}")
            if priority not in PRIORITY_LABELS:
                return redirect_back(back, error="Priority is not valid")
            if current[index] != priority:
                changes[priority].append(index)
        if not changes:
            return redirect_back(back, message="No priority changed.")
        try:
            for priority, indexes in changes.items():
                engine.set_file_priority(info_hash, indexes, priority)
                await _applied(engine, info_hash, indexes, priority)
        except InvalidArgumentError as exc:
            return redirect_back(back, error=f"File ID is not valid: {exc}")
        except TorrentNotFoundError:
            return redirect_back(PAGE, error=GONE)
        count = sum(len(i) for i in changes.values())
        return redirect_back(back, message=f"Changed the priority of {count} file(s).")

    @router.post(f"{PAGE}/{{info_hash}}/category", dependencies=same_origin)
    async def set_category(request: Request, _user: User, info_hash: str) -> Response:
        """``setCategory``: an existing category or none; the data does not move."""
        engine = engine_of(request)
        info_hash = info_hash.strip().lower()
        form = await read_params(request)
        category = form.text("category", "").strip()
        try:
            engine.get(info_hash)
            if category and category not in engine.categories():
                raise CategoryError(category)
            engine.set_category([info_hash], category)
        except TorrentNotFoundError:
            return redirect_back(PAGE, error=GONE)
        except CategoryError:
            return redirect_back(page(info_hash), error="Incorrect category name")
        shown = category or "none"
        return redirect_back(page(info_hash), message=f"Category set to {shown}.")

    @router.post(f"{PAGE}/{{info_hash}}/trackers/add", dependencies=same_origin)
    async def add_trackers(request: Request, _user: User, info_hash: str) -> Response:
        engine = engine_of(request)
        info_hash = info_hash.strip().lower()
        form = await read_params(request)
        urls = [u.strip() for u in form.text("urls", "").splitlines() if u.strip()]
        if not urls:
            return redirect_back(page(info_hash), error="Enter at least one tracker URL.")
        try:
            engine.get(info_hash)
            engine.add_trackers(info_hash, urls)
        except TorrentNotFoundError:
            return redirect_back(PAGE, error=GONE)
        return redirect_back(page(info_hash), message=f"Added {len(urls)} tracker(s).")

    @router.post(f"{PAGE}/{{info_hash}}/trackers/remove", dependencies=same_origin)
    async def remove_tracker(request: Request, _user: User, info_hash: str) -> Response:
        engine = engine_of(request)
        info_hash = info_hash.strip().lower()
        form = await read_params(request)
        url = form.text("url", "").strip()
        try:
            if url not in {tr.url for tr in engine.trackers(info_hash)}:
                return redirect_back(page(info_hash), error="That tracker is not in the list.")
            engine.remove_trackers(info_hash, [url])
        except TorrentNotFoundError:
            return redirect_back(PAGE, error=GONE)
        return redirect_back(page(info_hash), message=f"Removed tracker {url}")

    return router
