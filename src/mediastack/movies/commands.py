"""``RefreshMovie`` and ``RescanMovie``: the library's persisted commands.

Handlers run in a command worker thread (``core.jobs``), so the async provider calls get a
private event loop per command. Without ``movieId``/``movieIds`` they cover the whole
library, which is what the schedule queues (Bazarr sends ``RescanMovie {movieId}``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from mediastack.core.jobs import CommandHandler
from mediastack.manager.library.commands import command_targets, run_each
from mediastack.manager.metadata import MetadataError
from mediastack.movies.library.service import MovieLibrary, MovieNotFoundError


def refresh_movie(library: MovieLibrary) -> CommandHandler:
    def run(body: Mapping[str, Any]) -> str:
        targets = command_targets(body, "movieId", "movieIds", library.store.ids)
        failures = run_each(
            targets,
            lambda movie_id: asyncio.run(library.refresh(movie_id)),
            (MetadataError, MovieNotFoundError),
            "refresh of movie",
        )
        done = len(targets) - len(failures)
        return f"Refreshed {done} movies" + (f", {len(failures)} failed" if failures else "")

    return run


def rescan_movie(library: MovieLibrary) -> CommandHandler:
    def run(body: Mapping[str, Any]) -> str:
        targets = command_targets(body, "movieId", "movieIds", library.store.ids)
        added = removed = 0

        def scan(movie_id: int) -> None:
            nonlocal added, removed
            result = library.rescan(movie_id)
            added, removed = added + result.added, removed + result.removed

        failures = run_each(targets, scan, (MovieNotFoundError,), "rescan of movie")
        done = len(targets) - len(failures)
        return f"Rescanned {done} movies: {added} files added, {removed} removed"

    return run
