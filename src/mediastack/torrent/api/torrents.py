"""``/api/v2/torrents`` (read side for now): the list and categories, from the engine."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from mediastack.torrent.api.auth import require_session


def torrents_router() -> APIRouter:
    router = APIRouter(prefix="/api/v2/torrents", dependencies=[Depends(require_session)])

    @router.api_route("/info", methods=["GET", "POST"])
    def info() -> list[dict[str, Any]]:
        return []

    @router.api_route("/categories", methods=["GET", "POST"])
    def categories() -> dict[str, Any]:
        return {}

    return router
