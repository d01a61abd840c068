"""``manualimport``: what a folder would import and why not (GET), re-decided with the
user's choices (POST/PUT, Sonarr's "reprocess"). The import itself is the ``ManualImport``
command, as in Sonarr, so it is persisted and visible in the command list."""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends

from mediastack.core.http import ApiError, ServiceContext
from mediastack.manager.api.deps import Context, require_auth
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.importing import ImportDecision
from mediastack.tv.api.resources import episode_resource, series_resource
from mediastack.tv.importing.candidates import TvCandidate
from mediastack.tv.importing.commands import override_of
from mediastack.tv.importing.service import DownloadInfo, TvImporter, quality_json


def _resource(decision: ImportDecision[TvCandidate], url_base: str) -> dict[str, Any]:
    c = decision.candidate
    f = c.file
    out: dict[str, Any] = {
        "id": zlib.crc32(str(f.path).encode()),
        "path": str(f.path),
        "relativePath": f.relative_path,
        "folderName": f.folder_name,
        "name": f.path.stem,
        "size": f.size,
        "seasonNumber": c.episodes[0].season_number if c.episodes else None,
        "episodes": [episode_resource(e) for e in c.episodes],
        "episodeFileId": None,
        "releaseGroup": c.release_group,
        "quality": quality_json(c.quality, c.revision),
        "languages": [{"id": 0, "name": n} for n in c.languages],
        "qualityWeight": c.quality.weight,
        "downloadId": c.download_id,
        "customFormats": [{"id": cf.id, "name": cf.name} for cf in c.custom_formats],
        "customFormatScore": c.format_score,
        "indexerFlags": 0,
        "releaseType": "multiEpisode" if len(c.episodes) > 1 else "singleEpisode",
        "rejections": [r.resource() for r in decision.rejections],
    }
    if c.series is not None:
        out["series"] = series_resource(c.series, url_base)
    return out


def _download_path(ctx: ServiceContext, download_id: str) -> str | None:
    """The output path of a tracked download (the grab side keeps the tracker)."""
    tracker = ctx.extras.get("download_tracker")
    find = getattr(tracker, "find", None)
    tracked = find(download_id) if callable(find) else None
    item = getattr(tracked, "item", None)
    output = getattr(item, "output_path", None)
    return str(output) if output is not None else None


def manualimport_router(domain: ManagerDomain, importer: TvImporter, url_base: str) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    @router.get("/manualimport")
    async def candidates(
        ctx: Context,
        folder: str | None = None,
        downloadId: str | None = None,
        seriesId: int | None = None,
        seasonNumber: int | None = None,
        filterExistingFiles: bool = True,
    ) -> list[dict[str, Any]]:
        path = folder
        if not path and downloadId:
            path = _download_path(ctx, downloadId)
            if path is None:
                raise ApiError(404, f"Download '{downloadId}' is not tracked")
        if not path:
            raise ApiError(400, "folder or downloadId is required")
        download = DownloadInfo(download_id=downloadId) if downloadId else None
        discovery, decisions = await asyncio.to_thread(
            importer.scan, path, download=download, series_id=seriesId
        )
        if discovery.error:
            raise ApiError(400, discovery.error)
        out = []
        for d in decisions:
            if (
                seasonNumber is not None
                and d.candidate.episodes
                and (d.candidate.episodes[0].season_number != seasonNumber)
            ):
                continue
            if filterExistingFiles and any(
                r.reason.startswith("Episode file already imported") for r in d.rejections
            ):
                continue
            out.append(_resource(d, url_base))
        return out

    async def reprocess(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for item in items:
            path = item.get("path")
            if not isinstance(path, str):
                continue
            download_id = item.get("downloadId")
            download = DownloadInfo(download_id=str(download_id)) if download_id else None
            discovery, decisions = await asyncio.to_thread(
                importer.scan, path, download=download, overrides={path: override_of(item)}
            )
            if discovery.error:
                raise ApiError(400, discovery.error)
            out.extend(_resource(d, url_base) for d in decisions)
        return out

    @router.post("/manualimport")
    async def post_reprocess(body: Annotated[list[dict[str, Any]], Body()]) -> list[dict[str, Any]]:
        return await reprocess(body)

    @router.put("/manualimport")
    async def put_reprocess(body: Annotated[list[dict[str, Any]], Body()]) -> list[dict[str, Any]]:
        return await reprocess(body)

    return router
