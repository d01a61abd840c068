"""``manualimport``: what a folder would import and why not (GET), re-decided with the
user's choices (POST/PUT, the originals' "reprocess"). The import itself is the
``ManualImport`` command, as in the originals, so it is persisted and visible in the command
list. The domain's presenter adds its keys (``episodes``, ``movie``...)."""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import APIRouter, Body, Depends, Request

from mediastack.core.http import ApiError, ServiceContext
from mediastack.manager.api.deps import Context, require_auth
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.grab.api.params import flag, ids
from mediastack.manager.grab.api.presenter import ApiNames
from mediastack.manager.grab.resources import quality_model
from mediastack.manager.importing.candidate import ImportCandidate
from mediastack.manager.importing.commands import override_of
from mediastack.manager.importing.decisions import ImportDecision
from mediastack.manager.importing.importer import DownloadInfo, Importer
from mediastack.manager.importing.model import ALREADY_IMPORTED

S = TypeVar("S")
I = TypeVar("I")  # noqa: E741


class ImportPresenter(Protocol[S, I]):
    @property
    def names(self) -> ApiNames: ...

    def candidate_fields(self, candidate: ImportCandidate[S, I]) -> dict[str, Any]:
        """The domain's keys (``series``, ``seasonNumber``, ``episodes``; ``movie``...)."""
        ...

    def wanted(self, candidate: ImportCandidate[S, I], params: Mapping[str, str]) -> bool:
        """Whether the listing keeps the file under the domain's own filters (a season)."""
        ...


def _resource(
    app: Any,
    decision: ImportDecision[ImportCandidate[Any, Any]],
    presenter: ImportPresenter[Any, Any],
) -> dict[str, Any]:
    c = decision.candidate
    f = c.file
    out: dict[str, Any] = {
        "id": zlib.crc32(str(f.path).encode()),
        "path": str(f.path),
        "relativePath": f.relative_path,
        "folderName": f.folder_name,
        "name": f.path.stem,
        "size": f.size,
        "releaseGroup": c.release_group,
        "quality": quality_model(app, c.quality, c.revision),
        "languages": [{"id": 0, "name": n} for n in c.languages],
        "qualityWeight": c.quality.weight,
        "downloadId": c.download_id,
        "customFormats": [{"id": cf.id, "name": cf.name} for cf in c.custom_formats],
        "customFormatScore": c.format_score,
        "indexerFlags": 0,
        "rejections": [r.resource() for r in decision.rejections],
    }
    return out | presenter.candidate_fields(c)


def _download_path(ctx: ServiceContext, download_id: str) -> str | None:
    """The output path of a tracked download (the grab side keeps the tracker)."""
    tracker = ctx.extras.get("download_tracker")
    find = getattr(tracker, "find", None)
    tracked = find(download_id) if callable(find) else None
    item = getattr(tracked, "item", None)
    output = getattr(item, "output_path", None)
    return str(output) if output is not None else None


def manualimport_router(
    domain: ManagerDomain, importer: Importer[Any, Any], presenter: ImportPresenter[Any, Any]
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    names = presenter.names
    app = importer.domain.app

    @router.get("/manualimport")
    async def candidates(
        ctx: Context,
        request: Request,
        folder: str | None = None,
        downloadId: str | None = None,
    ) -> list[dict[str, Any]]:
        path = folder
        if not path and downloadId:
            path = _download_path(ctx, downloadId)
            if path is None:
                raise ApiError(404, f"Download '{downloadId}' is not tracked")
        if not path:
            raise ApiError(400, "folder or downloadId is required")
        download = DownloadInfo(download_id=downloadId) if downloadId else None
        subject = ids(request, names.subject_id)
        discovery, decisions = await asyncio.to_thread(
            importer.scan, path, download=download, subject_id=subject[0] if subject else None
        )
        if discovery.error:
            raise ApiError(400, discovery.error)
        hide_existing = flag(request, "filterExistingFiles", True)
        out = []
        for d in decisions:
            if not presenter.wanted(d.candidate, request.query_params):
                continue
            if hide_existing and any(r.reason.startswith(ALREADY_IMPORTED) for r in d.rejections):
                continue
            out.append(_resource(app, d, presenter))
        return out

    async def reprocess(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for item in items:
            path = item.get("path")
            if not isinstance(path, str):
                continue
            download_id = item.get("downloadId")
            download = DownloadInfo(download_id=str(download_id)) if download_id else None
            overrides = {path: override_of(item, names, app)}
            discovery, decisions = await asyncio.to_thread(
                importer.scan, path, download=download, overrides=overrides
            )
            if discovery.error:
                raise ApiError(400, discovery.error)
            out.extend(_resource(app, d, presenter) for d in decisions)
        return out

    @router.post("/manualimport")
    async def post_reprocess(body: Annotated[list[dict[str, Any]], Body()]) -> list[dict[str, Any]]:
        return await reprocess(body)

    @router.put("/manualimport")
    async def put_reprocess(body: Annotated[list[dict[str, Any]], Body()]) -> list[dict[str, Any]]:
        return await reprocess(body)

    return router
