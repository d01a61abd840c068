"""Turning a media domain into a running manager service."""

from __future__ import annotations

from fastapi import FastAPI

from mediastack.core.http import ServiceContext, ServiceSpec
from mediastack.manager.api.compat import ArrCompatMiddleware
from mediastack.manager.api.downloadclient import downloadclient_router
from mediastack.manager.api.errors import arr_error
from mediastack.manager.api.system import ping_router, system_router
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.download_clients.store import DownloadClientStore


def manager_spec(domain: ManagerDomain) -> ServiceSpec:
    def setup(ctx: ServiceContext, app: FastAPI) -> None:
        settings = ctx.settings
        ctx.extras["storage_roots"] = [settings.media_dir, settings.downloads_dir]
        store = DownloadClientStore(ctx.database, domain.category_field)
        store.provision(settings.provision.download_clients)
        ctx.extras["download_clients"] = store
        base = settings.http.url_base
        app.include_router(ping_router(), prefix=base)
        app.include_router(system_router(domain), prefix=base)
        app.include_router(downloadclient_router(domain, store), prefix=base)
        if domain.setup_routes is not None:
            domain.setup_routes(ctx, app)
        app.add_middleware(
            ArrCompatMiddleware,
            version=domain.version,
            api_prefix=domain.api_prefix,
            url_base=base,
        )

    return ServiceSpec(
        role=domain.role,
        app_name=domain.app_name,
        version=domain.version,
        setup=setup,
        version_dirs=domain.version_dirs,
        error_renderer=lambda _request: arr_error,
    )
