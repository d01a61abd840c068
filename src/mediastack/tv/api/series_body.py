"""Reading a client's series resource (add, import, update, editor) into our options.

Validation happens here, before any metadata call or write, and fails with the
originals' validation array (``propertyName``, ``errorMessage``, ...).

``qualityProfileId``: quality profiles are not modelled yet, so any positive id is stored
as given; once profiles exist, this is the one place that must check the id exists.
"""

from __future__ import annotations

import dataclasses
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
from mediastack.tv.library.model import SeriesOptions
from mediastack.tv.library.service import MonitorChoice
from mediastack.tv.metadata.models import SeriesInfo

SERIES_TYPES = ("standard", "daily", "anime")
NEW_ITEMS = ("all", "none")


def _int_or_none(body: Mapping[str, Any], key: str) -> int | None:
    value = body.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(key, f"'{key}' must be a number", value)
    return value


def quality_profile_id(body: Mapping[str, Any]) -> int:
    value = _int_or_none(body, "qualityProfileId")
    if value is None or value <= 0:
        raise invalid("qualityProfileId", "'Quality Profile Id' must be greater than '0'.", value)
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


def choice(body: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str) -> str:
    value = body.get(key) or default
    if not isinstance(value, str) or value.lower() not in allowed:
        raise invalid(key, f"'{key}' must be one of {', '.join(allowed)}", value)
    return value.lower()


def season_monitoring(body: Mapping[str, Any]) -> dict[int, bool]:
    raw = body.get("seasons") or []
    if not isinstance(raw, list):
        raise invalid("seasons", "Seasons must be a list", raw)
    out: dict[int, bool] = {}
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("seasonNumber"), int):
            raise invalid("seasons", "Each season needs a seasonNumber", item)
        out[int(item["seasonNumber"])] = bool(item.get("monitored", False))
    return out


def monitor_choice(body: Mapping[str, Any]) -> MonitorChoice:
    options = body.get("addOptions") or {}
    if not isinstance(options, dict):
        raise invalid("addOptions", "addOptions must be an object", options)
    try:
        option = MonitorOption.parse(options.get("monitor"))
    except ValueError as exc:
        raise invalid("addOptions.monitor", str(exc), options.get("monitor")) from exc
    return MonitorChoice(
        option=option,
        ignore_episodes_with_files=bool(options.get("ignoreEpisodesWithFiles", False)),
        ignore_episodes_without_files=bool(options.get("ignoreEpisodesWithoutFiles", False)),
    )


@dataclass(frozen=True, slots=True)
class AddRequest:
    tvmaze_id: int | None
    tvdb_id: int | None
    path: str | None
    root_folder_path: str | None
    options: SeriesOptions
    monitor: MonitorChoice

    def with_folder(self, info: SeriesInfo) -> SeriesOptions:
        """The options with the series folder settled (``rootFolderPath`` + title)."""
        if self.path is not None:
            return self.options
        assert self.root_folder_path is not None
        path = f"{self.root_folder_path.rstrip('/')}/{folder_name(info.title)}"
        return dataclasses.replace(self.options, path=path)


def add_request(body: Mapping[str, Any], roots: list[str]) -> AddRequest:
    tvdb_id = _int_or_none(body, "tvdbId")
    tvmaze_id = _int_or_none(body, "tvMazeId")
    if not tvdb_id and not tvmaze_id:
        raise invalid("tvdbId", "'Tvdb Id' must be greater than '0'.", body.get("tvdbId"))
    raw_path = body.get("path")
    raw_root = body.get("rootFolderPath")
    path: str | None = None
    root: str | None = None
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
    options = SeriesOptions(
        path=path or "",
        root_folder_path=root,
        quality_profile_id=quality_profile_id(body),
        language_profile_id=_int_or_none(body, "languageProfileId") or 1,
        series_type=choice(body, "seriesType", SERIES_TYPES, "standard"),
        season_folder=bool(body.get("seasonFolder", True)),
        monitored=bool(body.get("monitored", True)),
        monitor_new_items=choice(body, "monitorNewItems", NEW_ITEMS, "all"),
        tags=tags(body),
        season_monitoring=season_monitoring(body),
    )
    return AddRequest(
        tvmaze_id, tvdb_id, path, None if path else root, options, monitor_choice(body)
    )
