"""``filesystem``: folder listings for path pickers and Bazarr's path checks.

The originals list any folder of the machine; we list only what lies inside the media and
download folders and the root folders (nothing here may lead outside the roots). An empty
path lists those roots; a path outside them, or one that does not exist, answers as the
originals answer a missing folder: an empty listing.
"""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request

from mediastack.core.fs import PathEscapeError, confine, is_within
from mediastack.core.http import ServiceContext, context_of
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import iso
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.library.media_files import find_files
from mediastack.manager.library.roots import root_folder_paths


def _roots(ctx: ServiceContext) -> list[Path]:
    found = [ctx.settings.media_dir, ctx.settings.downloads_dir]
    found += [Path(p) for p in root_folder_paths(ctx.database)]
    unique: list[Path] = []
    for root in (p.resolve() for p in found):
        if root not in unique:
            unique.append(root)
    return unique


def _inside(roots: list[Path], raw: str) -> Path | None:
    """``raw`` resolved, if it lies inside one of the roots."""
    for root in roots:
        try:
            return confine(root, raw)
        except PathEscapeError:
            continue
    return None


def _folder(path: Path, name: str | None = None) -> dict[str, Any]:
    try:
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        modified = None
    return {
        "type": "folder",
        "name": name or path.name,
        "path": str(path).rstrip(os.sep) + os.sep,
        "size": 0,
        "lastModified": iso(modified),
    }


def _file(path: Path) -> dict[str, Any]:
    stat = path.stat()
    return {
        "type": "file",
        "name": path.name,
        "path": str(path),
        "extension": path.suffix,
        "size": stat.st_size,
        "lastModified": iso(datetime.fromtimestamp(stat.st_mtime, UTC)),
    }


def listing(roots: list[Path], raw: str, include_files: bool, exact: bool) -> dict[str, Any]:
    """The originals' ``FileSystemResult``: ``parent``, ``directories``, ``files``."""
    if not raw.strip():
        return {"parent": None, "directories": [_folder(r, str(r)) for r in roots], "files": []}
    # "/data/tv/Sh" lists /data/tv/ (a path being typed), unless the whole path is a folder
    folder = raw if exact and Path(raw).is_dir() else raw[: raw.rfind(os.sep) + 1]
    target = _inside(roots, folder) if folder else None
    if target is None:
        return {"parent": None, "directories": [], "files": []}
    parent = target.parent
    parent_text = (
        str(parent).rstrip(os.sep) + os.sep if any(is_within(r, parent) for r in roots) else None
    )
    result: dict[str, Any] = {"parent": parent_text, "directories": [], "files": []}
    try:
        entries = sorted(target.iterdir(), key=lambda p: p.name)
    except OSError:
        return result
    for entry in entries:
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        if entry.is_dir():
            result["directories"].append(_folder(entry))
        elif include_files and entry.is_file():
            result["files"].append(_file(entry))
    return result


def filesystem_router(domain: ManagerDomain) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    @router.get("/filesystem")
    async def contents(
        request: Request,
        path: str = "",
        includeFiles: bool = False,
        allowFoldersWithoutTrailingSlashes: bool = False,
    ) -> dict[str, Any]:
        roots = await asyncio.to_thread(_roots, context_of(request))
        return await asyncio.to_thread(
            listing, roots, path, includeFiles, allowFoldersWithoutTrailingSlashes
        )

    @router.get("/filesystem/type")
    async def entity_type(request: Request, path: str = "") -> dict[str, str]:
        roots = await asyncio.to_thread(_roots, context_of(request))
        target = _inside(roots, path) if path else None
        return {"type": "file" if target is not None and target.is_file() else "folder"}

    @router.get("/filesystem/mediafiles")
    async def media_files(request: Request, path: str = "") -> list[dict[str, str]]:
        roots = await asyncio.to_thread(_roots, context_of(request))
        target = _inside(roots, path) if path else None
        if target is None:
            return []
        found = await asyncio.to_thread(find_files, target)
        return [
            {"path": str(f.path), "relativePath": f.relative_path, "name": f.path.name}
            for f in found
        ]

    return router
