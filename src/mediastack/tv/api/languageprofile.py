"""``languageprofile``: the stub Sonarr v4 keeps for v3-era clients.

Overseerr reads it unconditionally (``id`` and ``name``); Sonarr v4 answers with one
profile called "Deprecated" and accepts, then ignores, writes.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.domain import ManagerDomain

_ENGLISH = {"id": 1, "name": "English"}
STUB: dict[str, Any] = {
    "id": 1,
    "name": "Deprecated",
    "upgradeAllowed": False,
    "cutoff": _ENGLISH,
    "languages": [{"language": _ENGLISH, "allowed": True}],
}


def languageprofile_router(domain: ManagerDomain) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    @router.get("/languageprofile")
    def list_profiles() -> list[dict[str, Any]]:
        return [STUB]

    @router.get("/languageprofile/schema")
    def schema() -> dict[str, Any]:
        return {**STUB, "id": 0, "name": ""}

    @router.get("/languageprofile/{profile_id}")
    def get_profile(profile_id: int) -> dict[str, Any]:
        if profile_id != STUB["id"]:
            raise ApiError(404, f"Language profile with ID {profile_id} does not exist")
        return STUB

    @router.post("/languageprofile", status_code=201)
    @router.put("/languageprofile/{profile_id}", status_code=202)
    @router.put("/languageprofile", status_code=202)
    def ignore_write(profile_id: int | None = None) -> dict[str, Any]:
        return STUB

    return router
