"""``metadataprofile``: which kinds of release group an artist's albums include.

Lidarr's resource lists every primary type, secondary type and release status with an
``allowed`` flag; we store only the allowed names, so a PUT round trip of a GET result
changes nothing, and unknown names are refused rather than silently dropped.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.music.api.resources import profile_resource
from mediastack.music.library.model import MetadataProfile
from mediastack.music.library.store import MusicLibraryStore, ProfileInUseError
from mediastack.music.metadata.musicbrainz_mapping import (
    PRIMARY_TYPES,
    RELEASE_STATUSES,
    SECONDARY_TYPES,
)

_LISTS = (
    ("primaryAlbumTypes", "albumType", PRIMARY_TYPES, "primary album type"),
    ("secondaryAlbumTypes", "albumType", SECONDARY_TYPES, "secondary album type"),
    ("releaseStatuses", "releaseStatus", RELEASE_STATUSES, "release status"),
)


def _allowed(
    body: dict[str, Any], field: str, key: str, names: tuple[str, ...], label: str
) -> list[str]:
    raw = body.get(field)
    if not isinstance(raw, list):
        raise invalid(field, f"'{field}' must be a list", raw)
    allowed: list[str] = []
    for item in raw:
        kind = item.get(key) if isinstance(item, dict) else None
        name = kind.get("name") if isinstance(kind, dict) else None
        if not isinstance(name, str) and isinstance(kind, dict) and isinstance(kind.get("id"), int):
            index = kind["id"]
            name = names[index] if 0 <= index < len(names) else None
        if name not in names:
            raise invalid(field, f"Unknown {label} {kind!r}", item)
        if item.get("allowed"):
            allowed.append(str(name))
    if not allowed:
        raise invalid(field, f"Must have at least one allowed {label}", raw)
    return [n for n in names if n in allowed]


def read_profile(body: dict[str, Any], profile_id: int) -> MetadataProfile:
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise invalid("name", "'Name' must not be empty.", name)
    primary, secondary, statuses = (_allowed(body, *spec) for spec in _LISTS)
    return MetadataProfile(profile_id, name.strip(), primary, secondary, statuses)


def metadataprofile_router(domain: ManagerDomain, store: MusicLibraryStore) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    def save(profile: MetadataProfile) -> dict[str, Any]:
        try:
            return profile_resource(store.save_profile(profile))
        except ValueError as exc:
            raise invalid("name", str(exc), profile.name) from exc

    @router.get("/metadataprofile")
    async def list_profiles() -> list[dict[str, Any]]:
        return [profile_resource(p) for p in await asyncio.to_thread(store.profiles)]

    @router.get("/metadataprofile/schema")
    def schema() -> dict[str, Any]:
        empty = profile_resource(MetadataProfile(0, "", [], [], []))
        empty.pop("id")
        return empty

    @router.get("/metadataprofile/{profile_id}")
    async def get_profile(profile_id: int) -> dict[str, Any]:
        found = await asyncio.to_thread(store.profile, profile_id)
        if found is None:
            raise ApiError(404, f"Metadata profile with ID {profile_id} does not exist")
        return profile_resource(found)

    @router.post("/metadataprofile", status_code=201)
    async def add_profile(request: Request) -> dict[str, Any]:
        profile = read_profile(await json_body(request), 0)
        return await asyncio.to_thread(save, profile)

    @router.put("/metadataprofile/{profile_id}", status_code=202)
    @router.put("/metadataprofile", status_code=202)
    async def update_profile(request: Request, profile_id: int | None = None) -> dict[str, Any]:
        body = await json_body(request)
        target = profile_id if profile_id is not None else body.get("id")
        if not isinstance(target, int) or await asyncio.to_thread(store.profile, target) is None:
            raise ApiError(404, f"Metadata profile with ID {target} does not exist")
        return await asyncio.to_thread(save, read_profile(body, target))

    @router.delete("/metadataprofile/{profile_id}")
    async def delete_profile(profile_id: int) -> Response:
        try:
            deleted = await asyncio.to_thread(store.delete_profile, profile_id)
        except ProfileInUseError as exc:
            raise ApiError(400, str(exc)) from exc
        if not deleted:
            raise ApiError(404, f"Metadata profile with ID {profile_id} does not exist")
        return Response(status_code=200)

    return router
