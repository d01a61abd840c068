"""``delayprofile``: how long to wait for the preferred protocol, per tag, in order.

As in the originals: the global profile (id 1) has no tags and cannot be deleted (405);
every other profile needs tags; ``reorder/{id}?after=`` moves a profile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from mediastack.core.http import ApiError, FieldError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import json_body
from mediastack.manager.decisions.delay import GLOBAL_ID, DelayProfile
from mediastack.manager.decisions.profile_store import DelayProfileStore
from mediastack.manager.domain import ManagerDomain


def resource(profile: DelayProfile) -> dict[str, Any]:
    return {
        "id": profile.id,
        "enableUsenet": profile.enable_usenet,
        "enableTorrent": profile.enable_torrent,
        "preferredProtocol": profile.preferred_protocol,
        "usenetDelay": profile.usenet_delay_minutes,
        "torrentDelay": profile.torrent_delay_minutes,
        "bypassIfHighestQuality": profile.bypass_if_highest_quality,
        "bypassIfAboveCustomFormatScore": profile.bypass_if_above_custom_format_score,
        "minimumCustomFormatScore": profile.minimum_custom_format_score,
        "order": profile.order,
        "tags": list(profile.tags),
    }


def _int(body: Mapping[str, Any], key: str, default: int, errors: list[FieldError]) -> int:
    value = body.get(key, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        errors.append(FieldError(key[0].upper() + key[1:], f"'{key}' must be a number", value))
        return default
    return value


def profile_from(
    body: Mapping[str, Any],
    profile_id: int,
    existing: DelayProfile | None,
    others: list[DelayProfile],
) -> DelayProfile:
    """The profile in ``body`` checked by the originals' rules (a 400 array on failure)."""
    base = existing or DelayProfile(id=profile_id)
    errors: list[FieldError] = []
    tags = body.get("tags", list(base.tags))
    if tags is None:
        tags = []
    if not isinstance(tags, list) or not all(
        isinstance(t, int) and not isinstance(t, bool) for t in tags
    ):
        errors.append(FieldError("Tags", "Tags must be a list of tag ids", tags))
        tags = []
    if profile_id == GLOBAL_ID and tags:
        errors.append(FieldError("Tags", "'Tags' must be empty.", tags))
    if profile_id != GLOBAL_ID and not tags:
        errors.append(FieldError("Tags", "'Tags' must not be empty.", tags))
    used = {t for p in others if p.id != profile_id for t in p.tags}
    if set(tags) & used:
        errors.append(FieldError("Tags", "One or more tags is used in another profile", tags))
    usenet_delay = _int(body, "usenetDelay", base.usenet_delay_minutes, errors)
    torrent_delay = _int(body, "torrentDelay", base.torrent_delay_minutes, errors)
    for key, value in (("UsenetDelay", usenet_delay), ("TorrentDelay", torrent_delay)):
        if value < 0:
            label = "Usenet Delay" if key == "UsenetDelay" else "Torrent Delay"
            errors.append(
                FieldError(key, f"'{label}' must be greater than or equal to '0'.", value)
            )
    enable_usenet = bool(body.get("enableUsenet", base.enable_usenet))
    enable_torrent = bool(body.get("enableTorrent", base.enable_torrent))
    if not enable_usenet and not enable_torrent:
        errors.append(FieldError("", "Either Usenet or Torrent should be enabled"))
    preferred = body.get("preferredProtocol", base.preferred_protocol)
    if preferred not in ("usenet", "torrent"):
        errors.append(
            FieldError(
                "PreferredProtocol", "Preferred protocol must be usenet or torrent", preferred
            )
        )
        preferred = base.preferred_protocol
    if errors:
        raise ApiError(400, errors[0].message, errors)
    return DelayProfile(
        preferred_protocol="torrent" if preferred == "torrent" else "usenet",
        enable_usenet=enable_usenet,
        enable_torrent=enable_torrent,
        usenet_delay_minutes=usenet_delay,
        torrent_delay_minutes=torrent_delay,
        bypass_if_highest_quality=bool(
            body.get("bypassIfHighestQuality", base.bypass_if_highest_quality)
        ),
        bypass_if_above_custom_format_score=bool(
            body.get("bypassIfAboveCustomFormatScore", base.bypass_if_above_custom_format_score)
        ),
        minimum_custom_format_score=_int(
            body, "minimumCustomFormatScore", base.minimum_custom_format_score, []
        ),
        tags=tuple(sorted(set(tags))),
        id=profile_id,
        order=base.order,
    )


def delayprofile_router(domain: ManagerDomain, store: DelayProfileStore) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    def missing(profile_id: object) -> ApiError:
        return ApiError(404, f"Delay profile with ID {profile_id} does not exist")

    @router.get("/delayprofile")
    async def list_profiles() -> list[dict[str, Any]]:
        return [resource(p) for p in await asyncio.to_thread(store.list)]

    @router.get("/delayprofile/{profile_id}")
    async def get_profile(profile_id: int) -> dict[str, Any]:
        found = await asyncio.to_thread(store.get, profile_id)
        if found is None:
            raise missing(profile_id)
        return resource(found)

    @router.post("/delayprofile", status_code=201)
    async def add_profile(request: Request) -> dict[str, Any]:
        body = await json_body(request)
        others = await asyncio.to_thread(store.list)
        profile = profile_from(body, 0, None, others)
        return resource(await asyncio.to_thread(store.add, profile))

    @router.put("/delayprofile/reorder/{profile_id}")
    async def reorder(profile_id: int, after: int | None = None) -> list[dict[str, Any]]:
        return [resource(p) for p in await asyncio.to_thread(store.reorder, profile_id, after)]

    @router.put("/delayprofile/{profile_id}", status_code=202)
    @router.put("/delayprofile", status_code=202)
    async def update_profile(request: Request, profile_id: int | None = None) -> dict[str, Any]:
        body = await json_body(request)
        target = profile_id if profile_id is not None else body.get("id")
        existing = await asyncio.to_thread(store.get, target) if isinstance(target, int) else None
        if existing is None:
            raise missing(target)
        others = await asyncio.to_thread(store.list)
        profile = profile_from(body, existing.id, existing, others)
        updated = await asyncio.to_thread(store.update, existing.id, profile)
        if updated is None:
            raise missing(target)
        return resource(updated)

    @router.delete("/delayprofile/{profile_id}")
    async def delete_profile(profile_id: int) -> Response:
        if profile_id == GLOBAL_ID:
            raise ApiError(405, "Cannot delete global delay profile")
        if not await asyncio.to_thread(store.delete, profile_id):
            raise missing(profile_id)
        return Response(status_code=200)

    return router
