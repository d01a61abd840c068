"""SABnzbd client settings, with the originals' priority values so stored rows round-trip."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from pydantic import Field, SecretStr

from mediastack.manager.download_clients._http import ConnectionSettings, pick


class SabnzbdPriority(IntEnum):
    """``priority`` on ``addfile`` (-100: the category's default)."""

    DEFAULT = -100
    PAUSED = -2
    LOW = -1
    NORMAL = 0
    HIGH = 1
    FORCE = 2


class SabnzbdSettings(ConnectionSettings):
    """Everything the adapter needs to drive one SABnzbd (the original or ours)."""

    api_key: SecretStr = SecretStr("")
    username: str = ""  # only used when there is no API key (ma_username)
    password: SecretStr = SecretStr("")
    category: str = ""
    recent_priority: SabnzbdPriority = SabnzbdPriority.DEFAULT
    older_priority: SabnzbdPriority = SabnzbdPriority.DEFAULT
    history_limit: int = Field(default=60, ge=1)  # Sonarr's DownloadClientHistoryLimit

    @classmethod
    def from_fields(cls, fields: dict[str, Any], category_field: str) -> SabnzbdSettings:
        """Build from a stored row's settings (the originals' camelCase field names)."""
        return cls(
            host=pick(fields, "host", default="localhost"),
            port=pick(fields, "port", default=8080),
            use_ssl=bool(pick(fields, "useSsl", default=False)),
            url_base=pick(fields, "urlBase", default="") or "",
            api_key=SecretStr(pick(fields, "apiKey", default="") or ""),
            username=pick(fields, "username", default="") or "",
            password=SecretStr(pick(fields, "password", default="") or ""),
            category=pick(fields, category_field, default="") or "",
            recent_priority=pick(fields, "recentPriority", default=-100),
            older_priority=pick(fields, "olderPriority", default=-100),
        )
