"""``importlistexclusion``: series the user does not want added back (by TVDB id).

Kometa (arrapi) reads and writes these; ``DELETE series/{id}?addImportListExclusion=true``
adds one. ``GET importlistexclusion`` is the originals' deprecated full list, ``/paged``
the paging envelope.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from mediastack.core.http import ApiError, FieldError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.import_list_exclusions import (
    Exclusion,
    ExclusionExistsError,
    ImportListExclusionStore,
)
from mediastack.manager.library.api_fields import body_ids
from mediastack.manager.library.paging import MAX_PAGE_SIZE, envelope, newest_first


def resource(exclusion: Exclusion) -> dict[str, Any]:
    tvdb = int(exclusion.external_id) if exclusion.external_id.isdigit() else 0
    return {"id": exclusion.id, "tvdbId": tvdb, "title": exclusion.title}


def _checked(body: Mapping[str, Any], existing: Exclusion | None) -> tuple[str, str]:
    errors = []
    tvdb = body.get("tvdbId", int(existing.external_id) if existing else 0)
    if isinstance(tvdb, bool) or not isinstance(tvdb, int) or tvdb <= 0:
        errors.append(FieldError("TvdbId", "'Tvdb Id' must not be empty.", tvdb))
    title = body.get("title", existing.title if existing else "")
    if not isinstance(title, str) or not title.strip():
        errors.append(FieldError("Title", "'Title' must not be empty.", title))
    if errors:
        raise ApiError(400, errors[0].message, errors)
    return str(tvdb), str(title).strip()


def importlistexclusion_router(domain: ManagerDomain, store: ImportListExclusionStore) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    def missing(exclusion_id: object) -> ApiError:
        return ApiError(404, f"Import list exclusion with ID {exclusion_id} does not exist")

    def save(exclusion_id: int | None, tvdb: str, title: str) -> Exclusion:
        try:
            saved = store.save(exclusion_id, tvdb, title)
        except ExclusionExistsError as exc:
            raise ApiError(400, str(exc), [FieldError("TvdbId", str(exc), int(tvdb))]) from exc
        if saved is None:
            raise missing(exclusion_id)
        return saved

    @router.get("/importlistexclusion")
    async def list_all() -> list[dict[str, Any]]:
        return [resource(e) for e in await asyncio.to_thread(store.page, 0, None, False)]

    @router.get("/importlistexclusion/paged")
    async def paged(
        page: int = 1, pageSize: int = 10, sortKey: str = "id", sortDirection: str = "descending"
    ) -> dict[str, Any]:
        page, size = max(page, 1), min(max(pageSize, 1), MAX_PAGE_SIZE)
        descending = newest_first(sortDirection)
        total = await asyncio.to_thread(store.count)
        found = await asyncio.to_thread(store.page, (page - 1) * size, size, descending)
        return envelope(page, size, "id", descending, total, [resource(e) for e in found])

    @router.get("/importlistexclusion/{exclusion_id}")
    async def get_one(exclusion_id: int) -> dict[str, Any]:
        found = await asyncio.to_thread(store.get, exclusion_id)
        if found is None:
            raise missing(exclusion_id)
        return resource(found)

    @router.post("/importlistexclusion", status_code=201)
    async def add(request: Request) -> dict[str, Any]:
        tvdb, title = _checked(await json_body(request), None)
        return resource(await asyncio.to_thread(save, None, tvdb, title))

    @router.put("/importlistexclusion/{exclusion_id}", status_code=202)
    @router.put("/importlistexclusion", status_code=202)
    async def update(request: Request, exclusion_id: int | None = None) -> dict[str, Any]:
        body = await json_body(request)
        target = exclusion_id if exclusion_id is not None else body.get("id")
        existing = await asyncio.to_thread(store.get, target) if isinstance(target, int) else None
        if existing is None:
            raise missing(target)
        tvdb, title = _checked(body, existing)
        return resource(await asyncio.to_thread(save, existing.id, tvdb, title))

    @router.delete("/importlistexclusion/bulk")
    async def delete_many(request: Request) -> dict[str, Any]:
        for exclusion_id in body_ids(await json_body(request), "ids"):
            await asyncio.to_thread(store.delete, exclusion_id)
        return {}

    @router.delete("/importlistexclusion/{exclusion_id}")
    async def delete(exclusion_id: int) -> Response:
        if not await asyncio.to_thread(store.delete, exclusion_id):
            raise missing(exclusion_id)
        return Response(status_code=200)

    return router
