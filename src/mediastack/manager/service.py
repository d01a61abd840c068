"""Turning a media domain into a running manager service."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from mediastack.core.http import ServiceContext, ServiceSpec
from mediastack.core.roles import ROLE_FACTS
from mediastack.manager.api.backup import backup_router
from mediastack.manager.api.command import command_router
from mediastack.manager.api.compat import ArrCompatMiddleware
from mediastack.manager.api.downloadclient import downloadclient_router
from mediastack.manager.api.errors import arr_error
from mediastack.manager.api.filesystem import filesystem_router
from mediastack.manager.api.grab_settings import setup_grab_settings
from mediastack.manager.api.indexer import indexer_router
from mediastack.manager.api.quality import quality_router
from mediastack.manager.api.rootfolder import rootfolder_router
from mediastack.manager.api.system import ping_router, system_router
from mediastack.manager.api.tag import tag_router
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.download_clients.store import DownloadClientStore
from mediastack.manager.health_checks import download_client_check, indexer_check
from mediastack.manager.housekeeping import housekeeping
from mediastack.manager.indexers.store import IndexerStore
from mediastack.manager.notifications.setup import setup_notifications
from mediastack.manager.quality.store import (
    CustomFormatStore,
    ProfileStore,
    QualityDefinitionStore,
)
from mediastack.manager.root_folders import RootFolderStore
from mediastack.manager.signalr.setup import setup_signalr
from mediastack.manager.tags import TagStore


def manager_spec(domain: ManagerDomain) -> ServiceSpec:
    def setup(ctx: ServiceContext, app: FastAPI) -> None:
        settings = ctx.settings
        ctx.extras["storage_roots"] = [settings.media_dir, settings.downloads_dir]
        store = DownloadClientStore(ctx.database, domain.category_field)
        store.provision(settings.provision.download_clients)
        ctx.extras["download_clients"] = store
        tags = TagStore(ctx.database)
        root_folders = RootFolderStore(ctx.database)
        media_folder = ROLE_FACTS[domain.role].media_folder
        if media_folder:
            root_folders.ensure(settings.media_dir / media_folder)
        ctx.commands.register("Housekeeping", housekeeping(ctx.database))
        ctx.scheduler.add("Housekeeping", timedelta(hours=24))
        base = settings.http.url_base
        app.include_router(ping_router(), prefix=base)
        app.include_router(system_router(domain), prefix=base)
        app.include_router(downloadclient_router(domain, store), prefix=base)
        indexers = IndexerStore(ctx.database, domain.flavour)
        ctx.extras["indexers"] = indexers
        app.include_router(indexer_router(domain, indexers), prefix=base)
        setup_grab_settings(ctx, app, domain)
        ctx.health_checks.extend([download_client_check(store), indexer_check(indexers)])
        app.include_router(tag_router(domain, tags, store), prefix=base)
        setup_notifications(ctx, app, domain)
        quality_definitions = QualityDefinitionStore(ctx.database, domain.flavour)
        quality_profiles = ProfileStore(ctx.database, domain.flavour)
        quality_profiles.seed_defaults()
        custom_formats = CustomFormatStore(ctx.database, domain.flavour)
        ctx.extras["quality_definitions"] = quality_definitions
        ctx.extras["quality_profiles"] = quality_profiles
        ctx.extras["custom_formats"] = custom_formats
        app.include_router(
            quality_router(domain, quality_definitions, quality_profiles, custom_formats),
            prefix=base,
        )
        app.include_router(rootfolder_router(domain, root_folders), prefix=base)
        app.include_router(filesystem_router(domain), prefix=base)
        app.include_router(command_router(domain), prefix=base)
        app.include_router(backup_router(domain), prefix=base)
        if domain.setup_routes is not None:
            domain.setup_routes(ctx, app)
        setup_signalr(ctx, app, domain)
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
