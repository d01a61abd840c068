"""The library: the poster grid, an item's page, and what a person does to an item there
(monitor, search, refresh, delete, monitor one episode / season / album).

Everything goes through the compat API in-process; forms post and redirect back with a
sentence, so the pages work without JavaScript, and ``app.js`` keeps the live parts fresh.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from mediastack.web.manager.api import ApiCallError, ManagerApi, api_for
from mediastack.web.manager.details import DETAILS, item_queue, optional
from mediastack.web.manager.kinds import Card, LibraryKind, kind_of
from mediastack.web.manager.render import (
    not_found_from,
    page_id,
    render,
    render_fragment,
)
from mediastack.web.pages import User, redirect_back, require_same_origin

__all__ = ["FILTERS", "SORTS", "library_router", "select_cards"]

FILTERS: tuple[tuple[str, str], ...] = (
    ("all", "All"),
    ("monitored", "Monitored"),
    ("unmonitored", "Unmonitored"),
    ("missing", "Missing"),
)
SORTS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("year", "Year"),
    ("added", "Date added"),
    ("size", "Size on disk"),
    ("progress", "Progress"),
)
_SORT_KEYS: dict[str, Callable[[Card], Any]] = {
    "title": lambda c: c.sort_title,
    "year": lambda c: (c.year or 0, c.sort_title),
    "added": lambda c: c.added,
    "size": lambda c: c.size,
    "progress": lambda c: (c.percent, c.sort_title),
}
_NEWEST_FIRST = {"year", "added", "size"}
_SHOW: dict[str, Callable[[Card], bool]] = {
    "monitored": lambda c: c.monitored,
    "unmonitored": lambda c: not c.monitored,
    "missing": lambda c: c.missing,
}


def select_cards(cards: list[Card], show: str, sort: str, text: str) -> list[Card]:
    """Filter and order the grid the way the toolbar says; unknown values mean the default."""
    wanted: Callable[[Card], bool] = _SHOW.get(show, lambda _c: True)
    needle = text.strip().lower()
    chosen = [c for c in cards if wanted(c) and (not needle or needle in c.title.lower())]
    key = _SORT_KEYS.get(sort, _SORT_KEYS["title"])
    return sorted(chosen, key=key, reverse=sort in _NEWEST_FIRST)


async def fetch_item(api: ManagerApi, kind: LibraryKind, item_id: int) -> dict[str, Any]:
    try:
        item: dict[str, Any] = await api.get(f"/{kind.resource}/{item_id}")
    except ApiCallError as exc:
        raise not_found_from(exc, kind.noun) from exc
    return item


Item = dict[str, Any]
Outcome = tuple[str, str]  # where to go back to, and the sentence to show there


def _here(item: Item) -> str:
    return f"/library/{item['id']}"


def _ticked(value: str) -> bool:
    return value.lower() in ("true", "on", "1")


async def _act(
    request: Request,
    raw_id: str,
    action: Callable[[ManagerApi, LibraryKind, Item], Awaitable[Outcome]],
    failure: str = "",
) -> Response:
    """Do ``action`` to the item; back to its page with what happened, or why not (the
    API's own sentence, or a form value that makes no sense)."""
    kind = kind_of(request)
    item_id = page_id(raw_id, kind.noun)
    async with api_for(request) as api:
        item = await fetch_item(api, kind, item_id)
        try:
            target, sentence = await action(api, kind, item)
        except (ApiCallError, ValueError) as exc:
            return redirect_back(_here(item), error=f"{failure}{exc}")
    return redirect_back(target, message=sentence)


def library_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    same_origin = [Depends(require_same_origin)]

    @router.get("/library")
    async def grid(
        request: Request, user: User, show: str = "all", sort: str = "title", q: str = ""
    ) -> Response:
        kind = kind_of(request)
        async with api_for(request) as api:
            items = await api.get(f"/{kind.resource}")
        cards = [kind.card(item) for item in items]
        return render(
            request,
            "manager/library.html",
            user=user,
            active="/library",
            cards=select_cards(cards, show, sort, q),
            total=len(cards),
            show=show if show in dict(FILTERS) else "all",
            sort=sort if sort in dict(SORTS) else "title",
            q=q,
            filters=FILTERS,
            sorts=[s for s in SORTS if s[0] != "year" or kind.has_year],
        )

    @router.get("/library/{raw_id}")
    async def detail(
        request: Request, user: User, raw_id: str, message: str = "", error: str = ""
    ) -> Response:
        kind = kind_of(request)
        item_id = page_id(raw_id, kind.noun)
        async with api_for(request) as api:
            item = await fetch_item(api, kind, item_id)
            queue = await item_queue(api, kind, item_id)
            parts = await DETAILS[kind.role].load(api, item, queue)
            history = await optional(
                api.get(kind.history_path, **{kind.child_param: item_id}, **kind.history_embeds)
            )
            profiles = {p["id"]: p["name"] for p in await api.get("/qualityprofile")}
        return render(
            request,
            kind.detail_template,
            user=user,
            active="/library",
            item=item,
            card=kind.card(item),
            parts=parts,
            history=history,
            queue=queue,
            profile=profiles.get(item.get("qualityProfileId"), "—"),
            message=message,
            error=error,
        )

    @router.get("/library/{raw_id}/live")
    async def live(request: Request, _user: User, raw_id: str) -> Response:
        """The item's changing parts (queue, file status), refreshed by ``app.js``."""
        kind = kind_of(request)
        item_id = page_id(raw_id, kind.noun)
        async with api_for(request) as api:
            item = await fetch_item(api, kind, item_id)
            queue = await item_queue(api, kind, item_id)
            parts = await DETAILS[kind.role].load(api, item, queue)
        return render_fragment(
            request, DETAILS[kind.role].live_template, item=item, parts=parts, queue=queue
        )

    @router.post("/library/{raw_id}/monitor", dependencies=same_origin)
    async def monitor(
        request: Request,
        _user: User,
        raw_id: str,
        monitored: Annotated[str, Form()] = "",
        scope: Annotated[str, Form()] = "",
        value: Annotated[str, Form()] = "",
    ) -> Response:
        """Monitor or unmonitor the item, or one of its seasons, episodes or albums."""
        wanted = _ticked(monitored)

        async def action(api: ManagerApi, kind: LibraryKind, item: Item) -> Outcome:
            if scope:
                return _here(item), await DETAILS[kind.role].monitor(
                    api, item, scope, value, wanted
                )
            await api.put(f"/{kind.resource}/{item['id']}", {**item, "monitored": wanted})
            word = "Monitored" if wanted else "Unmonitored"
            return _here(item), f"{word} {item[kind.title_field]}."

        return await _act(request, raw_id, action)

    @router.post("/library/{raw_id}/search", dependencies=same_origin)
    async def search(
        request: Request,
        _user: User,
        raw_id: str,
        scope: Annotated[str, Form()] = "",
        value: Annotated[str, Form()] = "",
    ) -> Response:
        """The automatic search: the decision engine picks and grabs the best release."""

        async def action(api: ManagerApi, kind: LibraryKind, item: Item) -> Outcome:
            body, what = DETAILS[kind.role].search_command(item, scope, value)
            await api.post("/command", body)
            return _here(item), f"Searching for {what}."

        return await _act(request, raw_id, action, failure="Search not started: ")

    @router.post("/library/{raw_id}/refresh", dependencies=same_origin)
    async def refresh(request: Request, _user: User, raw_id: str) -> Response:
        async def action(api: ManagerApi, kind: LibraryKind, item: Item) -> Outcome:
            await api.post("/command", kind.refresh(item["id"]))
            return _here(item), f"Refreshing {item[kind.title_field]} and rescanning its folder."

        return await _act(request, raw_id, action)

    @router.post("/library/{raw_id}/delete", dependencies=same_origin)
    async def delete(
        request: Request,
        _user: User,
        raw_id: str,
        deleteFiles: Annotated[str, Form()] = "",
    ) -> Response:
        with_files = _ticked(deleteFiles)

        async def action(api: ManagerApi, kind: LibraryKind, item: Item) -> Outcome:
            flag = str(with_files).lower()
            await api.delete(f"/{kind.resource}/{item['id']}", deleteFiles=flag)
            files = " and its files" if with_files else ""
            return "/library", f"Deleted {item[kind.title_field]}{files}."

        return await _act(request, raw_id, action)

    return router
