"""``rename``: which files the naming scheme would rename (the RenameFiles preview)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.domain import ManagerDomain
from mediastack.tv.library.rename import previews
from mediastack.tv.library.store import TvLibraryStore
from mediastack.tv.naming import TvNamer


def rename_router(
    domain: ManagerDomain, store: TvLibraryStore, namer: Callable[[], TvNamer]
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    def preview(series_id: int, season: int | None) -> list[dict[str, Any]]:
        series = store.get(series_id)
        if series is None:
            raise ApiError(404, f"Series with ID {series_id} does not exist")
        return [
            {
                "seriesId": p.series_id,
                "seasonNumber": p.season_number,
                "episodeNumbers": list(p.episode_numbers),
                "episodeFileId": p.file_id,
                "existingPath": p.existing_path,
                "newPath": p.new_path,
            }
            for p in previews(store, namer(), series, season)
        ]

    @router.get("/rename")
    async def list_renames(seriesId: int, seasonNumber: int | None = None) -> list[dict[str, Any]]:
        return await asyncio.to_thread(preview, seriesId, seasonNumber)

    return router
