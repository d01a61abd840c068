"""``system/backup``: list, download, delete and restore backups, as the originals do.

A restore is staged and applied by the next start (``RestartRequired``), never swapped under
the running service.
"""

from __future__ import annotations

import asyncio
import tempfile
import zlib
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, UploadFile
from fastapi.responses import FileResponse, Response

from mediastack.core.backup import (
    Backup,
    BackupError,
    BackupType,
    find_backup,
    list_backups,
    stage_restore,
)
from mediastack.core.http import ApiError
from mediastack.core.http.app import backup_target
from mediastack.manager.api.deps import Context, require_auth
from mediastack.manager.api.resources import iso
from mediastack.manager.domain import ManagerDomain

MAX_UPLOAD = 512 * 1024 * 1024


def backup_id(backup: Backup) -> int:
    """A stable id from the file name (backups are files, not rows)."""
    return zlib.crc32(backup.name.encode()) & 0x7FFFFFFF


def _resource(backup: Backup) -> dict[str, Any]:
    return {
        "id": backup_id(backup),
        "name": backup.name,
        "path": f"/backup/{backup.type.value}/{backup.name}",
        "type": backup.type.value,
        "size": backup.size,
        "time": iso(backup.time),
    }


def backup_router(domain: ManagerDomain) -> APIRouter:
    router = APIRouter(dependencies=[Depends(require_auth)])
    api = domain.api_prefix

    def by_id(ctx: Context, wanted: int) -> Backup:
        for backup in list_backups(backup_target(ctx.settings)):
            if backup_id(backup) == wanted:
                return backup
        raise ApiError(404, f"Backup with ID {wanted} does not exist")

    @router.get(f"{api}/system/backup")
    def list_all(ctx: Context) -> list[dict[str, Any]]:
        return [_resource(b) for b in list_backups(backup_target(ctx.settings))]

    @router.delete(f"{api}/system/backup/{{wanted}}")
    def delete(wanted: int, ctx: Context) -> Response:
        by_id(ctx, wanted).path.unlink(missing_ok=True)
        return Response(status_code=200)

    @router.post(f"{api}/system/backup/restore/{{wanted:int}}")  # "upload" is not an id
    async def restore(wanted: int, ctx: Context) -> dict[str, Any]:
        backup = by_id(ctx, wanted)
        try:
            await asyncio.to_thread(stage_restore, backup_target(ctx.settings), backup.path)
        except BackupError as exc:
            raise ApiError(400, str(exc)) from exc
        return {"RestartRequired": True}

    @router.post(f"{api}/system/backup/restore/upload")
    async def restore_upload(ctx: Context, file: Annotated[UploadFile, File()]) -> dict[str, Any]:
        target = backup_target(ctx.settings)
        target.folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.folder, suffix=".upload") as scratch:
            written = 0
            while chunk := await file.read(1024 * 1024):
                written += len(chunk)
                if written > MAX_UPLOAD:
                    raise ApiError(413, "Backup file is too large")
                scratch.write(chunk)
            scratch.flush()
            try:
                await asyncio.to_thread(stage_restore, target, Path(scratch.name))
            except BackupError as exc:
                raise ApiError(400, str(exc)) from exc
        return {"RestartRequired": True}

    @router.get("/backup/{kind}/{name}")
    def download(kind: BackupType, name: str, ctx: Context) -> FileResponse:
        try:
            backup = find_backup(backup_target(ctx.settings), name)
        except BackupError as exc:
            raise ApiError(404, str(exc)) from exc
        if backup.type is not kind:
            raise ApiError(404, f"no {kind.value} backup named {name}")
        return FileResponse(backup.path, media_type="application/zip", filename=backup.name)

    return router
