"""system/status, health, diskspace, the log files and the anonymous /ping."""

from __future__ import annotations

import asyncio
import os
import platform
import sqlite3
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response

from mediastack.core.db.migrate import current_heads
from mediastack.core.fs import disk_space
from mediastack.core.health import run_checks
from mediastack.core.http import ServiceContext
from mediastack.manager.api.deps import Context, require_auth
from mediastack.manager.api.logfiles import log_router
from mediastack.manager.domain import ManagerDomain


def _iso(ctx: ServiceContext) -> str:
    return ctx.started_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def _status(ctx: ServiceContext, domain: ManagerDomain) -> dict[str, Any]:
    settings = ctx.settings
    heads = sorted(current_heads(ctx.database))
    return {
        "appName": domain.app_name,
        "instanceName": settings.instance_name or domain.app_name,
        "version": domain.version,
        "buildTime": "2026-11-01T00:00:00Z",
        "isDebug": False,
        "isProduction": True,
        "isAdmin": False,
        "isUserInteractive": False,
        "startupPath": str(Path(__file__).resolve().parents[2]),
        "appData": str(settings.config_dir.resolve()),
        "osName": platform.system().lower(),
        "osVersion": platform.release(),
        "isNetCore": True,
        "isLinux": platform.system() == "Linux",
        "isOsx": platform.system() == "Darwin",
        "isWindows": platform.system() == "Windows",
        "isDocker": Path("/.dockerenv").exists() or "KUBERNETES_SERVICE_HOST" in os.environ,
        "mode": "console",
        "branch": "main",
        "authentication": "forms",
        "sqliteVersion": sqlite3.sqlite_version,
        "migrationVersion": len(heads),
        "urlBase": settings.http.url_base,
        "runtimeVersion": platform.python_version(),
        "runtimeName": "mediastack",
        "startTime": _iso(ctx),
        "packageVersion": domain.version,
        "packageAuthor": "mediastack",
        "packageUpdateMechanism": "docker",
        "packageUpdateMechanismMessage": "",
        "databaseVersion": _database_version(ctx),
        "databaseType": "postgreSQL" if ctx.database.is_postgres else "sqLite",
    }


def _database_version(ctx: ServiceContext) -> str:
    info = ctx.database.engine.dialect.server_version_info
    return ".".join(str(part) for part in info) if info else sqlite3.sqlite_version


def _disk(path: Path, label: str) -> dict[str, Any] | None:
    try:
        space = disk_space(path)
    except OSError:
        return None
    return {"path": str(path), "label": label, "freeSpace": space.free, "totalSpace": space.total}


def system_router(domain: ManagerDomain) -> APIRouter:
    router = APIRouter(dependencies=[Depends(require_auth)])
    api = domain.api_prefix
    router.include_router(log_router(api))

    @router.get(f"{api}/system/status")
    def system_status(ctx: Context) -> dict[str, Any]:
        return _status(ctx, domain)

    @router.get(f"{api}/health")
    async def health(ctx: Context) -> list[dict[str, Any]]:
        results = await run_checks(ctx.health_checks)
        return [
            {
                "id": index + 1,
                "source": result.source,
                "type": result.level.value,
                "message": result.message,
                "wikiUrl": result.wiki_url,
            }
            for index, result in enumerate(results)
        ]

    @router.get(f"{api}/diskspace")
    async def diskspace(ctx: Context) -> list[dict[str, Any]]:
        roots = {ctx.settings.config_dir: "config", ctx.settings.media_dir: "media"}
        found = await asyncio.gather(
            *(asyncio.to_thread(_disk, p, lbl) for p, lbl in roots.items())
        )
        return [{"id": i + 1, **d} for i, d in enumerate(x for x in found if x is not None)]

    return router


def ping_router() -> APIRouter:
    router = APIRouter()

    @router.api_route("/ping", methods=["GET", "HEAD"])
    def ping(ctx: Context) -> Response:
        try:
            ctx.database.ping()
        except Exception:
            return JSONResponse({"status": "Error"}, status_code=503)
        return JSONResponse({"status": "OK"})

    return router
