"""The TV domain as the manager engine sees it, and the library it adds to the engine."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from mediastack.core.http import ServiceContext, ServiceSpec
from mediastack.core.roles import Role
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.importing.setup import ImportWiring, setup_import
from mediastack.manager.library.index import set_library_index
from mediastack.manager.library.listing import ListingWarmup
from mediastack.manager.library.mediacover import cover_caches, mediacover_router
from mediastack.manager.media_config.api import config_router
from mediastack.manager.service import manager_spec
from mediastack.tv.api.calendar import calendar_router
from mediastack.tv.api.cutoff import cutoff_router
from mediastack.tv.api.episode import episode_router
from mediastack.tv.api.ical import ical_router
from mediastack.tv.api.languageprofile import languageprofile_router
from mediastack.tv.api.series import series_listing, series_router
from mediastack.tv.api.wanted import wanted_router
from mediastack.tv.commands import register_commands
from mediastack.tv.config import TvConfigStore
from mediastack.tv.config.naming import FIELDS as NAMING_FIELDS
from mediastack.tv.grab.setup import setup_tv_grab
from mediastack.tv.importing.domain import TvImportDomain
from mediastack.tv.importing.presenter import TvImportPresenter
from mediastack.tv.library.service import TvLibrary
from mediastack.tv.library.store import TvLibraryStore
from mediastack.tv.library_routes import setup_library_routes
from mediastack.tv.metadata.tvmaze import TvMazeProvider
from mediastack.tv.naming import examples
from mediastack.tv.notifications import TvNotifications
from mediastack.tv.settings import tv_settings

MIGRATIONS = Path(__file__).with_name("migrations") / "versions"


def setup_library(ctx: ServiceContext, app: FastAPI) -> None:
    """Series, episodes, covers and their commands on top of the engine's routes."""
    settings = tv_settings(ctx.settings)
    meta = settings.metadata
    images, covers = cover_caches(ctx.settings.config_dir / "MediaCover", meta)
    store = TvLibraryStore(ctx.database)
    library = TvLibrary(ctx.database, store, TvMazeProvider(meta), images)
    ctx.extras["tv_library"] = library
    set_library_index(ctx, store)
    register_commands(ctx, library, settings.refresh_interval_hours)
    base = ctx.settings.http.url_base
    listing = series_listing(store, base)
    ctx.components.append(ListingWarmup(listing))
    app.include_router(series_router(DOMAIN, library, base, listing), prefix=base)
    app.include_router(episode_router(DOMAIN, store, base), prefix=base)
    setup_library_routes(ctx, app, DOMAIN, library)
    app.include_router(wanted_router(DOMAIN, store, base), prefix=base)
    profiles = ctx.extras.get("quality_profiles")
    app.include_router(cutoff_router(DOMAIN, ctx.database, store, profiles, base), prefix=base)
    app.include_router(calendar_router(DOMAIN, ctx.database, store, base), prefix=base)
    app.include_router(ical_router(DOMAIN, ctx.database, store), prefix=base)
    app.include_router(languageprofile_router(DOMAIN), prefix=base)
    tv_config = TvConfigStore(ctx.database)
    wiring = ImportWiring(
        TvImportDomain(ctx.database, store, tv_config),
        TvImportPresenter(base),
        tv_config.media_management,
        library.root_folders,
        "DownloadedEpisodesScan",
    )
    importer = setup_import(ctx, app, DOMAIN, wiring)
    if ctx.extras.get("notifier") is not None:
        importer.on_imported = TvNotifications(ctx.extras["notifier"], store).on_imported
    app.include_router(config_router(DOMAIN, tv_config, NAMING_FIELDS, examples), prefix=base)
    app.include_router(mediacover_router(covers), prefix=base)
    setup_tv_grab(ctx, app, DOMAIN, store)


DOMAIN = ManagerDomain(
    role=Role.TV,
    app_name="Sonarr",
    version="4.0.15.2941",
    api_version="v3",
    category_field="tvCategory",
    library_ids_field="seriesIds",
    extra_version_dirs=(MIGRATIONS,),
    setup_routes=setup_library,
)


def spec() -> ServiceSpec:
    return manager_spec(DOMAIN)
