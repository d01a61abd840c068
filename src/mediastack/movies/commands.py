"""``RefreshMovie`` and ``RescanMovie``: the library's persisted commands. Without
``movieId``/``movieIds`` they cover the whole library, which is what the schedule queues
(Bazarr sends ``RescanMovie {movieId}``).
"""

from __future__ import annotations

from mediastack.core.jobs import CommandHandler
from mediastack.manager.library.commands import LibraryCommands
from mediastack.movies.library.service import MovieLibrary, MovieNotFoundError


def _commands(library: MovieLibrary) -> LibraryCommands:
    ids = library.store.ids
    return LibraryCommands("movieId", "movieIds", "movie", "movies", ids, MovieNotFoundError)


def refresh_movie(library: MovieLibrary) -> CommandHandler:
    return _commands(library).refresh(lambda movie_id, _: library.refresh(movie_id))


def rescan_movie(library: MovieLibrary) -> CommandHandler:
    return _commands(library).rescan(library.rescan)
