"""qBittorrent WebAPI v2 payloads, only the fields the managers read.

Field names are qBittorrent's own. Defaults cover older or newer servers that omit a field
(``inactive_seeding_time_limit`` arrived in 4.6, ``seeding_time`` in ``torrents/info`` in
4.3); ``extra="ignore"`` keeps us indifferent to the many fields we never read.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

# qBittorrent's "infinite" ETA (100 days in seconds).
ETA_INFINITE = 8_640_000
# Share limits: -2 means "use the global limit", -1 "no limit".
USE_GLOBAL_LIMIT = -2
NO_LIMIT = -1


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore")


class QBittorrentTorrent(_Wire):
    """One entry of ``torrents/info``."""

    hash: str
    name: str = ""
    size: int = 0
    progress: float = 0.0
    eta: int = 0
    state: str = ""
    category: str = ""
    save_path: str = ""
    content_path: str = ""
    ratio: float = 0.0
    ratio_limit: float = USE_GLOBAL_LIMIT
    seeding_time_limit: int = USE_GLOBAL_LIMIT
    inactive_seeding_time_limit: int = USE_GLOBAL_LIMIT
    last_activity: int = 0
    seeding_time: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _label_is_category(cls, data: Any) -> Any:
        # qBittorrent 3.x called it ``label``; some forks still send only that.
        if isinstance(data, dict) and "category" not in data and "label" in data:
            return {**data, "category": data["label"]}
        return data


class QBittorrentPreferences(_Wire):
    """The slice of ``app/preferences`` that decides paths, seeding goals and queueing."""

    save_path: str = ""
    max_ratio_enabled: bool = False
    max_ratio: float = NO_LIMIT
    max_seeding_time_enabled: bool = False
    max_seeding_time: int = NO_LIMIT  # minutes
    max_inactive_seeding_time_enabled: bool = False
    max_inactive_seeding_time: int = NO_LIMIT  # minutes
    max_ratio_act: int = 0  # 0 pause/stop, 1 remove, 2 super-seed, 3 remove with files
    queueing_enabled: bool = True
    dht: bool = False

    @property
    def removes_torrents(self) -> bool:
        """qBittorrent deletes torrents itself when a share limit is hit."""
        limits_on = self.max_ratio_enabled or self.max_seeding_time_enabled
        return limits_on and self.max_ratio_act in (1, 3)


class QBittorrentProperties(_Wire):
    """``torrents/properties``: the seeding time and the save path for old servers."""

    hash: str = ""
    save_path: str = ""
    seeding_time: int = 0


class QBittorrentFile(_Wire):
    """One entry of ``torrents/files``; ``name`` is relative with ``/`` separators."""

    name: str
    size: int = 0


class QBittorrentCategory(_Wire):
    """One value of ``torrents/categories`` (``savePath`` may be empty or relative)."""

    name: str = ""
    save_path: str = Field(default="", alias="savePath")
