"""Adding to the library: search the metadata provider, choose where and how, add.

The lookup and the add are the compat API's own (``/series/lookup`` + ``POST /series`` and
their movie and artist twins), so an item added here is exactly what an API client would
have added. The form carries only the identity of the chosen result (``tvdbId`` ...); the
service fetches the metadata itself, as it does for any client.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from mediastack.web.manager.api import ApiCallError, ManagerApi, api_for
from mediastack.web.manager.details import optional
from mediastack.web.manager.kinds import LibraryKind, kind_of
from mediastack.web.manager.render import render
from mediastack.web.pages import User, redirect_back, require_same_origin

__all__ = ["add_body", "add_router", "remote_poster"]

AVAILABILITIES = (("announced", "Announced"), ("inCinemas", "In cinemas"), ("released", "Released"))


def remote_poster(result: dict[str, Any]) -> str | None:
    """A lookup result's poster at the provider (it is not in our cache before the add)."""
    if result.get("remotePoster"):
        return str(result["remotePoster"])
    for image in result.get("images") or []:
        if image.get("coverType") in ("poster", "cover") and image.get("remoteUrl"):
            return str(image["remoteUrl"])
    return None


def _identity_value(raw: str) -> int | str:
    return int(raw) if raw.isdigit() else raw


def add_body(kind: LibraryKind, form: dict[str, str]) -> dict[str, Any]:
    """The ``POST /{resource}`` body the form describes, in the original's field names."""
    monitor = form.get("monitor") or kind.monitor_options[0].value
    body: dict[str, Any] = {
        name: _identity_value(form[name])
        for name in kind.identity_fields
        if form.get(name, "").strip()
    }
    body |= {
        "rootFolderPath": form.get("rootFolderPath", ""),
        "qualityProfileId": int(form["qualityProfileId"])
        if form.get("qualityProfileId", "").isdigit()
        else 0,
        "monitored": monitor != "none",
        "addOptions": {
            "monitor": monitor,
            kind.search_on_add: form.get("search", "").lower() in ("true", "on", "1"),
        },
    }
    if kind.noun == "series":
        body["seasonFolder"] = True
    if kind.metadata_profiles:
        raw = form.get("metadataProfileId", "")
        body["metadataProfileId"] = int(raw) if raw.isdigit() else 0
    if kind.minimum_availability:
        body["minimumAvailability"] = form.get("minimumAvailability") or "released"
    return body


async def _choices(api: ManagerApi, kind: LibraryKind) -> dict[str, Any]:
    """What the add form offers: root folders, quality and metadata profiles."""
    metadata = await optional(api.get("/metadataprofile")) if kind.metadata_profiles else None
    return {
        "roots": await api.get("/rootfolder"),
        "profiles": await api.get("/qualityprofile"),
        "metadata_profiles": metadata or [],
        "availabilities": AVAILABILITIES,
    }


def add_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/add")
    async def add_page(
        request: Request, user: User, term: str = "", message: str = "", error: str = ""
    ) -> Response:
        kind = kind_of(request)
        results: list[dict[str, Any]] = []
        owned: dict[str, int] = {}
        async with api_for(request) as api:
            choices = await _choices(api, kind)
            if term.strip():
                try:
                    results = await api.get(f"/{kind.resource}/lookup", term=term.strip())
                except ApiCallError as exc:
                    error = error or f"The search failed: {exc.message}"
                key = kind.identity_fields[0]
                owned = {
                    str(item.get(key)): int(item["id"])
                    for item in await api.get(f"/{kind.resource}")
                }
        shown = [
            {
                **r,
                "poster_remote": remote_poster(r),
                "in_library": owned.get(str(r.get(kind.identity_fields[0]))),
            }
            for r in results
        ]
        return render(
            request,
            "manager/add.html",
            user=user,
            active="/add",
            term=term,
            results=shown,
            message=message,
            error=error,
            **choices,
        )

    @router.post("/add", dependencies=[Depends(require_same_origin)])
    async def add(request: Request, _user: User) -> Response:
        kind = kind_of(request)
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        back = "/add?" + urlencode({"term": form.get("term", "")})
        async with api_for(request) as api:
            try:
                added = await api.post(f"/{kind.resource}", add_body(kind, form))
            except ApiCallError as exc:
                return redirect_back(back, error=f"Not added: {exc.message}")
        title = added.get(kind.title_field) or "it"
        return redirect_back(f"/library/{added['id']}", message=f"Added {title}.")

    return router
