"""Typed results of the release-name parser.

Every object is a frozen dataclass: a parse result is a value that can be cached,
compared and shared between threads without defensive copies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

App = Literal["sonarr", "radarr", "lidarr"]
APPS: tuple[App, ...] = ("sonarr", "radarr", "lidarr")


@dataclass(frozen=True, slots=True)
class Revision:
    """How many times a release was re-issued (PROPER/REPACK/v2) and how often REAL."""

    version: int = 1
    real: int = 0
    is_repack: bool = False


@dataclass(frozen=True, slots=True)
class QualityModel:
    """The quality as the apps name it, plus the facts it was derived from.

    ``source`` is one of ``tv|dvd|webdl|webrip|bluray|cam|telesync|telecine|
    dvdscr|regional|workprint|unknown`` (or an audio codec family for music),
    ``resolution`` is 0 when unknown and ``modifier`` is ``remux``, ``brdisk``,
    ``rawhd`` or ``""``.
    """

    name: str = "Unknown"
    source: str = "unknown"
    resolution: int = 0
    modifier: str = ""
    revision: Revision = field(default_factory=Revision)


@dataclass(frozen=True, slots=True)
class EpisodeInfo:
    """TV-specific facts (Sonarr semantics: season 0 with absolute numbers for anime)."""

    series_title: str = ""
    series_titles: tuple[str, ...] = ()
    title_without_year: str = ""
    year: int = 0
    season: int = 0
    episodes: tuple[int, ...] = ()
    absolute_episodes: tuple[int, ...] = ()
    special_absolute_episodes: tuple[float, ...] = ()
    air_date: str | None = None
    daily_part: int | None = None
    full_season: bool = False
    partial_season: bool = False
    season_part: int = 0
    multi_season: bool = False
    season_extra: bool = False
    special: bool = False
    split_episode: bool = False


@dataclass(frozen=True, slots=True)
class MovieInfo:
    """Movie-specific facts (Radarr semantics)."""

    movie_title: str = ""
    movie_titles: tuple[str, ...] = ()
    year: int = 0
    edition: str = ""
    imdb_id: str | None = None
    tmdb_id: int | None = None
    hardcoded_subs: str | None = None


@dataclass(frozen=True, slots=True)
class MusicInfo:
    """Album-specific facts (Lidarr semantics)."""

    artist: str = ""
    album: str = ""
    year: int = 0
    discography: bool = False
    discography_start: int = 0
    discography_end: int = 0
    disc: int = 0


@dataclass(frozen=True, slots=True)
class ParsedRelease:
    """Everything the parser found in one release or file name.

    ``title`` is the title as written (cleaned of site prefixes, paths and
    extensions) and ``normalized_title`` the form used for matching against a
    library. Exactly one of ``episode``, ``movie`` or ``music`` is set when the
    structure of the name was recognised for the requested app; the quality,
    languages and release group are filled in regardless, as the apps do.
    """

    input: str
    app: App
    title: str
    normalized_title: str
    quality: QualityModel
    languages: tuple[str, ...]
    release_group: str | None
    release_hash: str = ""
    episode: EpisodeInfo | None = None
    movie: MovieInfo | None = None
    music: MusicInfo | None = None
