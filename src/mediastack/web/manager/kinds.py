"""What differs between the TV, movie and music pages, in one table.

Every manager page is one implementation over the compat API; the differences between
Sonarr v3, Radarr v3 and Lidarr v1 (which endpoint, which field, which command, which
detail layout) are written down here per role and nowhere else. Nothing in here imports a
domain package: the JSON shapes are the contract.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request

from mediastack.core.http import context_of
from mediastack.core.roles import Role

__all__ = [
    "KINDS",
    "Card",
    "LibraryKind",
    "Monitoring",
    "card_of",
    "kind_of",
    "poster_of",
]

Json = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Card:
    """One library item as the grid shows it, whatever its kind."""

    id: int
    title: str
    sort_title: str
    year: int | None
    poster: str | None
    monitored: bool
    have: int  # files on disk
    wanted: int  # items that should have a file
    size: int
    status: str
    added: str
    missing: bool

    @property
    def percent(self) -> int:
        if self.wanted <= 0:
            return 100 if self.have else 0
        return min(100, round(100 * self.have / self.wanted))


@dataclass(frozen=True, slots=True)
class Monitoring:
    """A choice of ``addOptions.monitor`` as the add form offers it."""

    value: str
    label: str


def poster_of(item: Json) -> str | None:
    """The local cover of an item (``/MediaCover/...``); remote images are never used for
    library items, so the grid works with the network closed."""
    for image in item.get("images") or []:
        url = str(image.get("url") or "")
        if image.get("coverType") in ("poster", "cover") and url.startswith("/"):
            return url
    return None


def _stats(item: Json) -> Json:
    stats = item.get("statistics")
    return stats if isinstance(stats, dict) else {}


def _year(item: Json) -> int | None:
    year = item.get("year")
    return int(year) if isinstance(year, int) and year > 0 else None


def _series_card(item: Json) -> Card:
    stats = _stats(item)
    have, wanted = int(stats.get("episodeFileCount") or 0), int(stats.get("episodeCount") or 0)
    return Card(
        id=int(item["id"]),
        title=str(item.get("title") or ""),
        sort_title=str(item.get("sortTitle") or item.get("title") or "").lower(),
        year=_year(item),
        poster=poster_of(item),
        monitored=bool(item.get("monitored")),
        have=have,
        wanted=wanted,
        size=int(stats.get("sizeOnDisk") or 0),
        status=str(item.get("status") or ""),
        added=str(item.get("added") or ""),
        missing=bool(item.get("monitored")) and have < wanted,
    )


def _movie_card(item: Json) -> Card:
    has_file = bool(item.get("hasFile"))
    monitored = bool(item.get("monitored"))
    return Card(
        id=int(item["id"]),
        title=str(item.get("title") or ""),
        sort_title=str(item.get("sortTitle") or item.get("title") or "").lower(),
        year=_year(item),
        poster=poster_of(item),
        monitored=monitored,
        have=1 if has_file else 0,
        wanted=1,
        size=int(item.get("sizeOnDisk") or 0),
        status=str(item.get("status") or ""),
        added=str(item.get("added") or ""),
        missing=monitored and not has_file and bool(item.get("isAvailable")),
    )


def _artist_card(item: Json) -> Card:
    stats = _stats(item)
    have, wanted = int(stats.get("trackFileCount") or 0), int(stats.get("trackCount") or 0)
    return Card(
        id=int(item["id"]),
        title=str(item.get("artistName") or ""),
        sort_title=str(item.get("sortName") or item.get("artistName") or "").lower(),
        year=None,
        poster=poster_of(item),
        monitored=bool(item.get("monitored")),
        have=have,
        wanted=wanted,
        size=int(stats.get("sizeOnDisk") or 0),
        status=str(item.get("status") or ""),
        added=str(item.get("added") or ""),
        missing=bool(item.get("monitored")) and have < wanted,
    )


@dataclass(frozen=True, slots=True)
class LibraryKind:
    """One manager's pages, described: every page reads this instead of asking "is it TV?"."""

    role: Role
    api_prefix: str  # /api/v3 or /api/v1
    noun: str  # "series", "movie", "artist"
    plural: str  # "series", "movies", "artists"
    resource: str  # the library endpoint: /series, /movie, /artist
    title_field: str  # "title" or "artistName"
    identity_fields: tuple[str, ...]  # what the add form carries from a lookup result
    card: Callable[[Json], Card]
    monitor_options: tuple[Monitoring, ...]
    search_on_add: str  # addOptions key: searchForMissingEpisodes, searchForMovie, ...
    child_param: str  # the item id as queue/history/calendar name it: seriesId, movieId, ...
    history_path: str  # per-item history: /history/series, /history/movie, /history/artist
    history_embeds: Mapping[str, str]  # what each event embeds: its episode, its album
    item_search: Callable[[int], dict[str, Any]]  # the automatic search command body
    refresh: Callable[[int], dict[str, Any]]
    missing_search: str
    cutoff_search: str
    wanted_search: Callable[[list[int]], dict[str, Any]]  # search for wanted records' ids
    lookup_example: str
    metadata_profiles: bool = False
    minimum_availability: bool = False
    has_year: bool = True
    extra_sorts: tuple[tuple[str, str], ...] = field(default=())

    @property
    def detail_template(self) -> str:
        return f"manager/detail_{self.role.value}.html"

    @property
    def noun_title(self) -> str:
        return self.noun.capitalize()

    @property
    def plural_title(self) -> str:
        return self.plural.capitalize()


_SERIES_MONITOR = (
    Monitoring("all", "All episodes"),
    Monitoring("future", "Future episodes"),
    Monitoring("missing", "Missing episodes"),
    Monitoring("existing", "Existing episodes"),
    Monitoring("recent", "Recent episodes"),
    Monitoring("pilot", "Pilot episode"),
    Monitoring("firstSeason", "First season"),
    Monitoring("lastSeason", "Last season"),
    Monitoring("monitorSpecials", "Monitor specials"),
    Monitoring("unmonitorSpecials", "Unmonitor specials"),
    Monitoring("none", "None"),
)
_MOVIE_MONITOR = (
    Monitoring("movieOnly", "Movie only"),
    Monitoring("movieAndCollection", "Movie and collection"),
    Monitoring("none", "None"),
)
_ARTIST_MONITOR = (
    Monitoring("all", "All albums"),
    Monitoring("future", "Future albums"),
    Monitoring("missing", "Missing albums"),
    Monitoring("existing", "Existing albums"),
    Monitoring("first", "First album"),
    Monitoring("latest", "Latest album"),
    Monitoring("none", "None"),
)

KINDS: dict[Role, LibraryKind] = {
    Role.TV: LibraryKind(
        role=Role.TV,
        api_prefix="/api/v3",
        noun="series",
        plural="series",
        resource="series",
        title_field="title",
        identity_fields=("tvdbId", "tvMazeId", "title"),
        card=_series_card,
        monitor_options=_SERIES_MONITOR,
        search_on_add="searchForMissingEpisodes",
        child_param="seriesId",
        history_path="/history/series",
        history_embeds={"includeEpisode": "true"},
        item_search=lambda item_id: {"name": "SeriesSearch", "seriesId": item_id},
        refresh=lambda item_id: {"name": "RefreshSeries", "seriesId": item_id},
        missing_search="MissingEpisodeSearch",
        cutoff_search="CutoffUnmetEpisodeSearch",
        wanted_search=lambda ids: {"name": "EpisodeSearch", "episodeIds": ids},
        lookup_example="Game of Thrones, tvdb:121361",
    ),
    Role.MOVIES: LibraryKind(
        role=Role.MOVIES,
        api_prefix="/api/v3",
        noun="movie",
        plural="movies",
        resource="movie",
        title_field="title",
        identity_fields=("tmdbId", "imdbId", "title"),
        card=_movie_card,
        monitor_options=_MOVIE_MONITOR,
        search_on_add="searchForMovie",
        child_param="movieId",
        history_path="/history/movie",
        history_embeds={},
        item_search=lambda item_id: {"name": "MoviesSearch", "movieIds": [item_id]},
        refresh=lambda item_id: {"name": "RefreshMovie", "movieIds": [item_id]},
        missing_search="MissingMoviesSearch",
        cutoff_search="CutoffUnmetMoviesSearch",
        wanted_search=lambda ids: {"name": "MoviesSearch", "movieIds": ids},
        lookup_example="Fight Club, tmdb:550, imdb:tt0137523",
        minimum_availability=True,
    ),
    Role.MUSIC: LibraryKind(
        role=Role.MUSIC,
        api_prefix="/api/v1",
        noun="artist",
        plural="artists",
        resource="artist",
        title_field="artistName",
        identity_fields=("foreignArtistId", "artistName"),
        card=_artist_card,
        monitor_options=_ARTIST_MONITOR,
        search_on_add="searchForMissingAlbums",
        child_param="artistId",
        history_path="/history/artist",
        history_embeds={"includeAlbum": "true"},
        item_search=lambda item_id: {"name": "ArtistSearch", "artistId": item_id},
        refresh=lambda item_id: {"name": "RefreshArtist", "artistId": item_id},
        missing_search="MissingAlbumSearch",
        cutoff_search="CutoffUnmetAlbumSearch",
        wanted_search=lambda ids: {"name": "AlbumSearch", "albumIds": ids},
        lookup_example="Ed Sheeran",
        metadata_profiles=True,
        has_year=False,
    ),
}


def kind_of(request: Request) -> LibraryKind:
    """The description of the manager serving ``request``."""
    return KINDS[context_of(request).settings.role]


def card_of(kind: LibraryKind, item: Json) -> Card:
    return kind.card(item)
