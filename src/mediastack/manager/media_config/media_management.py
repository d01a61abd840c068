"""The media-management checks every original makes the same way."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from mediastack.manager.media_config.store import Errors

_CHMOD = re.compile(r"^0?[0-7]{3}$")


class CommonMediaManagement(Protocol):
    @property
    def recycle_bin(self) -> str: ...

    @property
    def recycle_bin_cleanup_days(self) -> int: ...

    @property
    def minimum_free_space_when_importing(self) -> int: ...

    @property
    def set_permissions_linux(self) -> bool: ...

    @property
    def chmod_folder(self) -> str: ...


def choices(checks: tuple[tuple[str, str, tuple[str, ...]], ...]) -> Errors:
    """``(apiName, value, allowed)``: each value must be one of its allowed words."""
    return [
        (name, f"'{name}' must be one of: {', '.join(allowed)}", value)
        for name, value, allowed in checks
        if value not in allowed
    ]


def validate_common(config: CommonMediaManagement) -> Errors:
    errors: Errors = []
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
