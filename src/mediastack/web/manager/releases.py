"""Interactive search: every release the indexers offer for an item (or one season,
episode or album), each with the decision engine's verdict and reasons, and a Grab button.

The page renders at once and fetches the results from ``…/releases/results`` (indexers
can take seconds); without JavaScript, ``?now=1`` renders them inline. Grabbing posts the
release back to ``POST /release``, which takes it from the service's search cache, as the
originals' own UIs do.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from mediastack.web.manager.api import ApiCallError, ManagerApi, api_for
from mediastack.web.manager.details import DETAILS, optional
from mediastack.web.manager.kinds import LibraryKind, kind_of
from mediastack.web.manager.library import fetch_item
from mediastack.web.manager.render import (
    PageNotFound,
    not_found_from,
    page_id,
    render,
    render_fragment,
)
from mediastack.web.pages import User, redirect_back, require_same_origin

__all__ = ["releases_router"]


async def _search(
    api: ManagerApi, kind: LibraryKind, item: dict[str, Any], scope: str, value: str
) -> list[dict[str, Any]] | None:
    """The releases, or ``None`` where this service has no interactive search yet."""
    params, _ = DETAILS[kind.role].release_query(item, scope, value)
    found: list[dict[str, Any]] | None = await optional(api.get("/release", **params))
    return found


async def _scope(
    api: ManagerApi, kind: LibraryKind, item: dict[str, Any], scope: str, value: str
) -> str:
    """What the search is for, in words; a scope this manager lacks, or a season, episode
    or album that is not the item's, is a 404 page."""
    if scope not in DETAILS[kind.role].scopes:
        raise PageNotFound(f"A {kind.noun} has no interactive search by “{scope or 'item'}”.")
    try:
        return await DETAILS[kind.role].describe(api, item, scope, value)
    except ValueError as exc:
        raise PageNotFound(str(exc)) from exc
    except ApiCallError as exc:
        raise not_found_from(exc, scope or kind.noun) from exc


def releases_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/library/{raw_id}/releases")
    async def releases_page(
        request: Request,
        user: User,
        raw_id: str,
        scope: str = "",
        value: str = "",
        now: bool = False,
        error: str = "",
    ) -> Response:
        kind = kind_of(request)
        item_id = page_id(raw_id, kind.noun)
        async with api_for(request) as api:
            item = await fetch_item(api, kind, item_id)
            what = await _scope(api, kind, item, scope, value)
            releases = await _search(api, kind, item, scope, value) if now else None
        query = urlencode({"scope": scope, "value": value})
        return render(
            request,
            "manager/releases.html",
            user=user,
            active="/library",
            item=item,
            title=item[kind.title_field],
            what=what,
            scope=scope,
            value=value,
            now=now,
            releases=releases,
            results_url=f"/library/{item_id}/releases/results?{query}",
            error=error,
        )

    @router.get("/library/{raw_id}/releases/results")
    async def results(
        request: Request, _user: User, raw_id: str, scope: str = "", value: str = ""
    ) -> Response:
        kind = kind_of(request)
        item_id = page_id(raw_id, kind.noun)
        async with api_for(request) as api:
            item = await fetch_item(api, kind, item_id)
            await _scope(api, kind, item, scope, value)
            try:
                releases = await _search(api, kind, item, scope, value)
                failure = ""
            except ApiCallError as exc:
                releases, failure = [], exc.message
        return render_fragment(
            request,
            "manager/releases_list.html",
            item=item,
            releases=releases,
            failure=failure,
            scope=scope,
            value=value,
        )

    @router.post("/library/{raw_id}/releases/grab", dependencies=[Depends(require_same_origin)])
    async def grab(
        request: Request,
        _user: User,
        raw_id: str,
        guid: Annotated[str, Form()] = "",
        indexerId: Annotated[str, Form()] = "0",
        title: Annotated[str, Form()] = "",
        scope: Annotated[str, Form()] = "",
        value: Annotated[str, Form()] = "",
    ) -> Response:
        kind = kind_of(request)
        item_id = page_id(raw_id, kind.noun)
        body = {"guid": guid, "indexerId": int(indexerId) if indexerId.isdigit() else 0}
        async with api_for(request) as api:
            await fetch_item(api, kind, item_id)
            try:
                await api.post("/release", body)
            except ApiCallError as exc:
                back = f"/library/{item_id}/releases?" + urlencode({"scope": scope, "value": value})
                return redirect_back(back, error=f"Not grabbed: {exc.message}")
        return redirect_back(
            f"/library/{item_id}",
            message=f"Grabbed {title or 'the release'}: it is on its way to the download client.",
        )

    return router
