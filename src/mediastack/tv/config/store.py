"""Reading, validating and saving the naming and media-management sections.

Each section is one JSON document keyed by name, merged over the defaults on read, so a
new field added in a later version has its default without a data migration. Writes take the
client's whole resource (a GET-modify-PUT round trip, as Recyclarr and the UI do); missing
fields keep their stored value and every field is validated before anything is saved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields, replace
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import Database
from mediastack.manager.db import ManagerBase
from mediastack.manager.naming import ColonReplacement, MultiEpisodeStyle
from mediastack.tv.config import media_management as mm
from mediastack.tv.config import naming as nm
from mediastack.tv.config.media_management import MediaManagementConfig
from mediastack.tv.config.naming import NamingConfig

T = TypeVar("T", NamingConfig, MediaManagementConfig)

_SEASON = re.compile(r"\{season(?::0+)?\}", re.IGNORECASE)
_EPISODE = re.compile(r"\{episode(?::0+)?\}", re.IGNORECASE)
_ABSOLUTE = re.compile(r"\{absolute(?::0+)?\}", re.IGNORECASE)
_AIR_DATE = re.compile(r"\{Air[-. _]?Date\}", re.IGNORECASE)
_ORIGINAL = re.compile(r"\{Original[-. _]?(?:Title|Filename)\}", re.IGNORECASE)
_SERIES = re.compile(r"\{Series[-. _]?(?:Title|CleanTitle|TitleYear|TitleThe|Id)[^}]*\}", re.I)
_CHMOD = re.compile(r"^0?[0-7]{3}$")


class TvConfigRow(ManagerBase):
    __tablename__ = "tv_config"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)


class ConfigValidationError(ValueError):
    """``(propertyName, message, attemptedValue)`` triples, rendered as Sonarr's 400 array."""

    def __init__(self, errors: list[tuple[str, str, Any]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" for f, m, _ in errors))
        self.errors = errors


def _from_json(cls: type[T], stored: Mapping[str, Any]) -> T:
    defaults = cls()
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name in stored:
            values[f.name] = stored[f.name]
    merged = replace(defaults, **values)
    if isinstance(merged, NamingConfig):
        merged = replace(
            merged,
            colon_replacement_format=ColonReplacement(int(merged.colon_replacement_format)),
            multi_episode_style=MultiEpisodeStyle(int(merged.multi_episode_style)),
        )
    return merged


def _to_json(config: NamingConfig | MediaManagementConfig) -> dict[str, Any]:
    return {f.name: _plain(getattr(config, f.name)) for f in fields(config)}


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, (ColonReplacement, MultiEpisodeStyle)) else value


def _coerce(
    body: Mapping[str, Any], field_map: Mapping[str, str], current: T
) -> tuple[T, list[tuple[str, str, Any]]]:
    """Apply the client's fields onto ``current``, checking each one's type."""
    errors: list[tuple[str, str, Any]] = []
    changes: dict[str, Any] = {}
    for api_name, attr in field_map.items():
        if api_name not in body:
            continue
        value = body[api_name]
        existing = getattr(current, attr)
        if isinstance(existing, bool):
            if not isinstance(value, bool):
                errors.append((api_name, f"'{api_name}' must be true or false", value))
                continue
        elif isinstance(existing, int):
            if isinstance(value, bool) or not isinstance(value, int):
                errors.append((api_name, f"'{api_name}' must be a whole number", value))
                continue
        elif isinstance(existing, str):
            value = "" if value is None else value
            if not isinstance(value, str):
                errors.append((api_name, f"'{api_name}' must be text", value))
                continue
        changes[attr] = value
    return replace(current, **changes), errors


def validate_naming(config: NamingConfig) -> list[tuple[str, str, Any]]:
    errors: list[tuple[str, str, Any]] = []
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
    for api_name, value in (
        ("standardEpisodeFormat", standard),
        ("dailyEpisodeFormat", daily),
        ("animeEpisodeFormat", anime),
        ("seriesFolderFormat", config.series_folder_format),
        ("seasonFolderFormat", config.season_folder_format),
        ("specialsFolderFormat", config.specials_folder_format),
    ):
        if ".." in value.replace("...", "") or "\x00" in value:
            errors.append((api_name, "Must not contain '..' or NUL characters", value))
    return errors


def validate_media_management(config: MediaManagementConfig) -> list[tuple[str, str, Any]]:
    errors: list[tuple[str, str, Any]] = []
    checks: tuple[tuple[str, str, tuple[str, ...]], ...] = (
        ("episodeTitleRequired", config.episode_title_required, mm.EPISODE_TITLE_REQUIRED),
        (
            "downloadPropersAndRepacks",
            config.download_propers_and_repacks,
            mm.PROPER_DOWNLOAD_TYPES,
        ),
        ("fileDate", config.file_date, mm.FILE_DATE_TYPES),
        ("rescanAfterRefresh", config.rescan_after_refresh, mm.RESCAN_AFTER_REFRESH),
    )
    for name, value, allowed in checks:
        if value not in allowed:
            errors.append((name, f"'{name}' must be one of: {', '.join(allowed)}", value))
    if config.recycle_bin_cleanup_days < 0:
        errors.append(
            (
                "recycleBinCleanupDays",
                "Must be 0 (never) or more days",
                config.recycle_bin_cleanup_days,
            )
        )
    if config.minimum_free_space_when_importing < 100:
        errors.append(
            (
                "minimumFreeSpaceWhenImporting",
                "'Minimum Free Space When Importing' must be greater than or equal to '100'.",
                config.minimum_free_space_when_importing,
            )
        )
    if config.set_permissions_linux and not _CHMOD.match(config.chmod_folder):
        errors.append(("chmodFolder", "Must be a valid octal mode (e.g. 755)", config.chmod_folder))
    if config.recycle_bin:
        path = Path(config.recycle_bin)
        if not path.is_absolute() or "\x00" in config.recycle_bin:
            errors.append(("recycleBin", "Path must be absolute", config.recycle_bin))
        elif not path.is_dir():
            errors.append(("recycleBin", "Folder does not exist", config.recycle_bin))
    return errors


class TvConfigStore:
    """The two sections, read fresh on every use (they are small; a PUT applies at once)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def _read(self, key: str) -> dict[str, Any]:
        with self._db.session() as session:
            row = session.get(TvConfigRow, key)
            return dict(row.value) if row is not None else {}

    def _write(self, key: str, value: dict[str, Any]) -> None:
        with self._db.session() as session:
            row = session.get(TvConfigRow, key)
            if row is None:
                session.add(TvConfigRow(key=key, value=value))
            else:
                row.value = value

    def naming(self) -> NamingConfig:
        return _from_json(NamingConfig, self._read("naming"))

    def media_management(self) -> MediaManagementConfig:
        return _from_json(MediaManagementConfig, self._read("mediamanagement"))

    def naming_from(self, body: Mapping[str, Any]) -> NamingConfig:
        """The stored naming config with the client's fields applied and checked."""
        merged, errors = _coerce(body, nm.FIELDS, self.naming())
        if not errors:
            try:
                merged = replace(
                    merged,
                    colon_replacement_format=ColonReplacement(int(merged.colon_replacement_format)),
                )
            except ValueError:
                errors.append(
                    (
                        "colonReplacementFormat",
                        "Invalid colon replacement format",
                        merged.colon_replacement_format,
                    )
                )
            try:
                merged = replace(
                    merged, multi_episode_style=MultiEpisodeStyle(int(merged.multi_episode_style))
                )
            except ValueError:
                errors.append(
                    ("multiEpisodeStyle", "Invalid multi-episode style", merged.multi_episode_style)
                )
        errors += validate_naming(merged) if not errors else []
        if errors:
            raise ConfigValidationError(errors)
        return merged

    def save_naming(self, body: Mapping[str, Any]) -> NamingConfig:
        config = self.naming_from(body)
        self._write("naming", _to_json(config))
        return config

    def save_media_management(self, body: Mapping[str, Any]) -> MediaManagementConfig:
        merged, errors = _coerce(body, mm.FIELDS, self.media_management())
        errors += validate_media_management(merged) if not errors else []
        if errors:
            raise ConfigValidationError(errors)
        self._write("mediamanagement", _to_json(merged))
        return merged
