"""What every mode handler shares: the call, the error, and SABnzbd's number formats.

SABnzbd's JSON is stringly typed in places clients depend on: sizes in MB are strings with
two decimals (``"1.23"``), human sizes are ``"1.2 GB"``, ``timeleft`` is ``H:MM:SS``
(``D:HH:MM:SS`` beyond a day). These helpers produce exactly those forms.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediastack.core.fs import disk_space, nearest_existing
from mediastack.core.http import ServiceContext
from mediastack.usenet.queue.catalog import Catalog
from mediastack.usenet.queue.intake import Intake
from mediastack.usenet.queue.manager import QueueManager

__all__ = [
    "GIB",
    "MIB",
    "SABNZBD_VERSION",
    "ApiCall",
    "ApiError",
    "Handler",
    "disk",
    "human_size",
    "mb",
    "timeleft",
    "units",
]

SABNZBD_VERSION = "4.5.1"
MIB = 1024 * 1024
GIB = 1024 * MIB


class ApiError(Exception):
    """Answered as ``{"status": false, "error": message}`` (HTTP 200, as SABnzbd does)."""


@dataclass(slots=True)
class ApiCall:
    """One ``/api`` request: its parameters (query and form) and an uploaded file."""

    ctx: ServiceContext
    params: dict[str, str]
    upload: tuple[str, bytes] | None = None

    def get(self, key: str, default: str = "") -> str:
        return self.params.get(key, default)

    def integer(self, key: str, default: int = 0) -> int:
        raw = self.params.get(key, "").strip()
        try:
            return int(raw) if raw else default
        except ValueError:
            raise ApiError(f"{key} must be a whole number") from None

    def optional_int(self, key: str) -> int | None:
        return self.integer(key) if self.params.get(key, "").strip() else None

    def flag(self, key: str, default: bool = False) -> bool:
        raw = self.params.get(key, "").strip().lower()
        if not raw:
            return default
        return raw in ("1", "true", "yes", "on")

    def categories(self) -> set[str]:
        """The category filter of queue and history: ``cat`` or ``category``, comma
        separated, compared without case (as SABnzbd reads it)."""
        raw = self.params.get("cat") or self.params.get("category") or ""
        return {c.strip().lower() for c in raw.split(",") if c.strip()}

    def ids(self, key: str = "value") -> list[str]:
        return [v.strip() for v in self.params.get(key, "").split(",") if v.strip()]

    @property
    def manager(self) -> QueueManager:
        manager = self.ctx.extras["usenet_queue"]
        assert isinstance(manager, QueueManager)
        return manager

    @property
    def intake(self) -> Intake:
        intake = self.ctx.extras["usenet_intake"]
        assert isinstance(intake, Intake)
        return intake

    @property
    def catalog(self) -> Catalog:
        return self.manager.catalog


Handler = Callable[[ApiCall], Awaitable[dict[str, Any]]]


def mb(nbytes: int | float) -> str:
    return f"{nbytes / MIB:.2f}"


def human_size(nbytes: int | float) -> str:
    """SABnzbd's ``to_units``: ``0 B``, ``512.0 KB``, ``1.2 GB``."""
    value = float(nbytes)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"


def units(value: int | float) -> str:
    """SABnzbd's ``to_units`` without the unit letter B: ``"0 "``, ``"512.0 K"``, ``"1.2 M"``."""
    number = float(value)
    for unit in ("", "K", "M", "G", "T"):
        if number < 1024 or unit == "T":
            return f"{number:.0f} " if not unit else f"{number:.1f} {unit}"
        number /= 1024
    return f"{number:.1f} T"


def timeleft(seconds: float) -> str:
    total = max(0, int(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}:{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{hours}:{minutes:02d}:{secs:02d}"


def disk(path: Path) -> tuple[float, float]:
    """(total GB, free GB) of the file system holding ``path``."""
    space = disk_space(nearest_existing(path))
    return space.total / GIB, space.free / GIB
