"""Sonarr's checks of the naming and media-management sections, on the engine's store.

The store, the type checks and the routes are the engine's (``manager.media_config``);
what is Sonarr's is which tokens each format must hold and the media-management choices.
"""

from __future__ import annotations

import re

from mediastack.core.db import Database
from mediastack.manager.db import ManagerBase
from mediastack.manager.media_config.media_management import (
    choices,
    unsafe_formats,
    validate_common,
)
from mediastack.manager.media_config.store import ConfigColumns, Errors, NamingAndMedia, Section
from mediastack.manager.naming import ColonReplacement
from mediastack.tv.config import media_management as mm
from mediastack.tv.config import naming as nm
from mediastack.tv.config.media_management import MediaManagementConfig
from mediastack.tv.config.naming import NamingConfig

_SEASON = re.compile(r"\{season(?::0+)?\}", re.IGNORECASE)
_EPISODE = re.compile(r"\{episode(?::0+)?\}", re.IGNORECASE)
_ABSOLUTE = re.compile(r"\{absolute(?::0+)?\}", re.IGNORECASE)
_AIR_DATE = re.compile(r"\{Air[-. _]?Date\}", re.IGNORECASE)
_ORIGINAL = re.compile(r"\{Original[-. _]?(?:Title|Filename)\}", re.IGNORECASE)
_SERIES = re.compile(r"\{Series[-. _]?(?:Title|CleanTitle|TitleYear|TitleThe|Id)[^}]*\}", re.I)


class TvConfigRow(ConfigColumns, ManagerBase):
    __tablename__ = "tv_config"


def validate_naming(config: NamingConfig) -> Errors:
    errors: Errors = []
    if int(config.colon_replacement_format) not in {int(c) for c in ColonReplacement}:
        errors.append(("colonReplacementFormat", "Invalid colon replacement format", None))
    if not config.rename_episodes:
        return errors
    standard = config.standard_episode_format
    if not (_SEASON.search(standard) and _EPISODE.search(standard)) and not _ORIGINAL.search(
        standard
    ):
        errors.append(
            (
                "standardEpisodeFormat",
                "Must contain season and episode numbers OR Original Title",
                standard,
            )
        )
    daily = config.daily_episode_format
    daily_ok = _AIR_DATE.search(daily) or (_SEASON.search(daily) and _EPISODE.search(daily))
    if not daily_ok and not _ORIGINAL.search(daily):
        errors.append(
            (
                "dailyEpisodeFormat",
                "Must contain Air Date OR Season and Episode OR Original Title",
                daily,
            )
        )
    anime = config.anime_episode_format
    anime_ok = _ABSOLUTE.search(anime) or (_SEASON.search(anime) and _EPISODE.search(anime))
    if not anime_ok and not _ORIGINAL.search(anime):
        errors.append(
            (
                "animeEpisodeFormat",
                "Must contain Absolute Episode number OR Season and Episode OR Original Title",
                anime,
            )
        )
    if not _SERIES.search(config.series_folder_format):
        errors.append(
            ("seriesFolderFormat", "Must contain series title", config.series_folder_format)
        )
    if not _SEASON.search(config.season_folder_format):
        errors.append(
            ("seasonFolderFormat", "Must contain season number", config.season_folder_format)
        )
    errors += unsafe_formats(
        (
            ("standardEpisodeFormat", standard),
            ("dailyEpisodeFormat", daily),
            ("animeEpisodeFormat", anime),
            ("seriesFolderFormat", config.series_folder_format),
            ("seasonFolderFormat", config.season_folder_format),
            ("specialsFolderFormat", config.specials_folder_format),
        )
    )
    return errors


def validate_media_management(config: MediaManagementConfig) -> Errors:
    errors = choices(
        (
            ("episodeTitleRequired", config.episode_title_required, mm.EPISODE_TITLE_REQUIRED),
            ("fileDate", config.file_date, mm.FILE_DATE_TYPES),
        )
    )
    return errors + validate_common(config)


NAMING = Section("naming", NamingConfig, nm.FIELDS, validate_naming)
MEDIA = Section("mediamanagement", MediaManagementConfig, mm.FIELDS, validate_media_management)


class TvConfigStore(NamingAndMedia[NamingConfig, MediaManagementConfig]):
    def __init__(self, database: Database) -> None:
        super().__init__(database, TvConfigRow, NAMING, MEDIA)
