"""Calendar and wanted records of the three managers, read into one shape.

Sonarr's calendar and wanted lists are episodes (with their series), Radarr's are movies
(with up to three release dates each), Lidarr's are albums (with their artist). The
pages show them the same way, so each record becomes an ``Entry``: which library item it
belongs to, what to call it, when it is, and which id a search for it takes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from mediastack.core.roles import Role
from mediastack.web.manager.filters import parse_iso

__all__ = ["CALENDAR", "WANTED", "Entry", "EntryReader", "Listing"]

Json = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Entry:
    item_id: int  # the library item (series, movie, artist): the link goes there
    item_title: str
    label: str  # "S01E02 · The Kingsroad", "In cinemas", "+ (Album)"
    search_id: int  # what the kind's wanted search takes (episode, movie, album id)
    day: date | None
    time: str  # "01:00 UTC" when the record has a time of day, else ""
    has_file: bool
    monitored: bool


def _when(raw: object) -> tuple[date | None, str]:
    moment = parse_iso(raw)
    if moment is None:
        return None, ""
    if (moment.hour, moment.minute) == (0, 0):
        return moment.date(), ""  # a date without a time of day
    return moment.date(), moment.strftime("%H:%M UTC")


def _episode(record: Json) -> list[Entry]:
    series = record.get("series") or {}
    season, number = int(record.get("seasonNumber") or 0), int(record.get("episodeNumber") or 0)
    code = f"S{season:02d}E{number:02d}"
    title = str(record.get("title") or "")
    day, time = _when(record.get("airDateUtc"))
    return [
        Entry(
            item_id=int(record.get("seriesId") or series.get("id") or 0),
            item_title=str(series.get("title") or ""),
            label=f"{code} · {title}" if title else code,
            search_id=int(record["id"]),
            day=day,
            time=time,
            has_file=bool(record.get("hasFile")),
            monitored=bool(record.get("monitored")),
        )
    ]


_MOVIE_DATES = (
    ("inCinemas", "In cinemas"),
    ("digitalRelease", "Digital release"),
    ("physicalRelease", "Physical release"),
)


def _movie_dates(record: Json) -> list[Entry]:
    """One entry per dated release of the movie (the calendar shows each)."""
    entries = []
    for key, label in _MOVIE_DATES:
        day, _ = _when(record.get(key))
        if day is not None:
            entries.append(_movie(record, label, day))
    return entries


def _movie(record: Json, label: str, day: date | None) -> Entry:
    return Entry(
        item_id=int(record["id"]),
        item_title=str(record.get("title") or ""),
        label=label,
        search_id=int(record["id"]),
        day=day,
        time="",
        has_file=bool(record.get("hasFile")),
        monitored=bool(record.get("monitored")),
    )


def _movie_wanted(record: Json) -> list[Entry]:
    year = record.get("year")
    status = str(record.get("status") or "")
    label = f"{year}" if year else status
    day, _ = _when(record.get("digitalRelease") or record.get("physicalRelease"))
    return [_movie(record, label, day or _when(record.get("inCinemas"))[0])]


def _album(record: Json) -> list[Entry]:
    artist = record.get("artist") or {}
    day, _ = _when(record.get("releaseDate"))
    kind = str(record.get("albumType") or "Album")
    return [
        Entry(
            item_id=int(record.get("artistId") or artist.get("id") or 0),
            item_title=str(artist.get("artistName") or ""),
            label=f"{record.get('title') or ''} ({kind})",
            search_id=int(record["id"]),
            day=day,
            time="",
            has_file=int((record.get("statistics") or {}).get("trackFileCount") or 0) > 0,
            monitored=bool(record.get("monitored")),
        )
    ]


EntryReader = Callable[[Json], list[Entry]]


@dataclass(frozen=True, slots=True)
class Listing:
    """How a manager's calendar or wanted list is asked for and read."""

    read: EntryReader
    params: Mapping[str, str]  # the include flags that embed the parent item


_WITH_SERIES = {"includeSeries": "true"}
_WITH_ARTIST = {"includeArtist": "true"}

CALENDAR: dict[Role, Listing] = {
    Role.TV: Listing(_episode, _WITH_SERIES),
    Role.MOVIES: Listing(_movie_dates, {}),
    Role.MUSIC: Listing(_album, _WITH_ARTIST),
}
WANTED: dict[Role, Listing] = {
    Role.TV: Listing(_episode, _WITH_SERIES),
    Role.MOVIES: Listing(_movie_wanted, {}),
    Role.MUSIC: Listing(_album, _WITH_ARTIST),
}
