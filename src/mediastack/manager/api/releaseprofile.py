"""``releaseprofile``: words a release must or must not contain, per tag and indexer.

``required``/``ignored`` are lists of terms (a comma-separated string is read too, as the
originals accept both); ``/regex/i`` terms are regular expressions. The decision engine
applies them through the ``ReleaseProfileAllowed`` rule.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from mediastack.core.http import ApiError, FieldError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import json_body
from mediastack.manager.decisions.profile_store import ReleaseProfileStore
from mediastack.manager.decisions.release_profiles import ReleaseProfile, TermError, term_matcher
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.api_fields import tag_ids


def resource(profile: ReleaseProfile) -> dict[str, Any]:
    return {
        "id": profile.id,
        "name": profile.name,
        "enabled": profile.enabled,
        "required": list(profile.required),
        "ignored": list(profile.ignored),
        "indexerId": profile.indexer_id,
        "tags": list(profile.tags),
    }


def _terms(value: Any) -> list[str] | None:
    """A term list from JSON: an array of strings, or one comma-separated string."""
    if value is None:
        return []
    if isinstance(value, str):
        return [t.strip() for t in value.split(",")] if value.strip() else []
    if isinstance(value, list) and all(isinstance(t, str) for t in value):
        return list(value)
    return None


def values_from(
    body: Mapping[str, Any],
    existing: ReleaseProfile | None,
    indexer_exists: Callable[[int], bool],
) -> dict[str, Any]:
    errors: list[FieldError] = []
    terms: dict[str, list[str]] = {}
    for key, label in (("required", "Must contain"), ("ignored", "Must not contain")):
        field = key[0].upper() + key[1:]
        raw = body.get(key, list(getattr(existing, key)) if existing else [])
        found = _terms(raw)
        if found is None:
            errors.append(FieldError(field, f"'{label}' must be a list of terms", raw))
            found = []
        if any(not t.strip() for t in found):
            errors.append(
                FieldError(field, f"'{label}' should not contain whitespaces or an empty string")
            )
        for term in found:
            try:
                term_matcher(term)
            except TermError as exc:
                errors.append(FieldError(field, str(exc), term))
        terms[key] = [t for t in found if t.strip()]
    if not terms["required"] and not terms["ignored"] and not errors:
        errors.append(FieldError("Required", "'Must contain' or 'Must not contain' is required"))
    enabled = bool(body.get("enabled", existing.enabled if existing else True))
    indexer_id = body.get("indexerId", existing.indexer_id if existing else 0) or 0
    if isinstance(indexer_id, bool) or not isinstance(indexer_id, int):
        errors.append(FieldError("IndexerId", "'Indexer Id' must be a number", indexer_id))
        indexer_id = 0
    elif enabled and indexer_id and not indexer_exists(indexer_id):
        errors.append(FieldError("IndexerId", "Indexer does not exist", indexer_id))
    if errors:
        raise ApiError(400, errors[0].message, errors)
    name = body.get("name", existing.name if existing else None)
    return {
        "name": str(name) if name is not None else None,
        "enabled": enabled,
        "required": terms["required"],
        "ignored": terms["ignored"],
        "indexer_id": indexer_id,
        "tags": tag_ids(body, list(existing.tags) if existing else []),
    }


def releaseprofile_router(
    domain: ManagerDomain, store: ReleaseProfileStore, indexer_exists: Callable[[int], bool]
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    def missing(profile_id: object) -> ApiError:
        return ApiError(404, f"Release profile with ID {profile_id} does not exist")

    @router.get("/releaseprofile")
    async def list_profiles() -> list[dict[str, Any]]:
        return [resource(p) for p in await asyncio.to_thread(store.list)]

    @router.get("/releaseprofile/{profile_id}")
    async def get_profile(profile_id: int) -> dict[str, Any]:
        found = await asyncio.to_thread(store.get, profile_id)
        if found is None:
            raise missing(profile_id)
        return resource(found)

    @router.post("/releaseprofile", status_code=201)
    async def add_profile(request: Request) -> dict[str, Any]:
        values = values_from(await json_body(request), None, indexer_exists)
        saved = await asyncio.to_thread(store.save, None, values)
        assert saved is not None
        return resource(saved)

    @router.put("/releaseprofile/{profile_id}", status_code=202)
    @router.put("/releaseprofile", status_code=202)
    async def update_profile(request: Request, profile_id: int | None = None) -> dict[str, Any]:
        body = await json_body(request)
        target = profile_id if profile_id is not None else body.get("id")
        existing = await asyncio.to_thread(store.get, target) if isinstance(target, int) else None
        if existing is None:
            raise missing(target)
        values = values_from(body, existing, indexer_exists)
        saved = await asyncio.to_thread(store.save, existing.id, values)
        if saved is None:
            raise missing(target)
        return resource(saved)

    @router.delete("/releaseprofile/{profile_id}")
    async def delete_profile(profile_id: int) -> Response:
        if not await asyncio.to_thread(store.delete, profile_id):
            raise missing(profile_id)
        return Response(status_code=200)

    return router
