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
from mediastack.tv.library.model import SeriesOptions
from mediastack.tv.library.service import MonitorChoice
from mediastack.tv.metadata.models import SeriesInfo

SERIES_TYPES = ("standard", "daily", "anime")
NEW_ITEMS = ("all", "none")


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
    tvdb_id = int_or_none(body, "tvdbId")
    tvmaze_id = int_or_none(body, "tvMazeId")
    if not tvdb_id and not tvmaze_id:
        raise invalid("tvdbId", "'Tvdb Id' must be greater than '0'.", body.get("tvdbId"))
    path, root = item_location(body, roots)
    options = SeriesOptions(
        path=path or "",
        root_folder_path=root,
        quality_profile_id=quality_profile_id(body),
        language_profile_id=int_or_none(body, "languageProfileId") or 1,
        series_type=choice(body, "seriesType", SERIES_TYPES, "standard"),
        season_folder=bool(body.get("seasonFolder", True)),
        monitored=bool(body.get("monitored", True)),
        monitor_new_items=choice(body, "monitorNewItems", NEW_ITEMS, "all"),
        tags=tag_ids(body),
        season_monitoring=season_monitoring(body),
    )
    return AddRequest(
        tvmaze_id, tvdb_id, path, None if path else root, options, monitor_choice(body)
    )
