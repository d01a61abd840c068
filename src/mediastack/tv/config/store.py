"""Sonarr's checks of the naming and media-management sections, on the engine's store.

The store, the type checks and the routes are the engine's (``manager.media_config``);
what is Sonarr's is which tokens each format must hold and the media-management choices.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mediastack.core.db import Database
from mediastack.manager.db import ManagerBase
from mediastack.manager.media_config.media_management import (
    choices,
    unsafe_formats,
    validate_common,
)
from mediastack.manager.media_config.store import (
    ConfigColumns,
    ConfigValidationError,
    Errors,
    SectionStore,
    coerce,
)
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
            (
                "downloadPropersAndRepacks",
                config.download_propers_and_repacks,
                mm.PROPER_DOWNLOAD_TYPES,
            ),
            ("fileDate", config.file_date, mm.FILE_DATE_TYPES),
            ("rescanAfterRefresh", config.rescan_after_refresh, mm.RESCAN_AFTER_REFRESH),
        )
    )
    return errors + validate_common(config)


class TvConfigStore:
    """The two sections, read fresh on every use (they are small; a PUT applies at once)."""

    def __init__(self, database: Database) -> None:
        self._sections = SectionStore(database, TvConfigRow)

    def naming(self) -> NamingConfig:
        return self._sections.read("naming", NamingConfig)

    def media_management(self) -> MediaManagementConfig:
        return self._sections.read("mediamanagement", MediaManagementConfig)

    def naming_from(self, body: Mapping[str, Any]) -> NamingConfig:
        """The stored naming config with the client's fields applied and checked."""
        merged, errors = coerce(body, nm.FIELDS, self.naming())
        errors += validate_naming(merged) if not errors else []
        if errors:
            raise ConfigValidationError(errors)
        return merged

    def save_naming(self, body: Mapping[str, Any]) -> NamingConfig:
        config = self.naming_from(body)
        self._sections.write("naming", config)
        return config

    def save_media_management(self, body: Mapping[str, Any]) -> MediaManagementConfig:
        merged, errors = coerce(body, mm.FIELDS, self.media_management())
        errors += validate_media_management(merged) if not errors else []
        if errors:
            raise ConfigValidationError(errors)
        self._sections.write("mediamanagement", merged)
        return merged
