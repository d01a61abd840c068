"""Sonarr's naming tokens on top of the generic engine: what a TV file and folder are called.

The token set is Sonarr's (``{Series Title}``, ``{season:00}``, ``{Episode Title}``,
``{Quality Full}``, ``{Air-Date}``, ``{absolute:000}``, ``{Release Group}``,
``{MediaInfo ...}``...), so formats copied from Sonarr or the TRaSH guides name files
identically. MediaInfo tokens read what the import probed (``manager.importing.media_info``);
without a probe they render empty and their optional prefixes/suffixes vanish with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import PurePosixPath

from mediastack.manager.importing.media_info import MediaInfo
from mediastack.manager.naming import (
    NamingOptions,
    TokenMatch,
    clean_title,
    expand_multi_episode,
    render,
    title_the,
    title_year,
)
from mediastack.manager.naming.engine import pad_number, truncate_text
from mediastack.manager.naming.facts import FileFacts as BaseFileFacts
from mediastack.manager.naming.file_tokens import file_tokens, media_info_tokens
from mediastack.manager.parser.model import Revision
from mediastack.tv.config.naming import NamingConfig
from mediastack.tv.library.model import Episode, Series

__all__ = [
    "EpisodeFacts",
    "FileFacts",
    "SeriesFacts",
    "TvNamer",
    "examples",
]

_PART_SUFFIX = re.compile(r"\s*(?:\((?:part\s*)?\d+\)|,?\s*part\s*\d+|\s\d+)$", re.IGNORECASE)
_YEAR_SUFFIX = re.compile(r"\s*\((?:19|20)\d\d\)$")
_TITLE_TRIM = " .?!"


@dataclass(frozen=True, slots=True)
class SeriesFacts:
    """What series tokens read (a plain value so examples need no database)."""

    title: str
    year: int | None = None
    series_type: str = "standard"
    tvdb_id: int | None = None
    tvmaze_id: int | None = None
    imdb_id: str | None = None

    @classmethod
    def of(cls, series: Series) -> SeriesFacts:
        return cls(
            series.title,
            series.year,
            series.series_type,
            series.tvdb_id,
            series.tvmaze_id,
            series.imdb_id,
        )


@dataclass(frozen=True, slots=True)
class EpisodeFacts:
    season: int
    episode: int
    title: str = ""
    absolute: int | None = None
    air_date: date | None = None

    @classmethod
    def of(cls, episode: Episode) -> EpisodeFacts:
        return cls(
            episode.season_number,
            episode.episode_number,
            episode.title,
            episode.absolute_episode_number,
            episode.air_date,
        )


def _episode_title(episodes: Sequence[EpisodeFacts]) -> str:
    """One title; for a multi-episode file the distinct titles without ``(1)``/``Part 1``."""
    if len(episodes) == 1:
        return episodes[0].title.rstrip(_TITLE_TRIM)
    titles = [e.title.rstrip(_TITLE_TRIM) for e in episodes]
    cleaned = list(dict.fromkeys(_PART_SUFFIX.sub("", t).strip() for t in titles))
    if all(not t for t in cleaned):
        cleaned = list(dict.fromkeys(titles))
    return " + ".join(t for t in cleaned if t)


@dataclass(frozen=True, slots=True)
class FileFacts(BaseFileFacts):
    """What the file contributes beyond every original's facts: its media info."""

    media_info: MediaInfo | None = None


Handlers = dict[str, Callable[[TokenMatch], str]]


def _series_tokens(series: SeriesFacts) -> Handlers:
    without_year = _YEAR_SUFFIX.sub("", series.title)
    return {
        "Series Title": lambda m: series.title,
        "Series TitleYear": lambda m: title_year(series.title, series.year),
        "Series TitleWithoutYear": lambda m: without_year,
        "Series CleanTitle": lambda m: clean_title(series.title),
        "Series CleanTitleYear": lambda m: clean_title(title_year(series.title, series.year)),
        "Series CleanTitleWithoutYear": lambda m: clean_title(without_year),
        "Series TitleThe": lambda m: title_the(series.title),
        "Series TitleTheYear": lambda m: title_year(title_the(series.title), series.year),
        "Series TitleFirstCharacter": lambda m: (title_the(series.title)[:1] or "_").upper(),
        "Series Year": lambda m: str(series.year or ""),
        "ImdbId": lambda m: series.imdb_id or "",
        "TvdbId": lambda m: str(series.tvdb_id or ""),
        "TvMazeId": lambda m: str(series.tvmaze_id or ""),
    }


def _season_tokens(season: int) -> Handlers:
    return {"season": lambda m: pad_number(season, m.format)}


def _episode_tokens(episodes: Sequence[EpisodeFacts], file: FileFacts) -> Handlers:
    first = episodes[0]
    title = _episode_title(episodes)
    air = first.air_date.isoformat() if first.air_date else "Unknown"
    absolute = first.absolute
    return {
        "episode": lambda m: pad_number(first.episode, m.format),
        "absolute": lambda m: pad_number(absolute, m.format) if absolute is not None else "",
        "Episode Title": lambda m: truncate_text(title, m.format),
        "Episode CleanTitle": lambda m: truncate_text(clean_title(title), m.format),
        "Air Date": lambda m: air.replace("-", " "),
        "Preferred Words": lambda m: "",
        "Release Hash": lambda m: "",
        **file_tokens(file),
        **media_info_tokens(file.media_info),
    }


class TvNamer:
    """Names of series folders, season folders and episode files under one naming config."""

    def __init__(self, config: NamingConfig) -> None:
        self.config = config

    def _options(self) -> NamingOptions:
        return self.config.options(frozenset({"episodetitle", "episodecleantitle"}))

    def episode_format(self, series: SeriesFacts, episodes: Sequence[EpisodeFacts]) -> str:
        """The standard, daily or anime format, as the series type (and the data) allow."""
        if series.series_type == "daily" and episodes[0].air_date is not None:
            return self.config.daily_episode_format
        if series.series_type == "anime" and all(e.absolute is not None for e in episodes):
            return self.config.anime_episode_format
        return self.config.standard_episode_format

    def file_name(
        self,
        series: SeriesFacts,
        episodes: Sequence[EpisodeFacts],
        file: FileFacts,
        extension: str = "",
    ) -> str:
        """The file's name (no folders unless the format has ``/``), extension appended."""
        ordered = sorted(episodes, key=lambda e: (e.season, e.episode))
        if not self.config.rename_episodes and file.original_name:
            return self._safe_original(file.original_name) + extension
        template = expand_multi_episode(
            self.episode_format(series, ordered),
            ordered[0].season,
            [e.episode for e in ordered],
            self.config.multi_episode_style,
            [e.absolute for e in ordered if e.absolute is not None],
        )
        handlers: Handlers = {
            **_series_tokens(series),
            **_season_tokens(ordered[0].season),
            **_episode_tokens(ordered, file),
        }
        name = render(template, handlers, self._options(), reserve_bytes=len(extension.encode()))
        return name + extension

    def _safe_original(self, name: str) -> str:
        return render("{Original Filename}", {"Original Filename": lambda m: name}, self._options())

    def series_folder(self, series: SeriesFacts) -> str:
        return render(self.config.series_folder_format, _series_tokens(series), self._options())

    def season_folder(self, series: SeriesFacts, season: int) -> str:
        template = (
            self.config.specials_folder_format if season == 0 else self.config.season_folder_format
        )
        handlers = {**_series_tokens(series), **_season_tokens(season)}
        return render(template, handlers, self._options())

    def relative_path(
        self,
        series: SeriesFacts,
        episodes: Sequence[EpisodeFacts],
        file: FileFacts,
        extension: str,
        season_folder: bool = True,
    ) -> str:
        """Where the file goes below the series folder (``Season 01/<name>.mkv``)."""
        name = self.file_name(series, episodes, file, extension)
        if not season_folder:
            return name
        return str(PurePosixPath(self.season_folder(series, episodes[0].season)) / name)


_SAMPLE_SERIES = SeriesFacts("The Series Title's!", 2010, "standard", 12345, 54321, "tt12345")
_SAMPLE_FILE = FileFacts(
    quality="WEBDL-1080p",
    revision=Revision(version=2),
    release_group="RlsGrp",
    scene_name="The.Series.Title's!.S01E01.Episode.Title.1080p.WEBDL.x264-RlsGrp",
    original_name="The.Series.Title's!.S01E01.Episode.Title.1080p.WEBDL.x264-RlsGrp",
    media_info=MediaInfo(
        video_codec="x264", video_bit_depth=8, audio_codec="DTS", audio_channels=5.1,
        audio_languages=("ger",), subtitle_languages=("eng", "ger"), width=1920, height=1080,
    ),
)  # fmt: skip


def examples(config: NamingConfig) -> dict[str, str | None]:
    """``config/naming/examples``: the live preview the settings page shows under each format."""
    namer = TvNamer(replace(config, rename_episodes=True))
    eps = [EpisodeFacts(1, n, f"Episode Title ({n})", n, date(2013, 10, 30)) for n in range(1, 4)]
    daily = replace(_SAMPLE_SERIES, series_type="daily")
    anime = replace(_SAMPLE_SERIES, series_type="anime")
    return {
        "singleEpisodeExample": namer.file_name(_SAMPLE_SERIES, eps[:1], _SAMPLE_FILE, ".mkv"),
        "multiEpisodeExample": namer.file_name(_SAMPLE_SERIES, eps[:3], _SAMPLE_FILE, ".mkv"),
        "dailyEpisodeExample": namer.file_name(daily, eps[:1], _SAMPLE_FILE, ".mkv"),
        "animeEpisodeExample": namer.file_name(anime, eps[:1], _SAMPLE_FILE, ".mkv"),
        "animeMultiEpisodeExample": namer.file_name(anime, eps[:3], _SAMPLE_FILE, ".mkv"),
        "seriesFolderExample": namer.series_folder(_SAMPLE_SERIES),
        "seasonFolderExample": namer.season_folder(_SAMPLE_SERIES, 1),
        "specialsFolderExample": namer.season_folder(_SAMPLE_SERIES, 0),
    }
