"""Probe endpoints every service answers: liveness, readiness and metrics.

No probe needs a secret (Kubernetes probes cannot carry one); /metrics wants the API key
(Prometheus sends it as a bearer token) unless the scraper sits in an exempt subnet.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from mediastack.core.http.context import ServiceContext, context_of
from mediastack.core.http.errors import ApiError
from mediastack.core.http.security import is_authenticated
from mediastack.core.metrics import CONTENT_TYPE


def _writable(path: Path) -> str | None:
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".mediastack-probe-", dir=path)
        os.close(fd)
        Path(name).unlink()
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}"
    return None


async def readiness(ctx: ServiceContext) -> dict[str, str]:
    """Problems by check name; empty when the service can do its work."""
    problems: dict[str, str] = {}
    try:
        await asyncio.to_thread(ctx.database.ping)
    except Exception as exc:
        problems["database"] = f"{type(exc).__name__}: {exc}"
    for root in ctx.storage_roots():
        error = await asyncio.to_thread(_writable, root)
        if error:
            problems[f"storage:{root}"] = error
    for name, check in ctx.readiness_checks.items():
        try:
            error = await check()
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
        if error:
            problems[name] = error
    return problems


def health_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz")
    async def readyz(request: Request) -> Response:
        problems = await readiness(context_of(request))
        if problems:
            return JSONResponse({"status": "unavailable", "problems": problems}, status_code=503)
        return JSONResponse({"status": "ok"})

    @router.get("/metrics")
    async def metrics(request: Request) -> Response:
        if not is_authenticated(request):
            raise ApiError(401, "Unauthorized")
        return Response(context_of(request).metrics.render(), media_type=CONTENT_TYPE)

    return router
