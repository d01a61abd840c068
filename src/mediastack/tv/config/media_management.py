"""``config/mediamanagement``: how imports touch files (Sonarr v4 defaults)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mediastack.manager.media_config.media_management import extra_extensions

EPISODE_TITLE_REQUIRED = ("always", "bulkSeasonReleases", "never")
PROPER_DOWNLOAD_TYPES = ("preferAndUpgrade", "doNotUpgrade", "doNotPrefer")
FILE_DATE_TYPES = ("none", "localAirDate", "utcAirDate")
RESCAN_AFTER_REFRESH = ("always", "afterManual", "never")


@dataclass(frozen=True, slots=True)
class MediaManagementConfig:
    """The media-management section; field names follow ``MediaManagementConfigResource``."""

    auto_unmonitor_previously_downloaded_episodes: bool = False
    recycle_bin: str = ""
    recycle_bin_cleanup_days: int = 7
    download_propers_and_repacks: str = "preferAndUpgrade"
    create_empty_series_folders: bool = False
    delete_empty_folders: bool = False
    file_date: str = "none"
    rescan_after_refresh: str = "always"
    set_permissions_linux: bool = False
    chmod_folder: str = "755"
    chown_group: str = ""
    episode_title_required: str = "always"
    skip_free_space_check_when_importing: bool = False
    minimum_free_space_when_importing: int = 100  # MB
    copy_using_hardlinks: bool = True
    use_script_import: bool = False
    script_import_path: str = ""
    import_extra_files: bool = False
    extra_file_extensions: str = "srt"
    enable_media_info: bool = True

    def extra_extensions(self) -> frozenset[str]:
        return extra_extensions(self.extra_file_extensions)

    def resource(self) -> dict[str, Any]:
        out: dict[str, Any] = {api: getattr(self, attr) for api, attr in FIELDS.items()}
        out["id"] = 1
        return out


FIELDS: dict[str, str] = {
    "autoUnmonitorPreviouslyDownloadedEpisodes": "auto_unmonitor_previously_downloaded_episodes",
    "recycleBin": "recycle_bin",
    "recycleBinCleanupDays": "recycle_bin_cleanup_days",
    "downloadPropersAndRepacks": "download_propers_and_repacks",
    "createEmptySeriesFolders": "create_empty_series_folders",
    "deleteEmptyFolders": "delete_empty_folders",
    "fileDate": "file_date",
    "rescanAfterRefresh": "rescan_after_refresh",
    "setPermissionsLinux": "set_permissions_linux",
    "chmodFolder": "chmod_folder",
    "chownGroup": "chown_group",
    "episodeTitleRequired": "episode_title_required",
    "skipFreeSpaceCheckWhenImporting": "skip_free_space_check_when_importing",
    "minimumFreeSpaceWhenImporting": "minimum_free_space_when_importing",
    "copyUsingHardlinks": "copy_using_hardlinks",
    "useScriptImport": "use_script_import",
    "scriptImportPath": "script_import_path",
    "importExtraFiles": "import_extra_files",
    "extraFileExtensions": "extra_file_extensions",
    "enableMediaInfo": "enable_media_info",
}
