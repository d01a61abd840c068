"""The torrent service: a qBittorrent-compatible WebAPI over our libtorrent engine."""

from __future__ import annotations

from fastapi import FastAPI

from mediastack.core.http import ServiceContext, ServiceSpec
from mediastack.core.roles import Role
from mediastack.torrent.api.app_info import QBITTORRENT_VERSION, app_router
from mediastack.torrent.api.auth import SidStore, auth_router
from mediastack.torrent.api.errors import qbt_error
from mediastack.torrent.api.torrents import torrents_router


def _setup(ctx: ServiceContext, app: FastAPI) -> None:
    ctx.extras["sids"] = SidStore()
    ctx.extras["storage_roots"] = [ctx.settings.downloads_dir / "torrents"]
    app.include_router(auth_router())
    app.include_router(app_router())
    app.include_router(torrents_router())


def spec() -> ServiceSpec:
    return ServiceSpec(
        role=Role.TORRENT,
        app_name="qBittorrent",
        version=QBITTORRENT_VERSION,
        setup=_setup,
        error_renderer=lambda _request: qbt_error,
    )
