"""Rows of the TV library's tables written straight into a migrated database, as a
long-running install (or an importer working around the store) has them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

NOW = datetime(2026, 11, 24, tzinfo=UTC)


def series_row(sid: int, title: str, **extra: Any) -> dict[str, Any]:
    row = {
        "id": sid, "tvmaze_id": 900 + sid, "tvdb_id": 7000 + sid, "imdb_id": None,
        "tvrage_id": None, "title": title, "sort_title": title.lower(),
        "title_slug": title.lower().replace(" ", "-"), "status": "continuing", "overview": "",
        "network": None, "air_time": None, "runtime": 30, "year": 2010, "first_aired": None,
        "last_aired": None, "genres": [], "language": None, "rating": None, "poster_url": None,
        "fanart_url": None, "series_type": "standard", "season_folder": True,
        "monitored": True, "monitor_new_items": "all", "quality_profile_id": 1,
        "language_profile_id": 1, "path": f"/tv/{title}", "root_folder_path": "/tv",
        "tags": [], "added": NOW, "last_info_sync": None, "extra": {},
    }  # fmt: skip
    return row | extra


def season_row(sid: int, number: int, monitored: bool = True) -> dict[str, Any]:
    return {"series_id": sid, "season_number": number, "monitored": monitored, "poster_url": None}


def episode_row(eid: int, sid: int, season: int, number: int, **extra: Any) -> dict[str, Any]:
    row = {
        "id": eid, "series_id": sid, "tvmaze_id": None, "season_number": season,
        "episode_number": number, "absolute_episode_number": None, "title": f"E{number}",
        "overview": "", "air_date": None, "air_date_utc": datetime(2020, 1, number, tzinfo=UTC),
        "runtime": None, "monitored": True, "episode_file_id": None,
    }  # fmt: skip
    return row | extra


def file_row(fid: int, sid: int, season: int, name: str, **extra: Any) -> dict[str, Any]:
    row = {
        "id": fid, "series_id": sid, "season_number": season,
        "relative_path": f"Season {season}/{name}.mkv", "path": f"/tv/x/{name}.mkv",
        "size": 1_000_000, "date_added": NOW, "scene_name": name, "release_group": "GRP",
        "quality": "HDTV-720p", "languages": ["English"],
    }  # fmt: skip
    return row | extra
