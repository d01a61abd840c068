"""Radarr's checks of the naming and media-management sections, on the engine's store."""

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
from mediastack.movies.config import media_management as mm
from mediastack.movies.config import naming as nm
from mediastack.movies.config.media_management import MovieMediaManagementConfig
from mediastack.movies.config.naming import MovieNamingConfig

_TITLE = re.compile(
    r"\{Movie[-. _]?(?:Title|CleanTitle|TitleYear|TitleThe|OriginalTitle)[^}]*\}", re.I
)
_ORIGINAL = re.compile(r"\{Original[-. _]?(?:Title|Filename)\}", re.IGNORECASE)


class MovieConfigRow(ConfigColumns, ManagerBase):
    __tablename__ = "movies_config"


def validate_naming(config: MovieNamingConfig) -> Errors:
    errors: Errors = []
    if not config.rename_movies:
        return errors
    standard = config.standard_movie_format
    if not _TITLE.search(standard) and not _ORIGINAL.search(standard):
        errors.append(("standardMovieFormat", "Must contain Movie Title", standard))
    if not _TITLE.search(config.movie_folder_format):
        errors.append(("movieFolderFormat", "Must contain Movie Title", config.movie_folder_format))
    return errors + unsafe_formats(
        (("standardMovieFormat", standard), ("movieFolderFormat", config.movie_folder_format))
    )


def validate_media_management(config: MovieMediaManagementConfig) -> Errors:
    errors = choices((("fileDate", config.file_date, mm.FILE_DATE_TYPES),))
    return errors + validate_common(config)


NAMING = Section("naming", MovieNamingConfig, nm.FIELDS, validate_naming, nm.PARSERS)
MEDIA = Section("mediamanagement", MovieMediaManagementConfig, mm.FIELDS, validate_media_management)


class MovieConfigStore(NamingAndMedia[MovieNamingConfig, MovieMediaManagementConfig]):
    def __init__(self, database: Database) -> None:
        super().__init__(database, MovieConfigRow, NAMING, MEDIA)
