"""Reading a client's artist resource (add, update) into our options.

Validation happens here, before any metadata call or write, and fails with the
originals' validation array (``propertyName``, ``errorMessage``, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mediastack.manager.api.resources import invalid
from mediastack.manager.library.api_fields import (
    int_or_none,
    item_location,
    quality_profile_id,
    tag_ids,
)
from mediastack.manager.library.folders import (
    folder_name,
)
from mediastack.manager.library.monitoring import MonitorOption
from mediastack.music.library.model import ArtistOptions
from mediastack.music.metadata.musicbrainz import is_mbid

NEW_ITEMS = ("all", "none", "new")
# Lidarr's MonitorTypes (``latest``/``first`` are the engine's last/first group).
MONITOR_TYPES = ("all", "future", "missing", "existing", "latest", "first", "none", "unknown")


def positive(body: Mapping[str, Any], key: str, label: str) -> int:
    value = int_or_none(body, key)
    if value is None or value <= 0:
        raise invalid(key, f"'{label}' must be greater than '0'.", value)
    return value


def new_items(body: Mapping[str, Any], default: str) -> str:
    value = body.get("monitorNewItems") or default
    if not isinstance(value, str) or value.lower() not in NEW_ITEMS:
        raise invalid(
            "monitorNewItems", f"'monitorNewItems' must be one of {', '.join(NEW_ITEMS)}", value
        )
    return value.lower()


def monitor_option(body: Mapping[str, Any]) -> MonitorOption:
    options = body.get("addOptions") or {}
    if not isinstance(options, dict):
        raise invalid("addOptions", "addOptions must be an object", options)
    raw = options.get("monitor")
    if raw is not None and (not isinstance(raw, str) or raw.lower() not in MONITOR_TYPES):
        raise invalid(
            "addOptions.monitor", f"'monitor' must be one of {', '.join(MONITOR_TYPES)}", raw
        )
    return MonitorOption.parse(raw or "all")


def foreign_id(body: Mapping[str, Any]) -> str:
    raw = body.get("foreignArtistId") or body.get("mbId")
    if not isinstance(raw, str) or not is_mbid(raw):
        raise invalid("foreignArtistId", "'Foreign Artist Id' must be a MusicBrainz id.", raw)
    return raw.strip().lower()


@dataclass(frozen=True, slots=True)
class AddRequest:
    mbid: str
    path: str | None
    root_folder_path: str
    quality_profile_id: int
    metadata_profile_id: int
    monitored: bool
    monitor_new_items: str
    tags: list[int]
    monitor: MonitorOption

    def options(self, artist_name: str) -> ArtistOptions:
        """The options with the artist folder settled (``rootFolderPath`` + name)."""
        path = self.path or f"{self.root_folder_path.rstrip('/')}/{folder_name(artist_name)}"
        return ArtistOptions(
            path=path,
            root_folder_path=self.root_folder_path,
            quality_profile_id=self.quality_profile_id,
            metadata_profile_id=self.metadata_profile_id,
            monitored=self.monitored,
            monitor_new_items=self.monitor_new_items,
            tags=self.tags,
        )


def add_request(body: Mapping[str, Any], roots: list[str]) -> AddRequest:
    mbid = foreign_id(body)
    path, root = item_location(body, roots)
    return AddRequest(
        mbid=mbid,
        path=path,
        root_folder_path=root,
        quality_profile_id=quality_profile_id(body),
        metadata_profile_id=positive(body, "metadataProfileId", "Metadata Profile Id"),
        monitored=bool(body.get("monitored", True)),
        monitor_new_items=new_items(body, "all"),
        tags=tag_ids(body),
        monitor=monitor_option(body),
    )
