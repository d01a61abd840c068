"""The library as the rest of the movie service sees it: plain, immutable records.

Handlers and commands never hold ORM rows outside a session; the store hands out these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mediastack.manager.library.model import LibraryItem, MediaFile
from mediastack.movies.metadata.models import ReleaseDates, is_available, movie_status


@dataclass(frozen=True, slots=True)
class MovieFile(MediaFile):
    movie_id: int
    edition: str | None
    languages: list[str]
    quality_model: dict[str, Any] | None = None  # set by an import: revision included
    custom_format_score: int = 0
    original_file_path: str | None = None
    download_id: str | None = None
    media_info: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Movie(LibraryItem):
    tmdb_id: int
    imdb_id: str | None
    title: str
    original_title: str
    original_language: str | None
    sort_title: str
    title_slug: str
    tmdb_status: str
    overview: str
    year: int | None
    dates: ReleaseDates
    runtime: int
    genres: list[str]
    studio: str | None
    website: str | None
    certification: str | None
    rating: float | None
    votes: int
    popularity: float
    poster_url: str | None
    fanart_url: str | None
    youtube_trailer_id: str | None
    collection_tmdb_id: int | None
    collection_title: str | None
    alternate_titles: list[str]
    minimum_availability: str
    file: MovieFile | None = None

    @property
    def has_file(self) -> bool:
        return self.file is not None

    def status(self, today: date) -> str:
        return movie_status(self.tmdb_status, self.dates, today)

    def is_available(self, today: date) -> bool:
        return is_available(self.minimum_availability, self.dates, today)


@dataclass(frozen=True, slots=True)
class MovieOptions:
    """What the user chooses when adding a movie (the rest comes from metadata)."""

    path: str
    root_folder_path: str
    quality_profile_id: int
    minimum_availability: str = "released"
    monitored: bool = True
    tags: list[int] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FoundMovieFile:
    """The video file a scan chose for a movie, with what its name tells."""

    relative_path: str
    path: str
    size: int
    quality: str
    edition: str | None
    release_group: str | None
    scene_name: str | None
    languages: list[str]
