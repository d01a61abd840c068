"""qBittorrent client settings, with the originals' enum values so stored rows round-trip."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from pydantic import SecretStr

from mediastack.manager.download_clients._http import (
    ConnectionSettings,
    imported_category_field,
    pick,
)


class QBittorrentPriority(IntEnum):
    """Where a new torrent goes in qBittorrent's queue (Sonarr: ``QBittorrentPriority``)."""

    LAST = 0
    FIRST = 1


class QBittorrentState(IntEnum):
    """Initial state of an added torrent (Sonarr: ``QBittorrentState``)."""

    START = 0
    FORCE_START = 1
    STOP = 2  # "Pause" in Sonarr 3; qBittorrent 5 renamed paused to stopped


class QBittorrentContentLayout(IntEnum):
    """``contentLayout`` sent on add; DEFAULT omits it so the client's own setting holds."""

    DEFAULT = 0
    ORIGINAL = 1
    SUBFOLDER = 2


class QBittorrentSettings(ConnectionSettings):
    """Everything the adapter needs to drive one qBittorrent (the original or ours)."""

    username: str = ""
    password: SecretStr = SecretStr("")
    api_key: SecretStr = SecretStr("")  # qBittorrent 5.2+: Bearer key instead of a login
    category: str = ""
    post_import_category: str = ""
    recent_priority: QBittorrentPriority = QBittorrentPriority.LAST
    older_priority: QBittorrentPriority = QBittorrentPriority.LAST
    initial_state: QBittorrentState = QBittorrentState.START
    sequential_order: bool = False
    first_and_last: bool = False
    content_layout: QBittorrentContentLayout = QBittorrentContentLayout.DEFAULT

    @classmethod
    def from_fields(cls, fields: dict[str, Any], category_field: str) -> QBittorrentSettings:
        """Build from a stored row's settings (the originals' camelCase field names)."""
        return cls(
            host=pick(fields, "host", default="localhost"),
            port=pick(fields, "port", default=8080),
            use_ssl=bool(pick(fields, "useSsl", default=False)),
            url_base=pick(fields, "urlBase", default="") or "",
            username=pick(fields, "username", default="") or "",
            password=SecretStr(pick(fields, "password", default="") or ""),
            api_key=SecretStr(pick(fields, "apiKey", default="") or ""),
            category=pick(fields, category_field, default="") or "",
            post_import_category=pick(fields, imported_category_field(category_field), default="")
            or "",
            recent_priority=pick(fields, "recentPriority", default=0),
            older_priority=pick(fields, "olderPriority", default=0),
            initial_state=pick(fields, "initialState", default=0),
            sequential_order=bool(pick(fields, "sequentialOrder", default=False)),
            first_and_last=bool(pick(fields, "firstAndLast", default=False)),
            content_layout=pick(fields, "contentLayout", default=0),
        )
