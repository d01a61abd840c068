"""The library as the rest of the TV service sees it: plain, immutable records.

Handlers and commands never hold ORM rows outside a session; the store hands out these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from mediastack.manager.library.model import LibraryItem, MediaFile


@dataclass(frozen=True, slots=True)
class Statistics:
    """Counts Sonarr shows per season and per series (``episodeCount`` counts what is
    wanted or held: monitored and aired, or with a file)."""

    episode_file_count: int = 0
    episode_count: int = 0
    total_episode_count: int = 0
    size_on_disk: int = 0
    release_groups: tuple[str, ...] = ()
    next_airing: datetime | None = None
    previous_airing: datetime | None = None

    @property
    def percent_of_episodes(self) -> float:
        if not self.episode_count:
            return 0.0
        return self.episode_file_count / self.episode_count * 100.0


@dataclass(frozen=True, slots=True)
class Season:
    season_number: int
    monitored: bool
    poster_url: str | None
    statistics: Statistics


@dataclass(frozen=True, slots=True)
class Series(LibraryItem):
    tvmaze_id: int
    tvdb_id: int | None
    imdb_id: str | None
    tvrage_id: int | None
    title: str
    sort_title: str
    title_slug: str
    status: str
    overview: str
    network: str | None
    air_time: str | None
    runtime: int
    year: int | None
    first_aired: date | None
    last_aired: date | None
    genres: list[str]
    language: str | None
    rating: float | None
    poster_url: str | None
    fanart_url: str | None
    series_type: str
    season_folder: bool
    monitor_new_items: str
    language_profile_id: int
    seasons: list[Season] = field(default_factory=list)

    @property
    def statistics(self) -> Statistics:
        stats = [s.statistics for s in self.seasons]
        nexts = [s.next_airing for s in stats if s.next_airing]
        prevs = [s.previous_airing for s in stats if s.previous_airing]
        return Statistics(
            episode_file_count=sum(s.episode_file_count for s in stats),
            episode_count=sum(s.episode_count for s in stats),
            total_episode_count=sum(s.total_episode_count for s in stats),
            size_on_disk=sum(s.size_on_disk for s in stats),
            release_groups=tuple(sorted({g for s in stats for g in s.release_groups})),
            next_airing=min(nexts) if nexts else None,
            previous_airing=max(prevs) if prevs else None,
        )

    @property
    def season_count(self) -> int:
        return sum(1 for s in self.seasons if s.season_number > 0)


@dataclass(frozen=True, slots=True)
class Episode:
    id: int
    series_id: int
    tvmaze_id: int | None
    season_number: int
    episode_number: int
    absolute_episode_number: int | None
    title: str
    overview: str
    air_date: date | None
    air_date_utc: datetime | None
    runtime: int | None
    monitored: bool
    episode_file_id: int | None

    @property
    def has_file(self) -> bool:
        return self.episode_file_id is not None


@dataclass(frozen=True, slots=True)
class EpisodeFile(MediaFile):
    series_id: int
    season_number: int
    languages: list[str]
    media_info: dict[str, Any] | None = None  # MediaInfo.stored(); None: not analysed


@dataclass(frozen=True, slots=True)
class SeriesOptions:
    """What the user chooses when adding a series (the rest comes from metadata)."""

    path: str
    root_folder_path: str
    quality_profile_id: int
    language_profile_id: int = 1
    series_type: str = "standard"
    season_folder: bool = True
    monitored: bool = True
    monitor_new_items: str = "all"
    tags: list[int] = field(default_factory=list)
    season_monitoring: dict[int, bool] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
