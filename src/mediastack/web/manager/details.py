"""An item's page per manager: what it loads (episodes / the movie file / albums and tracks),
which parts can be monitored on their own, and how a search names its scope.

A *scope* is the part of an item an action is about: ``season`` or ``episode`` for a
series, ``album`` for an artist, nothing for the whole item. Forms send ``scope`` and
``value``; these functions turn them into the compat API's own calls, so one route per
action serves all three managers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from mediastack.core.roles import Role
from mediastack.web.manager.api import ApiCallError, ManagerApi
from mediastack.web.manager.filters import parse_iso
from mediastack.web.manager.kinds import LibraryKind

__all__ = ["DETAILS", "DomainDetail", "item_queue", "optional"]

Json = Mapping[str, Any]


async def optional(call: Awaitable[Any]) -> Any | None:
    """An API this service may not offer yet (a 404/405 for the route) reads as ``None``,
    so a page shows "not available" instead of failing as a whole."""
    try:
        return await call
    except ApiCallError as exc:
        if exc.status in (404, 405):
            return None
        raise


async def item_queue(api: ManagerApi, kind: LibraryKind, item_id: int) -> list[dict[str, Any]]:
    """The item's downloads in the queue (``/queue/details?seriesId=`` ...), newest state."""
    records = await optional(api.get("/queue/details", **{kind.child_param: item_id}))
    return list(records or [])


def _number(value: str, what: str) -> int:
    if not value.lstrip("-").isdigit():
        raise ValueError(f"Choose a {what}.")
    return int(value)


@dataclass(frozen=True, slots=True)
class DomainDetail:
    load: Callable[[ManagerApi, Json, list[dict[str, Any]]], Awaitable[dict[str, Any]]]
    monitor: Callable[[ManagerApi, Json, str, str, bool], Awaitable[str]]
    search_command: Callable[[Json, str, str], tuple[dict[str, Any], str]]
    release_query: Callable[[Json, str, str], tuple[dict[str, Any], str]]
    describe: Callable[[ManagerApi, Json, str, str], Awaitable[str]]
    scopes: tuple[str, ...]  # the scopes interactive search accepts ("" = the whole item)
    live_template: str


# --- TV: seasons and episodes ---------------------------------------------------------


def _episode_code(episode: Json) -> str:
    return (
        f"S{int(episode.get('seasonNumber') or 0):02d}E{int(episode.get('episodeNumber') or 0):02d}"
    )


async def _tv_load(api: ManagerApi, series: Json, queue: list[dict[str, Any]]) -> dict[str, Any]:
    series_id = series["id"]
    episodes = await api.get("/episode", seriesId=series_id)
    files = {f["id"]: f for f in await api.get("/episodefile", seriesId=series_id)}
    queued = {r.get("episodeId"): r for r in queue if r.get("episodeId")}
    seasons_meta = {s["seasonNumber"]: s for s in series.get("seasons") or []}
    by_season: dict[int, list[dict[str, Any]]] = {}
    for episode in episodes:
        row = {
            **episode,
            "code": _episode_code(episode),
            "file": files.get(episode.get("episodeFileId")),
            "queued": queued.get(episode["id"]),
        }
        by_season.setdefault(int(episode.get("seasonNumber") or 0), []).append(row)
    numbers = sorted(set(by_season) | set(seasons_meta), reverse=True)
    seasons = [
        {
            "number": n,
            "monitored": bool(seasons_meta.get(n, {}).get("monitored")),
            "statistics": seasons_meta.get(n, {}).get("statistics") or {},
            "episodes": sorted(by_season.get(n, []), key=lambda e: e.get("episodeNumber") or 0),
        }
        for n in numbers
    ]
    downloading = {n for n, rows in by_season.items() if any(e["queued"] for e in rows)}
    latest = _season_to_open(by_season)
    return {"seasons": seasons, "open_seasons": downloading | ({latest} if latest else set())}


def _season_to_open(by_season: dict[int, list[dict[str, Any]]]) -> int | None:
    """The latest season that has aired (a new show: its first), which people look at;
    seasons with an episode downloading are open too."""
    now = datetime.now(UTC)
    aired = [
        n
        for n, episodes in by_season.items()
        if n > 0 and any((parse_iso(e.get("airDateUtc")) or now) < now for e in episodes)
    ]
    return max(aired) if aired else min((n for n in by_season if n > 0), default=None)


def _season_label(number: int) -> str:
    return "Specials" if number == 0 else f"Season {number}"


async def _tv_monitor(
    api: ManagerApi, series: Json, scope: str, value: str, monitored: bool
) -> str:
    word = "Monitored" if monitored else "Unmonitored"
    if scope == "season":
        number = _number(value, "season")
        seasons = [
            {**s, "monitored": monitored if s["seasonNumber"] == number else s["monitored"]}
            for s in series.get("seasons") or []
        ]
        await api.put(f"/series/{series['id']}", {**series, "seasons": seasons})
        return f"{word} {_season_label(number).lower()} of {series['title']}."
    if scope == "episode":
        episode_id = _number(value, "episode")
        await api.put("/episode/monitor", {"episodeIds": [episode_id], "monitored": monitored})
        episode = await api.get(f"/episode/{episode_id}")
        return f"{word} {_episode_code(episode)} {episode.get('title') or ''}".rstrip() + "."
    raise ValueError("Choose a season or an episode.")


def _tv_search(series: Json, scope: str, value: str) -> tuple[dict[str, Any], str]:
    title = series["title"]
    if scope == "season":
        number = _number(value, "season")
        body = {"name": "SeasonSearch", "seriesId": series["id"], "seasonNumber": number}
        return body, f"{title} {_season_label(number).lower()}"
    if scope == "episode":
        return {"name": "EpisodeSearch", "episodeIds": [_number(value, "episode")]}, "the episode"
    return {"name": "SeriesSearch", "seriesId": series["id"]}, f"every missing episode of {title}"


def _tv_releases(series: Json, scope: str, value: str) -> tuple[dict[str, Any], str]:
    if scope == "season":
        number = _number(value, "season")
        return {"seriesId": series["id"], "seasonNumber": number}, _season_label(number)
    if scope == "episode":
        return {"episodeId": _number(value, "episode")}, "Episode"
    raise ValueError("Interactive search is per season or per episode.")


async def _tv_describe(api: ManagerApi, series: Json, scope: str, value: str) -> str:
    """``S01E02 · The Kingsroad`` or ``Season 1``: what an interactive search is for."""
    if scope == "episode":
        episode = await api.get(f"/episode/{_number(value, 'episode')}")
        if episode.get("seriesId") != series["id"]:
            raise ValueError("That episode belongs to another series.")
        return f"{_episode_code(episode)} · {episode.get('title') or 'TBA'}"
    return _tv_releases(series, scope, value)[1]


# --- Movies: one file --------------------------------------------------------------------


async def _movie_load(_api: ManagerApi, movie: Json, queue: list[dict[str, Any]]) -> dict[str, Any]:
    return {"file": movie.get("movieFile"), "queued": queue[0] if queue else None}


async def _no_parts(_api: ManagerApi, _item: Json, _scope: str, _value: str, _m: bool) -> str:
    raise ValueError("A movie has no parts to monitor on their own.")


def _movie_search(movie: Json, scope: str, _value: str) -> tuple[dict[str, Any], str]:
    return {"name": "MoviesSearch", "movieIds": [movie["id"]]}, str(movie["title"])


def _movie_releases(movie: Json, _scope: str, _value: str) -> tuple[dict[str, Any], str]:
    return {"movieId": movie["id"]}, str(movie["title"])


async def _movie_describe(_api: ManagerApi, movie: Json, _scope: str, _value: str) -> str:
    return str(movie["title"])


# --- Music: albums and tracks ------------------------------------------------------------


async def _music_load(api: ManagerApi, artist: Json, queue: list[dict[str, Any]]) -> dict[str, Any]:
    artist_id = artist["id"]
    albums = await api.get("/album", artistId=artist_id)
    tracks = await api.get("/track", artistId=artist_id)
    files = {f["id"]: f for f in await api.get("/trackfile", artistId=artist_id)}
    queued = {r.get("albumId"): r for r in queue if r.get("albumId")}
    by_album: dict[int, list[dict[str, Any]]] = {}
    for track in tracks:
        row = {**track, "file": files.get(track.get("trackFileId"))}
        by_album.setdefault(int(track.get("albumId") or 0), []).append(row)
    rows = [
        {
            **album,
            "tracks": sorted(
                by_album.get(album["id"], []),
                key=lambda t: (t.get("mediumNumber") or 0, t.get("absoluteTrackNumber") or 0),
            ),
            "queued": queued.get(album["id"]),
        }
        for album in albums
    ]
    rows.sort(key=lambda a: str(a.get("releaseDate") or ""), reverse=True)
    return {"albums": rows}


async def _music_monitor(
    api: ManagerApi, _artist: Json, scope: str, value: str, monitored: bool
) -> str:
    if scope != "album":
        raise ValueError("Choose an album.")
    album_id = _number(value, "album")
    await api.put("/album/monitor", {"albumIds": [album_id], "monitored": monitored})
    album = await api.get(f"/album/{album_id}")
    return f"{'Monitored' if monitored else 'Unmonitored'} {album.get('title') or 'the album'}."


def _music_search(artist: Json, scope: str, value: str) -> tuple[dict[str, Any], str]:
    if scope == "album":
        return {"name": "AlbumSearch", "albumIds": [_number(value, "album")]}, "the album"
    body = {"name": "ArtistSearch", "artistId": artist["id"]}
    return body, f"every missing album of {artist['artistName']}"


def _music_releases(artist: Json, scope: str, value: str) -> tuple[dict[str, Any], str]:
    if scope == "album":
        return {"albumId": _number(value, "album")}, "Album"
    return {"artistId": artist["id"]}, str(artist["artistName"])


async def _music_describe(api: ManagerApi, artist: Json, scope: str, value: str) -> str:
    if scope == "album":
        album = await api.get(f"/album/{_number(value, 'album')}")
        if album.get("artistId") != artist["id"]:
            raise ValueError("That album belongs to another artist.")
        return str(album.get("title") or "Album")
    return str(artist["artistName"])


DETAILS: dict[Role, DomainDetail] = {
    Role.TV: DomainDetail(
        load=_tv_load,
        monitor=_tv_monitor,
        search_command=_tv_search,
        release_query=_tv_releases,
        describe=_tv_describe,
        scopes=("season", "episode"),
        live_template="manager/live_tv.html",
    ),
    Role.MOVIES: DomainDetail(
        load=_movie_load,
        monitor=_no_parts,
        search_command=_movie_search,
        release_query=_movie_releases,
        describe=_movie_describe,
        scopes=("",),
        live_template="manager/live_movies.html",
    ),
    Role.MUSIC: DomainDetail(
        load=_music_load,
        monitor=_music_monitor,
        search_command=_music_search,
        release_query=_music_releases,
        describe=_music_describe,
        scopes=("", "album"),
        live_template="manager/live_music.html",
    ),
}
