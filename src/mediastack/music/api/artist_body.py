"""Reading a client's artist resource (add, update) into our options.

Validation happens here, before any metadata call or write, and fails with the
originals' validation array (``propertyName``, ``errorMessage``, ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mediastack.manager.api.resources import invalid
from mediastack.manager.library.folders import (
    LibraryPathError,
    configured_root,
    folder_name,
    item_path,
)
from mediastack.manager.library.monitoring import MonitorOption
from mediastack.music.library.model import ArtistOptions
from mediastack.music.metadata.musicbrainz import is_mbid

NEW_ITEMS = ("all", "none", "new")
# Lidarr's MonitorTypes (``latest``/``first`` are the engine's last/first group).
MONITOR_TYPES = ("all", "future", "missing", "existing", "latest", "first", "none", "unknown")


def int_or_none(body: Mapping[str, Any], key: str) -> int | None:
    value = body.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(key, f"'{key}' must be a number", value)
    return value


def positive(body: Mapping[str, Any], key: str, label: str) -> int:
    value = int_or_none(body, key)
    if value is None or value <= 0:
        raise invalid(key, f"'{label}' must be greater than '0'.", value)
    return value


def tags(body: Mapping[str, Any], default: list[int] | None = None) -> list[int]:
    value = body.get("tags", default if default is not None else [])
    if value is None:
        return default or []
    if not isinstance(value, list) or not all(
        isinstance(t, int) and not isinstance(t, bool) for t in value
    ):
        raise invalid("tags", "Tags must be a list of tag ids", value)
    return sorted(set(value))


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
    raw_path = body.get("path")
    raw_root = body.get("rootFolderPath")
    path: str | None = None
    try:
        if isinstance(raw_path, str) and raw_path.strip():
            resolved, root_path = item_path(raw_path, roots)
            path, root = str(resolved), str(root_path)
        elif isinstance(raw_root, str) and raw_root.strip():
            root = str(configured_root(raw_root, roots))
        else:
            raise invalid("rootFolderPath", "'Root Folder Path' must not be empty.", raw_root)
    except LibraryPathError as exc:
        raise invalid(
            "path" if raw_path else "rootFolderPath", str(exc), raw_path or raw_root
        ) from exc
    return AddRequest(
        mbid=mbid,
        path=path,
        root_folder_path=root,
        quality_profile_id=positive(body, "qualityProfileId", "Quality Profile Id"),
        metadata_profile_id=positive(body, "metadataProfileId", "Metadata Profile Id"),
        monitored=bool(body.get("monitored", True)),
        monitor_new_items=new_items(body, "all"),
        tags=tags(body),
        monitor=monitor_option(body),
    )
