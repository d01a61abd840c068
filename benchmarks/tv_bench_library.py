"""A synthetic TV library for the TV benchmarks: thousands of series, written straight into
the service's tables (SQLite or PostgreSQL) in bulk, as a long-running install has them.

Series get made-up two-word titles (unique, parseable), ten seasons of ten episodes aired
in the past, files for half of the episodes (HDTV-720p), and one series in ten carries tag
1. Everything is deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert

from mediastack.manager.library.slugs import slugify, sort_title
from mediastack.tv.library.rows import EpisodeFileRow, EpisodeRow, SeasonRow, SeriesRow

ADJECTIVES = (
    "Amber",
    "Silent",
    "Crimson",
    "Hollow",
    "Northern",
    "Broken",
    "Golden",
    "Quiet",
    "Iron",
    "Velvet",
    "Distant",
    "Burning",
    "Frozen",
    "Hidden",
    "Lonely",
    "Scarlet",
    "Wild",
    "Silver",
    "Restless",
    "Ancient",
    "Electric",
    "Pale",
    "Savage",
    "Bright",
    "Midnight",
    "Bitter",
    "Gentle",
    "Rapid",
    "Lucky",
    "Dark",
    "Emerald",
    "Fallen",
    "Little",
    "Hungry",
    "Secret",
    "Crystal",
    "Second",
    "Last",
    "Final",
    "Open",
    "Steel",
    "Paper",
    "Glass",
    "Stone",
    "Wooden",
    "Rusty",
    "Empty",
    "Sunny",
    "Misty",
    "Royal",
    "Lost",
    "Twisted",
    "Painted",
    "Salty",
    "Sleeping",
    "Flying",
    "Running",
    "Sinking",
    "Rising",
)
NOUNS = (
    "Harbour",
    "Orchard",
    "Empire",
    "Kingdom",
    "Frontier",
    "Station",
    "Valley",
    "Ridge",
    "Island",
    "Street",
    "Garden",
    "Tower",
    "Circuit",
    "Signal",
    "Archive",
    "Tide",
    "Canyon",
    "Ledger",
    "Parade",
    "Voyage",
    "Harvest",
    "Engine",
    "Lantern",
    "Border",
    "Summit",
    "Meadow",
    "Republic",
    "Colony",
    "Dynasty",
    "Academy",
    "Precinct",
    "Hospital",
    "Gallery",
    "Bridge",
    "Horizon",
    "Crossing",
    "Division",
    "Harmony",
    "Anthem",
    "Chronicle",
    "Mystery",
    "Hunters",
    "Doctors",
    "Brothers",
    "Sisters",
    "Ranch",
    "Manor",
    "Diner",
    "Motel",
    "Workshop",
    "Observatory",
    "Laboratory",
    "Agency",
    "Company",
    "Circus",
)

SEASONS = 10
EPISODES_PER_SEASON = 10
CHUNK = 5000


@dataclass(frozen=True, slots=True)
class BenchSeries:
    id: int
    title: str
    tvdb_id: int


def titles(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    pairs = [f"{a} {n}" for a in ADJECTIVES for n in NOUNS]
    rng.shuffle(pairs)
    if count > len(pairs):
        pairs += [f"{p} {i}" for i, p in enumerate(pairs, start=2)]
    return pairs[:count]


def library(count: int, seed: int = 7) -> list[BenchSeries]:
    return [BenchSeries(i + 1, t, 300000 + i) for i, t in enumerate(titles(count, seed))]


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def populate(
    engine: Engine,
    series: list[BenchSeries],
    root: str = "/bench/tv",
    seasons: int = SEASONS,
    episodes_per_season: int = EPISODES_PER_SEASON,
) -> int:
    """Write the library; returns the number of episodes."""
    now = datetime.now(UTC)
    first_air = date(2000, 1, 1)

    def series_rows() -> Iterator[dict[str, Any]]:
        for s in series:
            yield {
                "id": s.id,
                "tvmaze_id": 500000 + s.id,
                "tvdb_id": s.tvdb_id,
                "imdb_id": f"tt{7000000 + s.id}",
                "tvrage_id": None,
                "title": s.title,
                "sort_title": sort_title(s.title),
                "title_slug": slugify(s.title),
                "status": "ended",
                "overview": f"{s.title} is a made-up series for the benchmarks.",
                "network": "Bench TV",
                "air_time": "21:00",
                "runtime": 45,
                "year": 2000 + s.id % 20,
                "first_aired": first_air,
                "last_aired": first_air + timedelta(days=365 * seasons),
                "genres": ["Drama"],
                "language": "English",
                "rating": 7.5,
                "poster_url": None,
                "fanart_url": None,
                "series_type": "standard",
                "season_folder": True,
                "monitored": True,
                "monitor_new_items": "all",
                "quality_profile_id": 1 + s.id % 6,
                "language_profile_id": 1,
                "path": f"{root}/{s.title}",
                "root_folder_path": root,
                "tags": [1] if s.id % 10 == 0 else [],
                "added": now,
                "last_info_sync": now,
                "extra": {},
            }

    def season_rows() -> Iterator[dict[str, Any]]:
        for s in series:
            for number in range(1, seasons + 1):
                yield {
                    "series_id": s.id,
                    "season_number": number,
                    "monitored": True,
                    "poster_url": None,
                }

    file_ids: dict[tuple[int, int, int], int] = {}

    def file_rows() -> Iterator[dict[str, Any]]:
        file_id = 0
        for s in series:
            dotted = s.title.replace(" ", ".")
            for season in range(1, seasons + 1):
                for number in range(1, episodes_per_season + 1, 2):  # half the episodes
                    file_id += 1
                    file_ids[(s.id, season, number)] = file_id
                    name = f"{dotted}.S{season:02d}E{number:02d}.720p.HDTV.x264-GRP"
                    relative = f"Season {season:02d}/{name}.mkv"
                    yield {
                        "id": file_id,
                        "series_id": s.id,
                        "season_number": season,
                        "relative_path": relative,
                        "path": f"{root}/{s.title}/{relative}",
                        "size": 1_200_000_000,
                        "date_added": now,
                        "scene_name": name,
                        "release_group": "GRP",
                        "quality": "HDTV-720p",
                        "languages": ["English"],
                    }

    def episode_rows() -> Iterator[dict[str, Any]]:
        for s in series:
            for season in range(1, seasons + 1):
                for number in range(1, episodes_per_season + 1):
                    aired = first_air + timedelta(days=365 * (season - 1) + 7 * number)
                    yield {
                        "series_id": s.id,
                        "tvmaze_id": None,
                        "season_number": season,
                        "episode_number": number,
                        "absolute_episode_number": None,
                        "title": f"Chapter {season}.{number}",
                        "overview": "",
                        "air_date": aired,
                        "air_date_utc": datetime(
                            aired.year, aired.month, aired.day, 21, tzinfo=UTC
                        ),
                        "runtime": 45,
                        "monitored": True,
                        "episode_file_id": file_ids.get((s.id, season, number)),
                    }

    count = 0
    with engine.begin() as connection:
        for table, rows in (
            (SeriesRow.__table__, series_rows()),
            (SeasonRow.__table__, season_rows()),
            (EpisodeFileRow.__table__, file_rows()),
            (EpisodeRow.__table__, episode_rows()),
        ):
            for batch in _chunks(rows):
                connection.execute(insert(table), batch)
                if table is EpisodeRow.__table__:
                    count += len(batch)
        if engine.dialect.name == "postgresql":
            for table in ("series", "seasons", "episode_files", "episodes"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT MAX(id) FROM {table}))"
                )
            connection.exec_driver_sql("ANALYZE")
    return count
