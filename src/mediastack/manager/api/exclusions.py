"""Import list exclusions over the API in each original's words.

Sonarr mounts them on ``importlistexclusion`` (``tvdbId``, ``title``; plus ``/paged``),
Radarr on ``exclusions`` (``tmdbId``, ``movieTitle``, ``movieYear``; plus ``/paged`` and
``/bulk``), Lidarr on ``importlistexclusion`` (``foreignId``, ``artistName``). The store
keeps the external id as text, so one router serves all three; Kometa (arrapi) and bulk
scripts read and write them, and ``DELETE series/{id}?addImportListExclusion=true`` adds one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class ExclusionNames:
    route: str  # "importlistexclusion" (Sonarr, Lidarr), "exclusions" (Radarr)
    id_field: str  # "tvdbId", "tmdbId", "foreignId"
    id_message: str  # the original's validation message for a missing id
    numeric: bool  # a positive integer id (TVDB, TMDB) or a non-empty text (MusicBrainz)
    title_field: str  # "title", "movieTitle", "artistName"
    year_field: str | None = None  # "movieYear"
    title_required: bool = False  # Sonarr refuses an empty title
    bulk_add: bool = False  # Radarr's ``POST exclusions/bulk``


SONARR_EXCLUSIONS = ExclusionNames(
    "importlistexclusion",
    "tvdbId",
    "'Tvdb Id' must not be empty.",
    True,
    "title",
    title_required=True,
)
RADARR_EXCLUSIONS = ExclusionNames(
    "exclusions",
    "tmdbId",
    "'Tmdb Id' must be greater than '0'.",
    True,
    "movieTitle",
    "movieYear",
    bulk_add=True,
)
LIDARR_EXCLUSIONS = ExclusionNames(
    "importlistexclusion", "foreignId", "'Foreign Id' must not be empty.", False, "artistName"
)


def exclusion_resource(names: ExclusionNames, exclusion: Exclusion) -> dict[str, Any]:
    key: object = exclusion.external_id
    if names.numeric:
        key = int(exclusion.external_id) if exclusion.external_id.isdigit() else 0
    resource: dict[str, Any] = {
        "id": exclusion.id,
        names.id_field: key,
        names.title_field: exclusion.title,
    }
    if names.year_field:
        resource[names.year_field] = exclusion.year
    return resource


def _field(name: str) -> str:
    return name[:1].upper() + name[1:]


def _checked(
    names: ExclusionNames, body: Mapping[str, Any], existing: Exclusion | None
) -> tuple[str, str, int]:
    """(external id, title, year) of a body; a 400 in the original's error array if the id
    is missing or of the wrong kind (``0`` or ``""`` are what the originals reject)."""
    fallback: object = existing.external_id if existing else None
    key = body.get(names.id_field, fallback)
    if names.numeric and isinstance(key, str) and key.isdigit():
        key = int(key)
    if names.numeric:
        valid = isinstance(key, int) and not isinstance(key, bool) and key > 0
    else:
        valid = isinstance(key, str) and bool(key.strip())
    errors = []
    if not valid:
        errors.append(FieldError(_field(names.id_field), names.id_message, key))
    title = body.get(names.title_field, existing.title if existing else "")
    if names.title_required and not (isinstance(title, str) and title.strip()):
        message = f"'{_field(names.title_field)}' must not be empty."
        errors.append(FieldError(_field(names.title_field), message, title))
    if errors:
        raise ApiError(400, errors[0].message, errors)
    year = body.get(names.year_field, existing.year if existing else 0) if names.year_field else 0
    return (
        str(key).strip(),
        title.strip() if isinstance(title, str) else "",
        year if isinstance(year, int) and not isinstance(year, bool) else 0,
    )


def exclusions_router(
    domain: ManagerDomain, store: ImportListExclusionStore, names: ExclusionNames
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    route = f"/{names.route}"

    def resource(exclusion: Exclusion) -> dict[str, Any]:
        return exclusion_resource(names, exclusion)

    def missing(exclusion_id: object) -> ApiError:
        return ApiError(404, f"Import list exclusion with ID {exclusion_id} does not exist")

    def save(exclusion_id: int | None, key: str, title: str, year: int) -> Exclusion:
        try:
            saved = store.save(exclusion_id, key, title, year)
        except ExclusionExistsError as exc:
            value: object = int(key) if names.numeric else key
            error = FieldError(_field(names.id_field), str(exc), value)
            raise ApiError(400, str(exc), [error]) from exc
        if saved is None:
            raise missing(exclusion_id)
        return saved

    @router.get(route)
    async def list_all() -> list[dict[str, Any]]:
        return [resource(e) for e in await asyncio.to_thread(store.page, 0, None, False)]

    @router.get(f"{route}/paged")
    async def paged(
        page: int = 1, pageSize: int = 10, sortKey: str = "id", sortDirection: str = "descending"
    ) -> dict[str, Any]:
        page, size = max(page, 1), min(max(pageSize, 1), MAX_PAGE_SIZE)
        descending = newest_first(sortDirection)
        total = await asyncio.to_thread(store.count)
        found = await asyncio.to_thread(store.page, (page - 1) * size, size, descending)
        return envelope(page, size, "id", descending, total, [resource(e) for e in found])

    @router.get(f"{route}/{{exclusion_id}}")
    async def get_one(exclusion_id: int) -> dict[str, Any]:
        found = await asyncio.to_thread(store.get, exclusion_id)
        if found is None:
            raise missing(exclusion_id)
        return resource(found)

    @router.post(route, status_code=201)
    async def add(request: Request) -> dict[str, Any]:
        key, title, year = _checked(names, await json_body(request), None)
        return resource(await asyncio.to_thread(save, None, key, title, year))

    async def add_many(request: Request) -> list[dict[str, Any]]:
        """All checked before any is stored; ones already excluded are skipped, as Radarr."""
        try:
            raw = await request.json()
        except ValueError:
            raise ApiError(400, "Request body is not valid JSON") from None
        if not isinstance(raw, list) or not all(isinstance(b, dict) for b in raw):
            raise ApiError(400, "Request body must be a JSON array of exclusions")
        wanted = [_checked(names, body, None) for body in raw]
        added = []
        for key, title, year in wanted:
            if await asyncio.to_thread(store.find, key) is None:
                added.append(await asyncio.to_thread(save, None, key, title, year))
        return [resource(e) for e in added]

    if names.bulk_add:
        router.post(f"{route}/bulk")(add_many)

    @router.put(f"{route}/{{exclusion_id}}", status_code=202)
    @router.put(route, status_code=202)
    async def update(request: Request, exclusion_id: int | None = None) -> dict[str, Any]:
        body = await json_body(request)
        target = exclusion_id if exclusion_id is not None else body.get("id")
        existing = await asyncio.to_thread(store.get, target) if isinstance(target, int) else None
        if existing is None:
            raise missing(target)
        key, title, year = _checked(names, body, existing)
        return resource(await asyncio.to_thread(save, existing.id, key, title, year))

    @router.delete(f"{route}/bulk")
    async def delete_many(request: Request) -> dict[str, Any]:
        for exclusion_id in body_ids(await json_body(request), "ids"):
            await asyncio.to_thread(store.delete, exclusion_id)
        return {}

    @router.delete(f"{route}/{{exclusion_id}}")
    async def delete(exclusion_id: int) -> Response:
        if not await asyncio.to_thread(store.delete, exclusion_id):
            raise missing(exclusion_id)
        return Response(status_code=200)

    return router
