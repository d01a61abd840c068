"""Lidarr's ``config/naming`` and ``config/mediamanagement`` sections on the engine's store.

The store, the type checks, the common checks and the routes are the engine's
(``manager.media_config``); what is Lidarr's is the naming fields and their rules
(``naming.py``) and the media-management fields and choices below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from mediastack.core.db import Database
from mediastack.manager.db import ManagerBase
from mediastack.manager.media_config.media_management import (
    choices,
    extra_extensions,
    unsafe_formats,
    validate_common,
)
from mediastack.manager.media_config.store import (
    ConfigColumns,
    ConfigValidationError,
    Errors,
    SectionLike,
    SectionStore,
    coerce,
)
from mediastack.music import naming
from mediastack.music.naming import MusicNamingConfig

PROPER_DOWNLOAD_TYPES = ("preferAndUpgrade", "doNotUpgrade", "doNotPrefer")
FILE_DATE_TYPES = ("none", "albumReleaseDate")
RESCAN_AFTER_REFRESH = ("always", "afterManual", "never")
ALLOW_FINGERPRINTING = ("never", "newFiles", "allFiles")
T = TypeVar("T", bound=SectionLike)


class MusicConfigRow(ConfigColumns, ManagerBase):
    __tablename__ = "music_config"


@dataclass(frozen=True, slots=True)
class MusicMediaManagement:
    """Lidarr's ``MediaManagementConfigResource``; defaults are Lidarr's."""

    auto_unmonitor_previously_downloaded_tracks: bool = False
    recycle_bin: str = ""
    recycle_bin_cleanup_days: int = 7
    download_propers_and_repacks: str = "preferAndUpgrade"
    create_empty_artist_folders: bool = False
    delete_empty_folders: bool = False
    file_date: str = "none"
    watch_library_for_changes: bool = True
    rescan_after_refresh: str = "always"
    allow_fingerprinting: str = "newFiles"
    set_permissions_linux: bool = False
    chmod_folder: str = "755"
    chown_group: str = ""
    skip_free_space_check_when_importing: bool = False
    minimum_free_space_when_importing: int = 100  # MB
    copy_using_hardlinks: bool = True
    enable_media_info: bool = True
    use_script_import: bool = False
    script_import_path: str = ""
    import_extra_files: bool = False
    extra_file_extensions: str = "srt"

    def extra_extensions(self) -> frozenset[str]:
        return extra_extensions(self.extra_file_extensions)

    def resource(self) -> dict[str, Any]:
        return {**{api: getattr(self, attr) for api, attr in MEDIA_FIELDS.items()}, "id": 1}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


MEDIA_FIELDS: dict[str, str] = {
    _camel(name): name for name in MusicMediaManagement.__dataclass_fields__
}


def validate_media_management(config: MusicMediaManagement) -> Errors:
    errors = choices(
        (
            (
                "downloadPropersAndRepacks",
                config.download_propers_and_repacks,
                PROPER_DOWNLOAD_TYPES,
            ),
            ("fileDate", config.file_date, FILE_DATE_TYPES),
            ("rescanAfterRefresh", config.rescan_after_refresh, RESCAN_AFTER_REFRESH),
            ("allowFingerprinting", config.allow_fingerprinting, ALLOW_FINGERPRINTING),
        )
    )
    return errors + validate_common(config)


def validate_naming(config: MusicNamingConfig) -> Errors:
    formats = (
        ("standardTrackFormat", config.standard_track_format),
        ("multiDiscTrackFormat", config.multi_disc_track_format),
        ("artistFolderFormat", config.artist_folder_format),
    )
    return naming.validate(config) + unsafe_formats(formats)


class MusicConfigStore:
    """Both sections, read fresh on every use so a PUT applies at once."""

    def __init__(self, database: Database) -> None:
        self._sections = SectionStore(database, MusicConfigRow)

    def naming(self) -> MusicNamingConfig:
        return self._sections.read("naming", MusicNamingConfig)

    def media_management(self) -> MusicMediaManagement:
        return self._sections.read("mediamanagement", MusicMediaManagement)

    @staticmethod
    def _checked(
        body: Mapping[str, Any],
        fields: Mapping[str, str],
        current: T,
        validate: Callable[[T], Errors],
    ) -> T:
        merged, errors = coerce(body, fields, current)
        errors = errors or validate(merged)
        if errors:
            raise ConfigValidationError(errors)
        return merged

    def naming_from(self, body: Mapping[str, Any]) -> MusicNamingConfig:
        return self._checked(body, naming.FIELDS, self.naming(), validate_naming)

    def save_naming(self, body: Mapping[str, Any]) -> MusicNamingConfig:
        config = self.naming_from(body)
        self._sections.write("naming", config)
        return config

    def save_media_management(self, body: Mapping[str, Any]) -> MusicMediaManagement:
        current = self.media_management()
        config = self._checked(body, MEDIA_FIELDS, current, validate_media_management)
        self._sections.write("mediamanagement", config)
        return config
