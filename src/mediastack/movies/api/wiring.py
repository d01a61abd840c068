"""Mounting the movie file, cutoff and exclusion routes once the import and grab paths
exist (file deletes read the import's recycle bin; the cutoff search uses the grab)."""

from __future__ import annotations

from fastapi import FastAPI

from mediastack.core.http import ServiceContext
from mediastack.manager.api.exclusions import RADARR_EXCLUSIONS, exclusions_router
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.history import HistoryStore
from mediastack.manager.import_list_exclusions import ImportListExclusionStore
from mediastack.manager.importing.importer import Importer
from mediastack.manager.library.file_edits import FileEdits
from mediastack.manager.library.file_removal import FileRemoval
from mediastack.movies.api.cutoff_unmet import CutoffUnmet, cutoff_router, cutoff_unmet_search
from mediastack.movies.api.moviefile import moviefile_router
from mediastack.movies.grab.commands import MovieGrabService, MovieSearches
from mediastack.movies.library.rows import MovieFileRow
from mediastack.movies.library.service import MovieLibrary


def setup_movie_api(
    ctx: ServiceContext,
    app: FastAPI,
    domain: ManagerDomain,
    library: MovieLibrary,
    service: MovieGrabService,
) -> None:
    store = library.store
    base = ctx.settings.http.url_base
    importer: Importer[object, object] = ctx.extras["importer"]
    removal = FileRemoval(
        HistoryStore(ctx.database), lambda: importer.settings().recycle_bin, ctx.ownership
    )
    files = moviefile_router(domain, store, FileEdits(ctx.database, MovieFileRow), removal)
    app.include_router(files, prefix=base)
    cutoff = CutoffUnmet(ctx.database, store, ctx.extras.get("quality_profiles"))
    app.include_router(cutoff_router(domain, cutoff, base), prefix=base)
    exclusions = ImportListExclusionStore(ctx.database)
    app.include_router(exclusions_router(domain, exclusions, RADARR_EXCLUSIONS), prefix=base)
    searches = MovieSearches(service, store)
    ctx.commands.register("CutoffUnmetMoviesSearch", cutoff_unmet_search(cutoff, searches.search))
