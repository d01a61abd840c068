"""``config/mediamanagement``: Sonarr's own fields over the shared ones (v4 defaults)."""

from __future__ import annotations

from dataclasses import dataclass

from mediastack.manager.media_config.media_management import MediaManagementBase, api_fields

EPISODE_TITLE_REQUIRED = ("always", "bulkSeasonReleases", "never")
FILE_DATE_TYPES = ("none", "localAirDate", "utcAirDate")


@dataclass(frozen=True, slots=True)
class MediaManagementConfig(MediaManagementBase):
    """Field names follow Sonarr's ``MediaManagementConfigResource``."""

    auto_unmonitor_previously_downloaded_episodes: bool = False
    create_empty_series_folders: bool = False
    episode_title_required: str = "always"


FIELDS = api_fields(MediaManagementConfig)
