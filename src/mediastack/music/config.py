"""Lidarr's ``config/naming`` and ``config/mediamanagement`` sections on the engine's store.

The store, the type checks, the common fields and checks and the routes are the engine's
(``manager.media_config``); what is Lidarr's is the naming fields and their rules
(``naming.py``) and the few media-management fields and choices below.
"""

from __future__ import annotations

from dataclasses import dataclass

from mediastack.core.db import Database
from mediastack.manager.db import ManagerBase
from mediastack.manager.media_config.media_management import (
    MediaManagementBase,
    api_fields,
    choices,
    unsafe_formats,
    validate_common,
)
from mediastack.manager.media_config.store import ConfigColumns, Errors, NamingAndMedia, Section
from mediastack.music import naming
from mediastack.music.naming import MusicNamingConfig

FILE_DATE_TYPES = ("none", "albumReleaseDate")
ALLOW_FINGERPRINTING = ("never", "newFiles", "allFiles")


class MusicConfigRow(ConfigColumns, ManagerBase):
    __tablename__ = "music_config"


@dataclass(frozen=True, slots=True)
class MusicMediaManagement(MediaManagementBase):
    """Lidarr's ``MediaManagementConfigResource``; defaults are Lidarr's."""

    auto_unmonitor_previously_downloaded_tracks: bool = False
    create_empty_artist_folders: bool = False
    watch_library_for_changes: bool = True
    allow_fingerprinting: str = "newFiles"


MEDIA_FIELDS = api_fields(MusicMediaManagement)


def validate_media_management(config: MusicMediaManagement) -> Errors:
    errors = choices(
        (
            ("fileDate", config.file_date, FILE_DATE_TYPES),
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


NAMING = Section("naming", MusicNamingConfig, naming.FIELDS, validate_naming)
MEDIA = Section("mediamanagement", MusicMediaManagement, MEDIA_FIELDS, validate_media_management)


class MusicConfigStore(NamingAndMedia[MusicNamingConfig, MusicMediaManagement]):
    """Both sections, read fresh on every use so a PUT applies at once."""

    def __init__(self, database: Database) -> None:
        super().__init__(database, MusicConfigRow, NAMING, MEDIA)
