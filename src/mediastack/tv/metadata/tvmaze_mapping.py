"""TVmaze's JSON (https://www.tvmaze.com/api) to the TV domain's series, seasons and episodes.

Pure functions over decoded JSON, so the recorded responses in the test fixtures exercise
them without a server. Every field TVmaze may leave out or null is treated as optional.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime
from typing import Any

from mediastack.manager.metadata.values import as_dict, as_int
from mediastack.tv.metadata.models import EpisodeInfo, SeasonInfo, SeriesInfo

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_STATUS = {
    "running": "continuing",
    "to be determined": "continuing",
    "in development": "upcoming",
    "ended": "ended",
}


def strip_html(text: object) -> str:
    """TVmaze summaries are HTML fragments; clients expect plain text."""
    if not isinstance(text, str):
        return ""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text))).strip()


def _date(value: object) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _stamp(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _image(value: object) -> str | None:
    image = as_dict(value)
    url = image.get("original") or image.get("medium")
    return url if isinstance(url, str) and url else None


def map_season(raw: dict[str, Any]) -> SeasonInfo | None:
    number = as_int(raw.get("number"))
    if number is None:
        return None
    return SeasonInfo(number=number, poster_url=_image(raw.get("image")))


def map_episodes(raw: list[Any]) -> list[EpisodeInfo]:
    """Regular episodes keep their numbers; specials (``number: null``) become season 0,
    numbered in airing order, which is how Sonarr files them."""
    episodes: list[EpisodeInfo] = []
    seen: set[tuple[int, int]] = set()
    special = 0
    for item in raw:
        if not isinstance(item, dict) or as_int(item.get("id")) is None:
            continue
        season, number = as_int(item.get("season")), as_int(item.get("number"))
        if number is None:
            special += 1
            season, number = 0, special
        if season is None or (season, number) in seen:
            continue
        seen.add((season, number))
        episodes.append(
            EpisodeInfo(
                provider_id=int(item["id"]),
                season_number=season,
                episode_number=number,
                title=str(item.get("name") or "TBA"),
                air_date=_date(item.get("airdate")),
                air_date_utc=_stamp(item.get("airstamp")),
                runtime=as_int(item.get("runtime")),
                overview=strip_html(item.get("summary")),
            )
        )
    return episodes


def _series_type(raw: dict[str, Any]) -> str:
    if raw.get("type") == "Animation" and raw.get("language") == "Japanese":
        return "anime"
    return "standard"


def map_show(raw: dict[str, Any], episodes: list[Any] | None = None) -> SeriesInfo:
    """One TVmaze show (with ``_embedded.seasons``/``episodes`` when present)."""
    externals = as_dict(raw.get("externals"))
    network = as_dict(raw.get("network")) or as_dict(raw.get("webChannel"))
    embedded = as_dict(raw.get("_embedded"))
    seasons = [
        s
        for s in (
            map_season(item) for item in embedded.get("seasons") or [] if isinstance(item, dict)
        )
        if s is not None
    ]
    raw_episodes = episodes if episodes is not None else embedded.get("episodes")
    mapped = map_episodes(raw_episodes) if isinstance(raw_episodes, list) else None
    if mapped is not None:
        known = {s.number for s in seasons}
        seasons += [SeasonInfo(n) for n in sorted({e.season_number for e in mapped} - known)]
    seasons.sort(key=lambda s: s.number)
    premiered = _date(raw.get("premiered"))
    imdb = externals.get("imdb")
    schedule = as_dict(raw.get("schedule"))
    rating = as_dict(raw.get("rating")).get("average")
    return SeriesInfo(
        tvmaze_id=int(raw["id"]),
        title=str(raw.get("name") or "").strip(),
        tvdb_id=as_int(externals.get("thetvdb")),
        imdb_id=imdb if isinstance(imdb, str) and imdb else None,
        tvrage_id=as_int(externals.get("tvrage")),
        status=_STATUS.get(str(raw.get("status") or "").lower(), "continuing"),
        overview=strip_html(raw.get("summary")),
        network=str(network["name"]) if network.get("name") else None,
        air_time=str(schedule["time"]) if schedule.get("time") else None,
        runtime=as_int(raw.get("runtime")) or as_int(raw.get("averageRuntime")) or 0,
        genres=[str(g) for g in raw.get("genres") or [] if isinstance(g, str)],
        language=str(raw["language"]) if raw.get("language") else None,
        year=premiered.year if premiered else None,
        first_aired=premiered,
        last_aired=_date(raw.get("ended")),
        rating=float(rating) if isinstance(rating, int | float) else None,
        poster_url=_image(raw.get("image")),
        fanart_url=None,
        series_type=_series_type(raw),
        seasons=seasons,
        episodes=mapped,
    )


def pick_fanart(images: list[Any]) -> str | None:
    """The main background from ``/shows/{id}/images`` (the first one if none is main)."""
    backgrounds = [i for i in images if isinstance(i, dict) and i.get("type") == "background"]
    backgrounds.sort(key=lambda i: not i.get("main"))
    for item in backgrounds:
        url = as_dict(as_dict(item.get("resolutions")).get("original")).get("url")
        if isinstance(url, str) and url:
            return url
    return None
