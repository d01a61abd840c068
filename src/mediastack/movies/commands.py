"""``RefreshMovie`` and ``RescanMovie``: the library's persisted commands. Without
``movieId``/``movieIds`` they cover the whole library, which is what the schedule queues
(Bazarr sends ``RescanMovie {movieId}``).
"""

from __future__ import annotations

from mediastack.core.http import ServiceContext
from mediastack.manager.library.commands import LibraryCommands
from mediastack.movies.library.service import MovieLibrary, MovieNotFoundError


def register_commands(ctx: ServiceContext, library: MovieLibrary, every_hours: float) -> None:
    commands = LibraryCommands(
        "movieId", "movieIds", "movie", "movies", library.store.ids, MovieNotFoundError
    )
    refresh = library.refresh
    commands.register(
        ctx, "Movie", lambda movie_id, _: refresh(movie_id), library.rescan, every_hours
    )
