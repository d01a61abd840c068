"""Wanted: monitored items without a file (missing) and files below their profile's cutoff
(cutoff unmet), a page at a time, with searches for some or all of them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from mediastack.web.manager.api import ApiCallError, api_for
from mediastack.web.manager.details import optional
from mediastack.web.manager.entries import WANTED
from mediastack.web.manager.kinds import LibraryKind, kind_of
from mediastack.web.manager.render import PageNotFound, render
from mediastack.web.pages import User, redirect_back, require_same_origin

__all__ = ["PAGE_SIZE", "WANTED_LISTS", "wanted_router"]

PAGE_SIZE = 25
WANTED_LISTS = (("missing", "Missing"), ("cutoff", "Cutoff unmet"))


def _list_name(which: str) -> str:
    if which not in dict(WANTED_LISTS):
        raise PageNotFound("There is no such wanted list.")
    return which


def _search_all(kind: LibraryKind, which: str) -> dict[str, Any]:
    return {"name": kind.missing_search if which == "missing" else kind.cutoff_search}


def wanted_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/wanted")
    def wanted_home(_user: User) -> Response:
        return RedirectResponse("/wanted/missing", status_code=303)

    @router.get("/wanted/{which}")
    async def wanted(
        request: Request,
        user: User,
        which: str,
        page: int = 1,
        message: str = "",
        error: str = "",
    ) -> Response:
        kind = kind_of(request)
        listing = WANTED[kind.role]
        which = _list_name(which)
        page = max(1, page)
        async with api_for(request) as api:
            data = await optional(
                api.get(
                    f"/wanted/{which}",
                    page=page,
                    pageSize=PAGE_SIZE,
                    monitored="true",
                    **listing.params,
                )
            )
        rows = [e for r in (data or {}).get("records", []) for e in listing.read(r)]
        total = int((data or {}).get("totalRecords") or 0)
        return render(
            request,
            "manager/wanted.html",
            user=user,
            active="/wanted",
            which=which,
            lists=WANTED_LISTS,
            available=data is not None,
            rows=rows,
            total=total,
            page=page,
            pages=max(1, -(-total // PAGE_SIZE)),
            message=message,
            error=error,
        )

    @router.post("/wanted/{which}/search", dependencies=[Depends(require_same_origin)])
    async def search(request: Request, _user: User, which: str) -> Response:
        """``only`` (one row's button), the ticked ``ids``, or ``all`` of the list."""
        kind = kind_of(request)
        which = _list_name(which)
        form = await request.form()
        back = f"/wanted/{which}"
        if form.get("all"):
            body, sentence = _search_all(kind, which), "Searching for everything on this list."
        else:
            raw = [form.get("only")] if form.get("only") else form.getlist("ids")
            ids = [int(v) for v in raw if isinstance(v, str) and v.isdigit()]
            if not ids:
                return redirect_back(back, error="Tick what to search for first.")
            body = kind.wanted_search(ids)
            sentence = f"Searching for {len(ids)} {'item' if len(ids) == 1 else 'items'}."
        async with api_for(request) as api:
            try:
                await api.post("/command", body)
            except ApiCallError as exc:
                return redirect_back(back, error=f"Search not started: {exc.message}")
        return redirect_back(back, message=sentence)

    return router
