"""Wiring the movie grab and import paths: the engine's setups plus Radarr's commands."""

from __future__ import annotations

from fastapi import FastAPI

from mediastack.core.http import ServiceContext
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.grab.setup import GrabWiring, setup_grab
from mediastack.manager.importing.setup import ImportWiring, setup_import
from mediastack.manager.media_config.api import config_router
from mediastack.movies.config.naming import FIELDS as NAMING_FIELDS
from mediastack.movies.config.store import MovieConfigStore
from mediastack.movies.grab.commands import MovieGrabService, MovieSearches
from mediastack.movies.grab.presenter import MovieGrabPresenter
from mediastack.movies.importing.domain import MovieImportDomain
from mediastack.movies.importing.presenter import MovieImportPresenter
from mediastack.movies.library.service import MovieLibrary
from mediastack.movies.naming import examples
from mediastack.movies.notifications import MovieNotifications
from mediastack.movies.search.domain import MovieSearchDomain


def setup_movie_files(
    ctx: ServiceContext, app: FastAPI, domain: ManagerDomain, library: MovieLibrary
) -> MovieGrabService:
    """Settings, import, grab, search commands and notifications, in the order they need."""
    store = library.store
    base = ctx.settings.http.url_base
    config = MovieConfigStore(ctx.database)
    app.include_router(config_router(domain, config, NAMING_FIELDS, examples), prefix=base)
    wiring = ImportWiring(
        MovieImportDomain(store, config),
        MovieImportPresenter(base),
        config.media_management,
        library.root_folders,
        "DownloadedMoviesScan",
    )
    importer = setup_import(ctx, app, domain, wiring)
    presenter = MovieGrabPresenter(store, base)
    grab = GrabWiring(MovieSearchDomain(store), presenter, "MoviesSearch", "movieIds")
    service = setup_grab(ctx, app, domain, grab)
    notifier = ctx.extras.get("notifier")
    if notifier is not None:
        hooks = MovieNotifications(notifier, store)
        importer.on_imported = hooks.on_imported
        service.grabber.on_grabbed = hooks.on_grabbed
        if service.completion is not None:
            service.completion.on_outcome = hooks.on_import_outcome
    searches = MovieSearches(service, store)
    ctx.commands.register("MoviesSearch", searches.movies_search())
    ctx.commands.register("MissingMoviesSearch", searches.missing_movies_search())
    return service
