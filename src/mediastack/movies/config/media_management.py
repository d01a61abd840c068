"""``config/mediamanagement``: Radarr's own fields over the shared ones (v5 defaults)."""

from __future__ import annotations

from dataclasses import dataclass

from mediastack.manager.media_config.media_management import MediaManagementBase, api_fields

FILE_DATE_TYPES = ("none", "cinemas", "release")


@dataclass(frozen=True, slots=True)
class MovieMediaManagementConfig(MediaManagementBase):
    """Field names follow Radarr's ``MediaManagementConfigResource``."""

    auto_unmonitor_previously_downloaded_movies: bool = False
    create_empty_movie_folders: bool = False
    auto_rename_folders: bool = False
    paths_default_static: bool = False


FIELDS = api_fields(MovieMediaManagementConfig)
