"""The movie domain as the manager engine sees it, and the library it adds to the engine."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from fastapi import FastAPI

from mediastack.core.health import HealthCheck, HealthLevel, HealthResult
from mediastack.core.http import ServiceContext, ServiceSpec
from mediastack.core.logsetup import RedactSecrets
from mediastack.core.roles import Role
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.import_list_exclusions import ImportListExclusionStore
from mediastack.manager.library.index import set_library_index
from mediastack.manager.library.mediacover import cover_caches, mediacover_router
from mediastack.manager.service import manager_spec
from mediastack.movies.api.activity import activity_router
from mediastack.movies.api.movie import movie_router
from mediastack.movies.api.wiring import setup_movie_api
from mediastack.movies.commands import register_commands
from mediastack.movies.grab.setup import setup_movie_files
from mediastack.movies.library.service import MovieLibrary
from mediastack.movies.library.store import MovieStore
from mediastack.movies.metadata.tmdb import TmdbProvider
from mediastack.movies.settings import KEY_SETTING, MetadataSettings, movie_settings

MIGRATIONS = Path(__file__).with_name("migrations") / "versions"


def tmdb_key_check(settings: MetadataSettings) -> HealthCheck:
    """System > Status says up front that adds will fail until the user sets a key."""

    async def check() -> list[HealthResult]:
        await asyncio.sleep(0)
        if settings.has_key:
            return []
        return [
            HealthResult(
                "MetadataProviderCheck",
                HealthLevel.ERROR,
                f"No TMDB API key is set; movies cannot be looked up or added. Set {KEY_SETTING}.",
            )
        ]

    return check


def redact_key(settings: MetadataSettings) -> None:
    """The key travels in TMDB URLs (``api_key=``); keep it out of every log line."""
    key = settings.tmdb_api_key.get_secret_value().strip()
    for handler in logging.getLogger().handlers:
        for found in handler.filters:
            if isinstance(found, RedactSecrets):
                found.add(key)


def setup_library(ctx: ServiceContext, app: FastAPI) -> None:
    """Movies, movie files, covers and their commands on top of the engine's routes."""
    settings = movie_settings(ctx.settings)
    meta = settings.metadata
    redact_key(meta)
    images, covers = cover_caches(ctx.settings.config_dir / "MediaCover", meta)
    store = MovieStore(ctx.database)
    library = MovieLibrary(ctx.database, store, TmdbProvider(meta), images)
    ctx.extras["movie_library"] = library
    set_library_index(ctx, store)
    ctx.health_checks.append(tmdb_key_check(meta))
    register_commands(ctx, library, settings.refresh_interval_hours)
    base = ctx.settings.http.url_base
    exclusions = ImportListExclusionStore(ctx.database)
    app.include_router(movie_router(DOMAIN, library, base, exclusions), prefix=base)
    app.include_router(activity_router(DOMAIN, store, base), prefix=base)
    app.include_router(mediacover_router(covers, DOMAIN.api_prefix), prefix=base)
    setup_movie_api(ctx, app, DOMAIN, library, setup_movie_files(ctx, app, DOMAIN, library))


DOMAIN = ManagerDomain(
    role=Role.MOVIES,
    app_name="Radarr",
    version="5.26.2.10099",
    api_version="v3",
    category_field="movieCategory",
    library_ids_field="movieIds",
    extra_version_dirs=(MIGRATIONS,),
    setup_routes=setup_library,
)


def spec() -> ServiceSpec:
    return manager_spec(DOMAIN)
