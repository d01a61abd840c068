"""The torrent service's own web page: the list with progress and speeds, add, pause,
resume, delete, filters by category and state.

It is a thin layer over the same pieces the WebAPI uses (``engine_of`` for the running
engine, ``add_from_request`` for adding, ``select_torrents`` for filtering,
``engine_error_status`` for the sentences), so the page and qBittorrent clients can never
disagree about what an action does. Forms post and redirect back (no JavaScript needed);
``app.js`` refreshes the list from ``/torrents/fragment`` every 2 s.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from mediastack.core.http import ApiError, ServiceContext, context_of
from mediastack.torrent.api.adding import add_from_request
from mediastack.torrent.api.deps import api_state, engine_of
from mediastack.torrent.api.errors import engine_error_status
from mediastack.torrent.api.forms import Params, read_params
from mediastack.torrent.api.torrents import select_torrents
from mediastack.torrent.engine import (
    ETA_INFINITY,
    TorrentEngine,
    TorrentEngineError,
    TorrentInfo,
    TorrentNotFoundError,
    TorrentState,
)
from mediastack.web.pages import (
    User,
    add_nav_link,
    back_target,
    page_context,
    redirect_back,
    require_same_origin,
    templates,
)

__all__ = ["PAGE", "STATE_FILTERS", "STATE_LABELS", "install_torrent_pages", "torrent_pages_router"]

PAGE = "/torrents"

# (value of ``state=``, label): a subset of ``torrents/info``'s filters that people use.
STATE_FILTERS: list[tuple[str, str]] = [
    ("all", "All"),
    ("downloading", "Downloading"),
    ("seeding", "Seeding"),
    ("completed", "Completed"),
    ("stopped", "Paused"),
    ("running", "Running"),
    ("active", "Active"),
    ("stalled", "Stalled"),
    ("checking", "Checking"),
    ("errored", "Errored"),
]
_STATE_VALUES = {value for value, _ in STATE_FILTERS}

# qBittorrent's state strings in words; the raw string stays in ``data-state``.
STATE_LABELS: dict[TorrentState, str] = {
    TorrentState.ERROR: "Error",
    TorrentState.MISSING_FILES: "Missing files",
    TorrentState.UPLOADING: "Seeding",
    TorrentState.STOPPED_UP: "Paused",
    TorrentState.QUEUED_UP: "Queued to seed",
    TorrentState.STALLED_UP: "Seeding (idle)",
    TorrentState.CHECKING_UP: "Checking",
    TorrentState.FORCED_UP: "Seeding (forced)",
    TorrentState.ALLOCATING: "Allocating",
    TorrentState.DOWNLOADING: "Downloading",
    TorrentState.META_DL: "Fetching metadata",
    TorrentState.FORCED_META_DL: "Fetching metadata (forced)",
    TorrentState.STOPPED_DL: "Paused",
    TorrentState.QUEUED_DL: "Queued",
    TorrentState.STALLED_DL: "Stalled",
    TorrentState.CHECKING_DL: "Checking",
    TorrentState.FORCED_DL: "Downloading (forced)",
    TorrentState.CHECKING_RESUME_DATA: "Checking resume data",
    TorrentState.MOVING: "Moving",
    TorrentState.UNKNOWN: "Unknown",
}

# ``category=`` of the page: "all", "none" (uncategorised) or "c:<name>", so that no real
# category name can be mistaken for one of the two special choices.
_ALL, _NONE, _NAMED = "all", "none", "c:"


def _category_filter(raw: str) -> str | None:
    """The engine's category argument for the page's ``category=`` value."""
    if raw == _NONE:
        return ""
    if raw.startswith(_NAMED):
        return raw[len(_NAMED) :]
    return None


def _eta(t: TorrentInfo) -> int:
    """Seconds left, or -1 for "unknown" (the engine's 100-day sentinel, or nothing moving)."""
    if t.progress >= 1:
        return 0
    return -1 if t.eta >= ETA_INFINITY or t.eta < 0 else t.eta


def _list_context(request: Request, engine: TorrentEngine) -> dict[str, Any]:
    """The filtered, name-sorted torrents plus the filter choices (page and fragment)."""
    category = request.query_params.get("category", _ALL)
    state = request.query_params.get("state", "all")
    if state not in _STATE_VALUES:
        state = "all"
    torrents = select_torrents(
        engine, hashes=None, category=_category_filter(category), tag=None, state=state
    )
    torrents.sort(key=lambda t: (t.name.casefold(), t.hash))
    return {
        "torrents": [{"t": t, "eta": _eta(t)} for t in torrents],
        "category": category,
        "state": state,
        "categories": sorted(engine.categories(), key=str.casefold),
        "states": STATE_FILTERS,
        "state_labels": STATE_LABELS,
        "fragment_url": f"{PAGE}/fragment?{request.url.query}"
        if request.url.query
        else f"{PAGE}/fragment",
        "total": len(engine.hashes()),
    }


def _checked(form: Params, name: str) -> bool:
    """An HTML checkbox: present ("on") when ticked, absent otherwise."""
    return form.text(name, "").strip().lower() in ("on", "true", "1")


def _uploads(p: Params) -> list[tuple[str, UploadFile]]:
    """Chosen files only: a browser sends an empty, nameless part for an empty file input."""
    return [(name, u) for name, u in p.uploads if u.filename and (u.size is None or u.size > 0)]


def torrent_pages_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    same_origin = [Depends(require_same_origin)]

    @router.get(PAGE)
    def torrents_page(request: Request, user: User, message: str = "", error: str = "") -> Response:
        ctx = context_of(request)
        engine = engine_of(request)
        return templates.TemplateResponse(
            request,
            "torrent/page.html",
            page_context(
                ctx,
                request,
                user=user,
                message=message,
                error=error,
                **_list_context(request, engine),
            ),
        )

    @router.get(f"{PAGE}/fragment")
    def torrents_fragment(request: Request, _user: User) -> Response:
        engine = engine_of(request)
        return templates.TemplateResponse(
            request, "torrent/list.html", _list_context(request, engine)
        )

    @router.post(f"{PAGE}/add", dependencies=same_origin)
    async def add(request: Request, _user: User) -> Response:
        """Files and/or magnet links (URLs too), into one category, as ``torrents/add``."""
        state = api_state(request)
        engine = engine_of(request)
        form = await read_params(request)
        links = "\n".join(
            line.strip() for line in form.text("magnets", "").splitlines() if line.strip()
        )
        p = Params(
            values={"urls": links, "category": form.text("category", "").strip()},
            uploads=_uploads(form),
        )
        if _checked(form, "paused"):
            p.values["stopped"] = "true"
        back = back_target(request, PAGE)
        if not links and not p.uploads:
            return redirect_back(back, error="Choose a .torrent file or paste a magnet link.")
        try:
            result = await add_from_request(
                engine, p, state.api, state.settings.downloads_dir.resolve()
            )
        except ApiError as exc:
            return redirect_back(back, error=exc.message)
        for info_hash in result.added:
            state.log.add(f"Added new torrent. Torrent: {info_hash}")
        for failure in result.failures:
            state.log.add(f"Failed to add torrent. {failure}", 4)
        if not result.added:
            return redirect_back(back, error="Nothing was added: " + "; ".join(result.failures))
        message = f"Added {len(result.added)} torrent{'s' if len(result.added) > 1 else ''}."
        if result.failures:
            message += " Not added: " + "; ".join(result.failures)
        return redirect_back(back, message=message)

    async def act(request: Request, info_hash: str, action: str) -> Response:
        engine = engine_of(request)
        info_hash = info_hash.strip().lower()
        back = back_target(request, PAGE)
        try:
            name = engine.get(info_hash).name
            if action == "pause":
                engine.pause([info_hash])
            elif action == "resume":
                engine.resume([info_hash])
            else:
                form = await read_params(request)
                engine.delete([info_hash], delete_files=_checked(form, "delete_files"))
                state = api_state(request)
                state.log.add(f"Removed torrent. Torrent: {info_hash}")
        except TorrentNotFoundError:
            return redirect_back(back, error="That torrent is no longer in the list.")
        except TorrentEngineError as exc:
            return redirect_back(back, error=engine_error_status(exc)[1])
        done = {"pause": "Paused", "resume": "Resumed", "delete": "Deleted"}[action]
        return redirect_back(back, message=f"{done}: {name}")

    @router.post(f"{PAGE}/{{info_hash}}/pause", dependencies=same_origin)
    async def pause(request: Request, _user: User, info_hash: str) -> Response:
        return await act(request, info_hash, "pause")

    @router.post(f"{PAGE}/{{info_hash}}/resume", dependencies=same_origin)
    async def resume(request: Request, _user: User, info_hash: str) -> Response:
        return await act(request, info_hash, "resume")

    @router.post(f"{PAGE}/{{info_hash}}/delete", dependencies=same_origin)
    async def delete(request: Request, _user: User, info_hash: str) -> Response:
        return await act(request, info_hash, "delete")

    return router


def install_torrent_pages(ctx: ServiceContext, app: FastAPI) -> None:
    """Mount the page and list it in the header next to Status and Settings."""
    add_nav_link(ctx, "Torrents", PAGE)
    app.include_router(torrent_pages_router())
