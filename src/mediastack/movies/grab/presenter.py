"""Radarr's words in the release, queue, history and blocklist resources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mediastack.core.http import ApiError
from mediastack.manager.api.resources import invalid
from mediastack.manager.grab.api.presenter import ApiNames, SearchTarget
from mediastack.manager.history import HistoryEventType
from mediastack.manager.search.model import ReleaseDecision
from mediastack.movies.api.resources import movie_resource
from mediastack.movies.library.model import Movie
from mediastack.movies.library.store import MovieStore
from mediastack.movies.search.criteria import movie_criteria

# Radarr's MovieHistoryEventType: names and the codes ``eventType=`` filters use.
NAMES = ApiNames(
    subject="movie",
    item=None,
    event_names={
        HistoryEventType.SERIES_FOLDER_IMPORTED: "movieFolderImported",
        HistoryEventType.FILE_DELETED: "movieFileDeleted",
        HistoryEventType.FILE_RENAMED: "movieFileRenamed",
    },
    event_codes={
        HistoryEventType.GRABBED: 1,
        HistoryEventType.DOWNLOAD_FOLDER_IMPORTED: 3,
        HistoryEventType.DOWNLOAD_FAILED: 4,
        HistoryEventType.FILE_DELETED: 6,
        HistoryEventType.SERIES_FOLDER_IMPORTED: 7,
        HistoryEventType.FILE_RENAMED: 8,
        HistoryEventType.DOWNLOAD_IGNORED: 9,
    },
)


def _imdb_number(imdb_id: str | None) -> int:
    """Radarr's release resource carries the IMDb id as a number (``tt0133093`` -> 133093)."""
    digits = (imdb_id or "").removeprefix("tt")
    return int(digits) if digits.isdigit() else 0


class MovieGrabPresenter:
    names = NAMES

    def __init__(self, store: MovieStore, url_base: str) -> None:
        self.store = store
        self.url_base = url_base

    def search_target(self, params: Mapping[str, str]) -> SearchTarget:
        raw = params.get("movieId") or ""
        if not raw.isdigit():
            raise invalid("movieId", "'movieId' is required", raw or None)
        movie = self.store.get(int(raw))
        if movie is None:
            raise ApiError(404, f"Movie with ID {raw} does not exist")
        return SearchTarget([movie_criteria(movie)], [movie.id])

    def release_fields(self, rd: ReleaseDecision[Movie, Movie]) -> dict[str, Any]:
        candidate = rd.decision.candidate
        release = candidate.release
        info = candidate.parsed.movie
        movie = rd.subject
        titles = [info.movie_title, *info.movie_titles] if info else []
        return {
            "movieTitles": list(dict.fromkeys(t for t in titles if t)),
            "mappedMovieId": movie.id if movie else None,
            "movieId": movie.id if movie else None,
            "tmdbId": (movie.tmdb_id if movie else release.tmdb_id) or 0,
            "imdbId": _imdb_number(movie.imdb_id if movie else release.imdb_id),
            "movieRequested": candidate.requested,
            "edition": info.edition if info else "",
            "subGroup": "",
        }

    def subject_resource(self, subject_id: int) -> dict[str, Any] | None:
        movie = self.store.get(subject_id)
        return movie_resource(movie, self.url_base) if movie is not None else None

    def item_resource(self, item_id: int) -> dict[str, Any] | None:
        return None  # a movie is its own item

    def queue_fields(self, subject_id: int, item_id: int) -> dict[str, Any]:
        return {}

    def profile_id(self, subject_id: int) -> int | None:
        movie = self.store.get(subject_id)
        return movie.quality_profile_id if movie is not None else None

    def history_children(self, subject_id: int, params: Mapping[str, str]) -> set[int] | None:
        return None
