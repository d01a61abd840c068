"""The media-management fields and checks every original has the same way.

Sonarr, Radarr and Lidarr share most of ``MediaManagementConfigResource`` (recycle bin,
hardlinks, free space, permissions, extra files...); each domain subclasses
:class:`MediaManagementBase` with its own few fields (``createEmptyMovieFolders``...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Protocol

from mediastack.manager.media_config.store import Errors

_CHMOD = re.compile(r"^0?[0-7]{3}$")
PROPER_DOWNLOAD_TYPES = ("preferAndUpgrade", "doNotUpgrade", "doNotPrefer")
RESCAN_AFTER_REFRESH = ("always", "afterManual", "never")


def camel(name: str) -> str:
    """``copy_using_hardlinks`` -> ``copyUsingHardlinks`` (the resources' field names)."""
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


def api_fields(cls: type[Any]) -> dict[str, str]:
    """A section dataclass's API names -> attribute names."""
    return {camel(f.name): f.name for f in fields(cls)}


@dataclass(frozen=True, slots=True)
class MediaManagementBase:
    """The fields every original has, with their shared defaults."""

    recycle_bin: str = ""
    recycle_bin_cleanup_days: int = 7
    download_propers_and_repacks: str = "preferAndUpgrade"
    delete_empty_folders: bool = False
    file_date: str = "none"
    rescan_after_refresh: str = "always"
    set_permissions_linux: bool = False
    chmod_folder: str = "755"
    chown_group: str = ""
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
        return {**{camel(f.name): getattr(self, f.name) for f in fields(self)}, "id": 1}


def choices(checks: tuple[tuple[str, str, tuple[str, ...]], ...]) -> Errors:
    """``(apiName, value, allowed)``: each value must be one of its allowed words."""
    return [
        (name, f"'{name}' must be one of: {', '.join(allowed)}", value)
        for name, value, allowed in checks
        if value not in allowed
    ]


class CommonMediaManagement(Protocol):
    """What the shared checks read (a ``MediaManagementBase`` has it all)."""

    @property
    def recycle_bin(self) -> str: ...

    @property
    def recycle_bin_cleanup_days(self) -> int: ...

    @property
    def download_propers_and_repacks(self) -> str: ...

    @property
    def rescan_after_refresh(self) -> str: ...

    @property
    def minimum_free_space_when_importing(self) -> int: ...

    @property
    def set_permissions_linux(self) -> bool: ...

    @property
    def chmod_folder(self) -> str: ...


def validate_common(config: CommonMediaManagement) -> Errors:
    errors = choices(
        (
            (
                "downloadPropersAndRepacks",
                config.download_propers_and_repacks,
                PROPER_DOWNLOAD_TYPES,
            ),
            ("rescanAfterRefresh", config.rescan_after_refresh, RESCAN_AFTER_REFRESH),
        )
    )
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


def extra_extensions(text: str) -> frozenset[str]:
    """``"srt, .nfo"`` -> ``{".srt", ".nfo"}``."""
    parts = (p.strip().lower().lstrip(".") for p in text.split(","))
    return frozenset(f".{p}" for p in parts if p)


def unsafe_formats(formats: tuple[tuple[str, str], ...]) -> Errors:
    """Formats must not climb out of their folder (``..``) nor hold NUL characters."""
    return [
        (name, "Must not contain '..' or NUL characters", value)
        for name, value in formats
        if ".." in value.replace("...", "") or "\x00" in value
    ]
