"""Activity: the download queue with live progress, the history and the blocklist.

Read and changed through the compat API in-process (``queue``, ``history``,
``blocklist``), so the page and API clients always agree. The queue is a live region:
``app.js`` swaps in ``/activity/queue/live`` every 2 s. The API's queue is what the last
``RefreshMonitoredDownloads`` saw, and the schedule runs that once a minute; so while
somebody watches the queue the page asks for it more often (at most every
``REFRESH_SECONDS`` per service, waiting briefly for the answer), and a bar moves while
the page is open without the service polling its download clients that often for nobody.
"""

from __future__ import annotations

import contextlib
import re
import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from mediastack.core.http import context_of
from mediastack.web.manager.api import ApiCallError, ManagerApi, api_for
from mediastack.web.manager.details import optional
from mediastack.web.manager.filters import words
from mediastack.web.manager.kinds import kind_of
from mediastack.web.manager.render import page_id, render, render_fragment
from mediastack.web.manager.settings_forms import act, checked, page_number, paged
from mediastack.web.manager.system import wait_for_command
from mediastack.web.pages import User, back_target, redirect_back, require_same_origin

__all__ = ["EVENT_FILTERS", "REFRESH_SECONDS", "event_label", "queue_row", "router"]

REFRESH_SECONDS = 2.0
REFRESH_WAIT_SECONDS = 2.0
_TIMESPAN = re.compile(r"^(?:(\d+)\.)?(\d+):(\d\d):(\d\d)(?:\.\d+)?$")
_REFRESHED_AT = "web_queue_refreshed_at"
QUEUE_PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 25
BLOCKLIST_PAGE_SIZE = 25

# Asking for every kind's joined records: each manager ignores the others' flags.
_INCLUDE = {
    "includeSeries": "true",
    "includeEpisode": "true",
    "includeMovie": "true",
    "includeArtist": "true",
    "includeAlbum": "true",
}

# The event types all three originals share, as the history filter offers them.
EVENT_FILTERS: tuple[tuple[str, str], ...] = (
    ("", "All events"),
    ("grabbed", "Grabbed"),
    ("downloadFolderImported", "Imported"),
    ("downloadFailed", "Failed"),
    ("downloadIgnored", "Ignored"),
)
_EVENT_WORDS = {
    "downloadFolderImported": "Imported",
    "downloadFailed": "Download failed",
    "downloadIgnored": "Ignored",
    "grabbed": "Grabbed",
    "trackFileImported": "Track imported",
    "albumImportIncomplete": "Import incomplete",
    "downloadImported": "Imported",
}

TABS: tuple[tuple[str, str], ...] = (
    ("Queue", "/activity/queue"),
    ("History", "/activity/history"),
    ("Blocklist", "/activity/blocklist"),
)


def event_label(event_type: str) -> str:
    """``episodeFileRenamed`` -> ``Episode file renamed``, with the common ones named as
    the originals' pages name them."""
    return _EVENT_WORDS.get(event_type) or words(event_type) or "Unknown"


def timespan_seconds(text: object) -> int | None:
    """.NET TimeSpan text (``1.02:03:04.5``, ``02:03:04``) as whole seconds; None if unreadable."""
    match = _TIMESPAN.match(text) if isinstance(text, str) else None
    if match is None:
        return None
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return days * 86400 + hours * 3600 + minutes * 60 + seconds


def _quality(record: dict[str, Any]) -> str:
    quality = record.get("quality") or {}
    inner = quality.get("quality") if isinstance(quality, dict) else None
    return str(inner.get("name") or "") if isinstance(inner, dict) else ""


def item_of(record: dict[str, Any], child_param: str) -> tuple[str, str, int | None]:
    """(what the record is for, the part of it, the library item's id), whatever the kind:
    a series and an episode, a movie, or an artist and an album."""
    part = ""
    if isinstance(record.get("episode"), dict):
        episode = record["episode"]
        part = f"S{episode.get('seasonNumber', 0):02d}E{episode.get('episodeNumber', 0):02d}"
        if episode.get("title"):
            part += f" · {episode['title']}"
    elif isinstance(record.get("album"), dict):
        part = str(record["album"].get("title") or "")
    title = ""
    for key, field in (("series", "title"), ("movie", "title"), ("artist", "artistName")):
        joined = record.get(key)
        if isinstance(joined, dict) and joined.get(field):
            title = str(joined[field])
            break
    item_id = record.get(child_param)
    return title, part, item_id if isinstance(item_id, int) and item_id > 0 else None


def queue_row(record: dict[str, Any], child_param: str) -> dict[str, Any]:
    """What one queue line shows: names, state, progress and the client's messages."""
    size = float(record.get("size") or 0)
    left = float(record.get("sizeleft") or 0)
    done = (size - left) / size if size > 0 else 0.0
    title, part, item_id = item_of(record, child_param)
    messages = [
        message
        for group in record.get("statusMessages") or []
        for message in [group.get("title") or "", *(group.get("messages") or [])]
        if message
    ]
    return {
        "id": record.get("id"),
        "release": str(record.get("title") or ""),
        "title": title,
        "part": part,
        "item_id": item_id,
        "quality": _quality(record),
        "protocol": str(record.get("protocol") or ""),
        "client": str(record.get("downloadClient") or ""),
        "indexer": str(record.get("indexer") or ""),
        "status": str(record.get("status") or ""),
        "state": str(record.get("trackedDownloadState") or ""),
        "health": str(record.get("trackedDownloadStatus") or "ok"),
        "size": size,
        "left": left,
        "progress": max(0.0, min(1.0, done)),
        "seconds_left": timespan_seconds(record.get("timeleft")),
        "messages": messages,
        "error": str(record.get("errorMessage") or ""),
    }


async def _refresh_clients(request: Request, api: ManagerApi, *, force: bool = False) -> None:
    """Ask the download clients for news, at most every ``REFRESH_SECONDS`` per service."""
    ctx = context_of(request)
    now = time.monotonic()
    if not force and now - float(ctx.extras.get(_REFRESHED_AT, 0.0)) < REFRESH_SECONDS:
        return
    ctx.extras[_REFRESHED_AT] = now
    queued = await api.post("/command", {"name": "RefreshMonitoredDownloads"})
    await wait_for_command(api, int(queued["id"]), REFRESH_WAIT_SECONDS)


async def _queue_context(request: Request, page: int) -> dict[str, Any]:
    kind_param = _child_param(request)
    async with api_for(request) as api:
        with contextlib.suppress(ApiCallError):  # no download tracking: show what there is
            await _refresh_clients(request, api)
        found = await optional(
            api.get(
                "/queue",
                page=page,
                pageSize=QUEUE_PAGE_SIZE,
                sortKey="added",  # the order the clients download in; stable while it moves
                sortDirection="ascending",
                includeUnknownSeriesItems="true",
                includeUnknownMovieItems="true",
                includeUnknownArtistItems="true",
                **_INCLUDE,
            )
        )
    return paged(found, page, QUEUE_PAGE_SIZE, lambda r: queue_row(r, kind_param))


def _child_param(request: Request) -> str:
    return kind_of(request).child_param


def _history_row(record: dict[str, Any], child_param: str) -> dict[str, Any]:
    title, part, item_id = item_of(record, child_param)
    raw = record.get("data")
    data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    details = [
        (label, str(data[key]))
        for key, label in (
            ("indexer", "Indexer"),
            ("downloadClient", "Client"),
            ("downloadClientName", "Client"),
            ("importedPath", "Imported to"),
            ("droppedPath", "From"),
            ("reason", "Reason"),
            ("message", "Message"),
        )
        if data.get(key)
    ]
    event = str(record.get("eventType") or "")
    return {
        "id": record.get("id"),
        "date": str(record.get("date") or ""),
        "event": event,
        "event_label": event_label(event),
        "release": str(record.get("sourceTitle") or ""),
        "title": title,
        "part": part,
        "item_id": item_id,
        "quality": _quality(record),
        "details": details,
    }


def _blocklist_row(record: dict[str, Any], child_param: str) -> dict[str, Any]:
    title, _part, item_id = item_of(record, child_param)
    return {
        "id": record.get("id"),
        "date": str(record.get("date") or ""),
        "release": str(record.get("sourceTitle") or ""),
        "title": title,
        "item_id": item_id,
        "quality": _quality(record),
        "protocol": str(record.get("protocol") or ""),
        "indexer": str(record.get("indexer") or ""),
        "message": str(record.get("message") or ""),
    }


def router() -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    same_origin = [Depends(require_same_origin)]

    @routes.get("/activity")
    def activity(_user: User) -> Response:
        return RedirectResponse("/activity/queue", status_code=303)

    @routes.get("/activity/queue")
    async def queue(
        request: Request, user: User, page: str = "1", message: str = "", error: str = ""
    ) -> Response:
        number = page_number(page)
        values = await _queue_context(request, number)
        return render(
            request,
            "manager/activity_queue.html",
            user=user,
            active="/activity",
            tabs=TABS,
            tab="/activity/queue",
            message=message,
            error=error,
            live_url=f"/activity/queue/live?page={number}",
            **values,
        )

    @routes.get("/activity/queue/live")
    async def queue_live(request: Request, _user: User, page: str = "1") -> Response:
        values = await _queue_context(request, page_number(page))
        return render_fragment(request, "manager/activity_queue_list.html", **values)

    @routes.post("/activity/queue/refresh", dependencies=same_origin)
    async def refresh(request: Request, _user: User) -> Response:
        async with api_for(request) as api:
            try:
                await _refresh_clients(request, api, force=True)
            except ApiCallError as exc:
                return redirect_back("/activity/queue", error=exc.message)
        return redirect_back("/activity/queue", message="Asked the download clients for news.")

    @routes.post("/activity/queue/{raw_id}/remove", dependencies=same_origin)
    async def remove(
        request: Request,
        _user: User,
        raw_id: str,
        removeFromClient: Annotated[str, Form()] = "",
        blocklist: Annotated[str, Form()] = "",
        title: Annotated[str, Form()] = "",
    ) -> Response:
        path = f"/queue/{page_id(raw_id, 'queue item')}"
        options = {
            "removeFromClient": str(checked(removeFromClient)).lower(),
            "blocklist": str(checked(blocklist)).lower(),
        }
        extra = " and blocklisted" if checked(blocklist) else ""
        return await act(
            request,
            lambda api: api.delete(path, **options),
            back=back_target(request, "/activity/queue"),
            done=f"{title or 'The download'} was removed from the queue{extra}.",
            refused="Not removed",
        )

    @routes.get("/activity/history")
    async def history(
        request: Request,
        user: User,
        page: str = "1",
        eventType: str = "",
        message: str = "",
        error: str = "",
    ) -> Response:
        number = page_number(page)
        event = eventType if eventType in dict(EVENT_FILTERS) else ""
        child_param = _child_param(request)
        async with api_for(request) as api:
            found = await optional(
                api.get(
                    "/history",
                    page=number,
                    pageSize=HISTORY_PAGE_SIZE,
                    sortKey="date",
                    sortDirection="descending",
                    eventType=event or None,
                    **_INCLUDE,
                )
            )
        return render(
            request,
            "manager/activity_history.html",
            user=user,
            active="/activity",
            tabs=TABS,
            tab="/activity/history",
            **paged(found, number, HISTORY_PAGE_SIZE, lambda r: _history_row(r, child_param)),
            event=event,
            events=EVENT_FILTERS,
            message=message,
            error=error,
        )

    @routes.post("/activity/history/{raw_id}/failed", dependencies=same_origin)
    async def mark_failed(request: Request, _user: User, raw_id: str) -> Response:
        path = f"/history/failed/{page_id(raw_id, 'history event')}"
        return await act(
            request,
            lambda api: api.post(path, {}),
            back=back_target(request, "/activity/history"),
            done="Marked as failed; the release is blocklisted and searched again.",
            refused="Not marked as failed",
        )

    @routes.get("/activity/blocklist")
    async def blocklist(
        request: Request, user: User, page: str = "1", message: str = "", error: str = ""
    ) -> Response:
        number = page_number(page)
        child_param = _child_param(request)
        async with api_for(request) as api:
            found = await optional(
                api.get(
                    "/blocklist",
                    page=number,
                    pageSize=BLOCKLIST_PAGE_SIZE,
                    sortKey="date",
                    sortDirection="descending",
                    **_INCLUDE,
                )
            )
        return render(
            request,
            "manager/activity_blocklist.html",
            user=user,
            active="/activity",
            tabs=TABS,
            tab="/activity/blocklist",
            **paged(found, number, BLOCKLIST_PAGE_SIZE, lambda r: _blocklist_row(r, child_param)),
            message=message,
            error=error,
        )

    @routes.post("/activity/blocklist/{raw_id}/remove", dependencies=same_origin)
    async def unblock(request: Request, _user: User, raw_id: str) -> Response:
        path = f"/blocklist/{page_id(raw_id, 'blocklist entry')}"
        return await act(
            request,
            lambda api: api.delete(path),
            back=back_target(request, "/activity/blocklist"),
            done="Removed from the blocklist; it may be grabbed again.",
            refused="Not removed",
        )

    return routes
