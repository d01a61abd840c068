"""``MoviesSearch`` and ``MissingMoviesSearch`` (names and bodies as Radarr's clients send).

A search a person asks for (``MoviesSearch`` from the API or the UI) looks for the movies
whatever their monitoring and availability, as Radarr's manual trigger does; the missing
search covers monitored movies without a file that are available.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from mediastack.core.jobs import CommandHandler
from mediastack.manager.grab.commands import ints
from mediastack.manager.grab.service import GrabService, GrabSummary
from mediastack.movies.library.model import Movie
from mediastack.movies.library.store import MovieStore
from mediastack.movies.search.criteria import movie_criteria

MovieGrabService = GrabService[Movie, Movie]


class MovieSearches:
    def __init__(self, service: MovieGrabService, store: MovieStore) -> None:
        self.service = service
        self.store = store

    def search(self, movies: Sequence[Movie], user_invoked: bool) -> GrabSummary:
        total = GrabSummary()
        for movie in movies:
            automatic = self.service.automatic([movie_criteria(movie)], [movie.id], user_invoked)
            total.merge(self.service.runtime.run(automatic))
        return total

    def movies_search(self) -> CommandHandler:
        def run(body: Mapping[str, Any]) -> str:
            wanted = ints(body.get("movieIds")) or ints(body.get("movieId"))
            if not wanted:
                raise ValueError("MoviesSearch needs 'movieIds'")
            movies = self.store.many(wanted)
            return self.search(movies, True).text("Movie search")

        return run

    def missing_movies_search(self) -> CommandHandler:
        def run(body: Mapping[str, Any]) -> str:
            today = datetime.now(UTC).date()
            missing = [
                m
                for m in self.store.all()
                if m.monitored and not m.has_file and m.is_available(today)
            ]
            return self.search(missing, False).text("Missing movie search")

        return run
