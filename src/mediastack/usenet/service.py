"""The usenet service: a SABnzbd-compatible API over our NNTP download engine."""

from __future__ import annotations

from fastapi import FastAPI

from mediastack.core.http import ServiceContext, ServiceSpec
from mediastack.core.roles import Role
from mediastack.usenet.api.errors import sab_error
from mediastack.usenet.api.modes import SABNZBD_VERSION, api_router


def _setup(ctx: ServiceContext, app: FastAPI) -> None:
    usenet = ctx.settings.downloads_dir / "usenet"
    ctx.extras["storage_roots"] = [usenet, usenet / "incomplete"]
    app.include_router(api_router())
    app.include_router(api_router(), prefix="/sabnzbd")


def spec() -> ServiceSpec:
    return ServiceSpec(
        role=Role.USENET,
        app_name="SABnzbd",
        version=SABNZBD_VERSION,
        setup=_setup,
        error_renderer=lambda _request: sab_error,
    )
