"""Reading a client's movie resource (add, import, update, editor) into our options.

Validation happens here, before any metadata call or write, and fails with the
original's validation array (``propertyName``, ``errorMessage``, ...).
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
from mediastack.movies.library.model import MovieOptions
from mediastack.movies.metadata.models import AVAILABILITIES, MovieInfo

# Radarr also accepts ``tba`` and the retired ``preDB``; both mean "as soon as announced".
_AVAILABILITY_ALIASES = {"tba": "announced", "predb": "released"}
MONITOR_TYPES = ("movieonly", "movieandcollection", "none")


def minimum_availability(body: Mapping[str, Any], default: str = "released") -> str:
    value = body.get("minimumAvailability")
    if value is None or value == "":
        return default
    text = str(value).strip()
    for option in AVAILABILITIES:
        if option.lower() == text.lower():
            return option
    if text.lower() in _AVAILABILITY_ALIASES:
        return _AVAILABILITY_ALIASES[text.lower()]
    raise invalid(
        "minimumAvailability",
        f"'Minimum Availability' must be one of {', '.join(AVAILABILITIES)}",
        value,
    )


def imdb_id(body: Mapping[str, Any]) -> str | None:
    value = body.get("imdbId")
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip().lower()
    if not (value.startswith("tt") and value[2:].isdigit()):
        raise invalid("imdbId", "'Imdb Id' must look like tt0133093", body.get("imdbId"))
    return value


def monitored_on_add(body: Mapping[str, Any]) -> bool:
    """``monitored``, unless ``addOptions.monitor`` is ``none`` (Radarr v5 semantics)."""
    options = body.get("addOptions") or {}
    if not isinstance(options, dict):
        raise invalid("addOptions", "addOptions must be an object", options)
    monitor = options.get("monitor")
    if monitor is not None and str(monitor).lower() not in MONITOR_TYPES:
        raise invalid("addOptions.monitor", f"Unknown monitor option '{monitor}'", monitor)
    if str(monitor or "").lower() == "none":
        return False
    return bool(body.get("monitored", True))


@dataclass(frozen=True, slots=True)
class AddRequest:
    tmdb_id: int | None
    imdb_id: str | None
    path: str | None
    root_folder_path: str | None
    options: MovieOptions
    search_for_movie: bool

    def with_folder(self, info: MovieInfo) -> MovieOptions:
        """The options with the movie folder settled: ``rootFolderPath`` + ``Title (Year)``."""
        if self.path is not None:
            return self.options
        assert self.root_folder_path is not None
        name = folder_name(info.title, info.year, with_year=True)
        return dataclasses.replace(self.options, path=f"{self.root_folder_path.rstrip('/')}/{name}")


def add_request(body: Mapping[str, Any], roots: list[str]) -> AddRequest:
    tmdb_id = int_or_none(body, "tmdbId")
    imdb = imdb_id(body)
    if not tmdb_id and not imdb:
        raise invalid("tmdbId", "'Tmdb Id' must be greater than '0'.", body.get("tmdbId"))
    path, root = item_location(body, roots)
    options = MovieOptions(
        path=path or "",
        root_folder_path=root,
        quality_profile_id=quality_profile_id(body),
        minimum_availability=minimum_availability(body),
        monitored=monitored_on_add(body),
        tags=tag_ids(body),
    )
    add_options = body.get("addOptions") or {}
    search = isinstance(add_options, dict) and bool(add_options.get("searchForMovie", False))
    return AddRequest(tmdb_id, imdb, path, None if path else root, options, search)
