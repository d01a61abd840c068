"""The TV domain's view of provider metadata: what a series, season and episode are.

Providers map their wire format to these; the library stores them. Ids from every
catalogue are kept because the ecosystem speaks TVDB (Overseerr adds by ``tvdbId``) while
the data comes from TVmaze.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class EpisodeInfo:
    provider_id: int
    season_number: int
    episode_number: int
    title: str
    air_date: date | None  # the local broadcast date, as the network announces it
    air_date_utc: datetime | None
    runtime: int | None
    overview: str
    absolute_number: int | None = None


@dataclass(frozen=True, slots=True)
class SeasonInfo:
    number: int
    poster_url: str | None = None


@dataclass(frozen=True, slots=True)
class SeriesInfo:
    tvmaze_id: int
    title: str
    tvdb_id: int | None
    imdb_id: str | None
    tvrage_id: int | None
    status: str  # continuing / ended / upcoming (Sonarr's words)
    overview: str
    network: str | None
    air_time: str | None
    runtime: int
    genres: list[str]
    language: str | None
    year: int | None
    first_aired: date | None
    last_aired: date | None
    rating: float | None
    poster_url: str | None
    fanart_url: str | None
    series_type: str = "standard"
    seasons: list[SeasonInfo] = field(default_factory=list)
    episodes: list[EpisodeInfo] | None = None  # None: not fetched (search results)
