"""The torrent list: progress and speeds, qBittorrent's state and category filters with
counts, adding by file, magnet or URL, and pause, resume and delete.

It is a thin layer over the pieces the WebAPI uses (``engine_of`` for the running engine,
``add_from_request`` for adding, ``state_filter`` for the filters, ``engine_error_status``
for the sentences), so the page and qBittorrent clients can never disagree about what an
action does. Forms post and redirect back (no JavaScript needed); ``app.js`` refreshes the
list, the filter counts and the transfer totals from ``/torrents/fragment`` every 2 s,
from one read of the engine's status cache.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from mediastack.core.http import ApiError, context_of
from mediastack.torrent.api.adding import add_from_request
from mediastack.torrent.api.deps import api_state, engine_of
from mediastack.torrent.api.errors import engine_error_status
from mediastack.torrent.api.forms import Params, read_params
from mediastack.torrent.api.mapping import state_filter
from mediastack.torrent.engine import TorrentEngine, TorrentEngineError, TorrentNotFoundError
from mediastack.torrent.web.common import (
    GONE,
    PAGE,
    STATE_LABELS,
    back_to,
    checked,
    eta,
    state_class,
)
from mediastack.torrent.web.preferences import alt_mode
from mediastack.web.pages import User, page_context, redirect_back, require_same_origin, templates

__all__ = ["PAGE_SIZE", "STATE_FILTERS", "listing_router"]

# (``state=`` value, label): qBittorrent's status filters, in its sidebar's order.
STATE_FILTERS: list[tuple[str, str]] = [
    ("all", "All"),
    ("downloading", "Downloading"),
    ("seeding", "Seeding"),
    ("completed", "Completed"),
    ("running", "Resumed"),
    ("stopped", "Paused"),
    ("active", "Active"),
    ("inactive", "Inactive"),
    ("stalled", "Stalled"),
    ("stalled_uploading", "Stalled uploading"),
    ("stalled_downloading", "Stalled downloading"),
    ("checking", "Checking"),
    ("moving", "Moving"),
    ("errored", "Errored"),
]
_STATE_VALUES = {value for value, _ in STATE_FILTERS}
PAGE_SIZE = 100
"""Torrents per page: what one poll renders and sends stays bounded however many there are."""

# ``category=`` of the page: "all", "none" (uncategorised) or "c:<name>", so that no real
# category name can be mistaken for one of the two special choices.
_ALL, _NONE, _NAMED = "all", "none", "c:"


def _category_of(raw: str) -> str | None:
    """The category a ``category=`` value selects ("" = uncategorised, None = any)."""
    if raw == _NONE:
        return ""
    if raw.startswith(_NAMED):
        return raw[len(_NAMED) :]
    return None


def _href(category: str, state: str) -> str:
    return f"{PAGE}?{urlencode({'category': category, 'state': state})}"


def _page_number(raw: str | None) -> int:
    try:
        return int(raw or 1)
    except ValueError:
        return 1


def list_context(request: Request, engine: TorrentEngine) -> dict[str, Any]:
    """The filtered, name-sorted torrents, the filters with their counts and the session's
    totals (page and fragment): one snapshot of the status cache for all of it. Each count
    is the number of torrents its link would show (the other filter kept)."""
    category = request.query_params.get("category", _ALL)
    state = request.query_params.get("state", "all")
    if state not in _STATE_VALUES:
        state = "all"
    everything = engine.torrents()
    wanted = _category_of(category)
    in_category = [t for t in everything if wanted is None or t.category == wanted]
    keep = state_filter(state)
    torrents = sorted(
        (t for t in in_category if keep(t)), key=lambda t: (t.name.casefold(), t.hash)
    )
    per_category = Counter(t.category for t in everything if keep(t))
    states = [
        {
            "value": value,
            "label": label,
            "count": sum(1 for t in in_category if state_filter(value)(t)),
            "href": _href(category, value),
            "current": value == state,
        }
        for value, label in STATE_FILTERS
    ]
    names = sorted(engine.categories(), key=str.casefold)
    categories = [
        {"value": _ALL, "label": "All", "count": sum(per_category.values())},
        {"value": _NONE, "label": "Uncategorised", "count": per_category.get("", 0)},
        *({"value": _NAMED + n, "label": n, "count": per_category.get(n, 0)} for n in names),
    ]
    for entry in categories:
        entry["href"] = _href(str(entry["value"]), state)
        entry["current"] = entry["value"] == category
    pages = max(1, -(-len(torrents) // PAGE_SIZE))
    page = min(max(1, _page_number(request.query_params.get("page"))), pages)
    shown = torrents[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    query = request.url.query
    return {
        "torrents": [{"t": t, "eta": eta(t), "badge": state_class(t)} for t in shown],
        "matching": len(torrents),
        "page": page,
        "pages": pages,
        "page_hrefs": {
            n: f"{PAGE}?{urlencode({'category': category, 'state': state, 'page': n})}"
            for n in (page - 1, page + 1)
            if 1 <= n <= pages
        },
        "category": category,
        "state": state,
        "categories": names,
        "category_filters": categories,
        "state_filters": states,
        "state_labels": STATE_LABELS,
        "transfer": engine.transfer_info(),
        "alt_mode": alt_mode(api_state(request)),
        # the rows' own rates summed: libtorrent averages them per torrent, where the
        # session counters' delta between two stats alerts can read 0 for a moment
        "down": sum(t.dlspeed for t in everything),
        "up": sum(t.upspeed for t in everything),
        "fragment_url": f"{PAGE}/fragment?{query}" if query else f"{PAGE}/fragment",
        "total": len(everything),
    }


# One torrent's buttons (``/torrents/<hash>/<action>``) and the word their flash starts with.
_ACTIONS = {
    "pause": "Paused",
    "resume": "Resumed",
    "recheck": "Checking",
    "reannounce": "Reannounced",
    "delete": "Deleted",
}


def _uploads(p: Params) -> list[tuple[str, UploadFile]]:
    """Chosen files only: a browser sends an empty, nameless part for an empty file input."""
    return [(name, u) for name, u in p.uploads if u.filename and (u.size is None or u.size > 0)]


def _add_params(form: Params) -> Params:
    """The page's add form as ``torrents/add`` parameters: links one per line, and only
    the options actually filled in (an empty save path means the category's default)."""
    links = "\n".join(line.strip() for line in form.text("urls", "").splitlines() if line.strip())
    values = {"urls": links, "category": form.text("category", "").strip()}
    for page_name, api_name in (("savepath", "savepath"), ("tags", "tags")):
        text = form.text(page_name, "").strip()
        if text:
            values[api_name] = text
    if checked(form.values, "paused"):
        values["stopped"] = "true"
    return Params(values=values, uploads=_uploads(form))


def listing_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    same_origin = [Depends(require_same_origin)]

    @router.get(PAGE)
    def torrents_page(request: Request, user: User, message: str = "", error: str = "") -> Response:
        engine = engine_of(request)
        return templates.TemplateResponse(
            request,
            "torrent/page.html",
            page_context(
                context_of(request),
                request,
                user=user,
                message=message,
                error=error,
                default_save_path=str(engine.settings.save_path),
                tags=engine.tags(),
                **list_context(request, engine),
            ),
        )

    @router.get(f"{PAGE}/fragment")
    def torrents_fragment(request: Request, _user: User) -> Response:
        """The list for the poller, with an ETag: an unchanged list (idle torrents) is
        answered 304 with no body, and the browser hands the poller its cached copy."""
        engine = engine_of(request)
        response = templates.TemplateResponse(
            request, "torrent/list.html", list_context(request, engine)
        )
        tag = f'"{hashlib.blake2b(bytes(response.body), digest_size=12).hexdigest()}"'
        headers = {"ETag": tag, "Cache-Control": "no-cache"}
        if request.headers.get("if-none-match") == tag:
            return Response(status_code=304, headers=headers)
        response.headers.update(headers)
        return response

    @router.post(f"{PAGE}/add", dependencies=same_origin)
    async def add(request: Request, _user: User) -> Response:
        """Files, magnet links and URLs with category, save path, tags and "paused", as
        ``torrents/add`` takes them (URLs are fetched before the answer)."""
        state = api_state(request)
        engine = engine_of(request)
        back = back_to(request, PAGE)
        try:
            p = _add_params(await read_params(request))
        except ApiError as exc:
            return redirect_back(back, error=exc.message)
        if not p.values["urls"] and not p.uploads:
            return redirect_back(back, error="Choose a .torrent file or paste a link.")
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
        """One torrent's button: back to the page it was pressed on (the list, with its
        filters, or the torrent's own page; after a delete, the list)."""
        engine = engine_of(request)
        info_hash = info_hash.strip().lower()
        back = back_to(request, PAGE, f"{PAGE}/{info_hash}")
        try:
            name = engine.get(info_hash).name
            if action == "delete":
                form = await read_params(request)
                engine.delete([info_hash], delete_files=checked(form.values, "delete_files"))
                api_state(request).log.add(f"Removed torrent. Torrent: {info_hash}")
                back = back_to(request, PAGE)
            else:
                run = {
                    "pause": engine.pause,
                    "resume": engine.resume,
                    "recheck": engine.recheck,
                    "reannounce": engine.reannounce,
                }[action]
                run([info_hash])
        except TorrentNotFoundError:
            return redirect_back(back_to(request, PAGE), error=GONE)
        except TorrentEngineError as exc:
            return redirect_back(back, error=engine_error_status(exc)[1])
        except ApiError as exc:
            return redirect_back(back, error=exc.message)
        return redirect_back(back, message=f"{_ACTIONS[action]}: {name}")

    def action_route(action: str) -> Callable[..., Awaitable[Response]]:
        async def handler(request: Request, _user: User, info_hash: str) -> Response:
            return await act(request, info_hash, action)

        return handler

    for action in _ACTIONS:
        router.add_api_route(
            f"{PAGE}/{{info_hash}}/{action}",
            action_route(action),
            methods=["POST"],
            dependencies=same_origin,
        )

    return router
