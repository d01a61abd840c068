"""Search criteria, and how each becomes Newznab requests for one indexer's caps.

Planning is a pure function (criteria + caps + settings -> ``SearchPlan``) so the rules can
be tested without a server. They follow the originals' request generators:

* ids first, when the caps list the id parameter: several ids in ONE request only when the
  function's ``supportedParams`` was declared (newer servers), otherwise one request per id
  (older Newznab servers accept one id per request and ignore or reject the rest);
* episode and season searches need ``season``/``ep`` support; daily shows send
  ``season=YYYY&ep=MM/DD``; season 0 is sent as ``00``;
* text is the fallback tier, tried only when every id request came back empty;
* anime searches use the anime categories and the absolute episode number.

A plan is a list of tiers; the executor (``NewznabClient.search``) runs the next tier only
when the previous one found nothing, like the originals' pageable request chain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from mediastack.manager.indexers.models import IndexerCapabilities, SearchCapability
from mediastack.manager.indexers.newznab.mapping import imdb_id as normalise_imdb_id
from mediastack.manager.indexers.newznab.settings import NewznabSettings

__all__ = [
    "AlbumSearch",
    "ArtistSearch",
    "DailyEpisodeSearch",
    "EpisodeSearch",
    "IndexerRequest",
    "MediaKind",
    "MovieSearch",
    "SearchCriteria",
    "SearchPlan",
    "SeasonSearch",
    "SeriesIds",
    "TextSearch",
    "plan_search",
    "query_title",
    "rss_request",
]

MediaKind = Literal["tv", "movie", "music"]


@dataclass(frozen=True, slots=True)
class IndexerRequest:
    """One ``t=`` call without paging, key or categories' formatting (the client adds those)."""

    function: str
    params: tuple[tuple[str, str], ...] = ()
    categories: tuple[int, ...] = ()

    def param(self, name: str) -> str | None:
        return next((v for k, v in self.params if k == name), None)


@dataclass(frozen=True, slots=True)
class SearchPlan:
    tiers: tuple[tuple[IndexerRequest, ...], ...] = ()

    @property
    def requests(self) -> list[IndexerRequest]:
        return [request for tier in self.tiers for request in tier]


# ---------------------------------------------------------------------------------------
# criteria


@dataclass(frozen=True, slots=True, kw_only=True)
class SeriesIds:
    tvdb_id: int | None = None
    tvmaze_id: int | None = None
    tvrage_id: int | None = None
    imdb_id: str | None = None
    tmdb_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TextSearch:
    """Free text, as typed in an interactive search; goes to ``t=search``."""

    query: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SeasonSearch:
    titles: tuple[str, ...]  # the series title and its scene aliases
    season: int
    ids: SeriesIds = field(default_factory=SeriesIds)
    anime: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class EpisodeSearch:
    titles: tuple[str, ...]
    season: int
    episode: int
    ids: SeriesIds = field(default_factory=SeriesIds)
    absolute_episode: int | None = None
    anime: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class DailyEpisodeSearch:
    titles: tuple[str, ...]
    air_date: date
    ids: SeriesIds = field(default_factory=SeriesIds)


@dataclass(frozen=True, slots=True, kw_only=True)
class MovieSearch:
    titles: tuple[str, ...]
    year: int | None = None
    imdb_id: str | None = None
    tmdb_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AlbumSearch:
    artist: str
    album: str
    year: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ArtistSearch:
    """Everything by an artist (Lidarr's artist search): ``t=music&artist=``."""

    artist: str


SearchCriteria = (
    TextSearch
    | SeasonSearch
    | EpisodeSearch
    | DailyEpisodeSearch
    | MovieSearch
    | AlbumSearch
    | ArtistSearch
)

# ---------------------------------------------------------------------------------------
# helpers

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def query_title(title: str) -> str:
    """A title as indexers match it best: ``&`` spelled out, apostrophes and punctuation gone.

    ``Marvel's Agents of S.H.I.E.L.D.`` -> ``Marvels Agents of S H I E L D``.
    """
    cleaned = title.replace("&", " and ").replace("'", "").replace("’", "")
    return " ".join(_NON_WORD.sub(" ", cleaned).split())


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _season_param(season: int) -> str:
    return "00" if season == 0 else str(season)


def _id_tier(
    function: str,
    capability: SearchCapability,
    ids: Sequence[tuple[str, str | None]],
    extra: tuple[tuple[str, str], ...],
    categories: tuple[int, ...],
) -> tuple[IndexerRequest, ...]:
    """Requests by id: one carrying every supported id, or one per id (see module doc)."""
    usable = [(name, value) for name, value in ids if value and capability.supports(name)]
    if not usable or not capability.supports(*(name for name, _ in extra)):
        return ()
    if capability.params_declared:
        return (IndexerRequest(function, (*usable, *extra), categories),)
    return tuple(IndexerRequest(function, (pair, *extra), categories) for pair in usable)


def _series_ids(ids: SeriesIds) -> list[tuple[str, str | None]]:
    """Sonarr's order of preference; IMDb with its ``tt`` for TV (Radarr drops it)."""
    return [
        ("tvdbid", str(ids.tvdb_id) if ids.tvdb_id else None),
        ("imdbid", normalise_imdb_id(ids.imdb_id)),
        ("tvmazeid", str(ids.tvmaze_id) if ids.tvmaze_id else None),
        ("rid", str(ids.tvrage_id) if ids.tvrage_id else None),
        ("tmdbid", str(ids.tmdb_id) if ids.tmdb_id else None),
    ]


def _tv_plan(
    titles: tuple[str, ...],
    ids: SeriesIds,
    season: str,
    episode: str | None,
    caps: IndexerCapabilities,
    categories: tuple[int, ...],
    text_suffix: str,
) -> list[tuple[IndexerRequest, ...]]:
    extra = (("season", season),) + ((("ep", episode),) if episode is not None else ())
    tiers = [_id_tier("tvsearch", caps.tv_search, _series_ids(ids), extra, categories)]
    text: list[IndexerRequest] = []
    for title in _unique(query_title(t) for t in titles):
        if caps.tv_search.supports("q", *(name for name, _ in extra)):
            text.append(IndexerRequest("tvsearch", (("q", title), *extra), categories))
        elif caps.search.supports("q"):
            text.append(IndexerRequest("search", (("q", f"{title} {text_suffix}"),), categories))
    tiers.append(tuple(text))
    return tiers


def _tv_categories(settings: NewznabSettings, anime: bool) -> tuple[int, ...]:
    if not anime:
        return settings.categories
    if settings.anime_standard_format_search:
        return tuple(dict.fromkeys((*settings.anime_categories, *settings.categories)))
    return settings.anime_categories


def plan_search(
    criteria: SearchCriteria, caps: IndexerCapabilities, settings: NewznabSettings
) -> SearchPlan:
    """The requests ``criteria`` needs on an indexer with ``caps`` (possibly none)."""
    tiers: list[tuple[IndexerRequest, ...]] = []
    categories = settings.categories
    match criteria:
        case TextSearch(query=query):
            if caps.search.supports("q") and query.strip():
                tiers.append((IndexerRequest("search", (("q", query.strip()),), categories),))
        case EpisodeSearch() if criteria.anime:
            categories = _tv_categories(settings, anime=True)
            if settings.anime_standard_format_search:
                tiers += _tv_plan(
                    criteria.titles,
                    criteria.ids,
                    _season_param(criteria.season),
                    str(criteria.episode),
                    caps,
                    categories,
                    f"S{criteria.season:02d}E{criteria.episode:02d}",
                )
            if criteria.absolute_episode is not None and caps.search.supports("q"):
                tiers.append(
                    tuple(
                        IndexerRequest(
                            "search", (("q", f"{t} {criteria.absolute_episode:02d}"),), categories
                        )
                        for t in _unique(query_title(t) for t in criteria.titles)
                    )
                )
        case EpisodeSearch():
            tiers += _tv_plan(
                criteria.titles,
                criteria.ids,
                _season_param(criteria.season),
                str(criteria.episode),
                caps,
                categories,
                f"S{criteria.season:02d}E{criteria.episode:02d}",
            )
        case SeasonSearch():
            tiers += _tv_plan(
                criteria.titles,
                criteria.ids,
                _season_param(criteria.season),
                None,
                caps,
                _tv_categories(settings, criteria.anime),
                f"S{criteria.season:02d}",
            )
        case DailyEpisodeSearch(air_date=aired):
            tiers += _tv_plan(
                criteria.titles,
                criteria.ids,
                f"{aired:%Y}",
                f"{aired:%m/%d}",
                caps,
                categories,
                f"{aired:%Y %m %d}",
            )
        case MovieSearch():
            imdb = normalise_imdb_id(criteria.imdb_id)
            ids = [
                ("tmdbid", str(criteria.tmdb_id) if criteria.tmdb_id else None),
                ("imdbid", imdb.removeprefix("tt") if imdb else None),
            ]
            tiers.append(_id_tier("movie", caps.movie_search, ids, (), categories))
            text: list[IndexerRequest] = []
            for title in _unique(query_title(t) for t in criteria.titles):
                query = (
                    title
                    if settings.remove_year or not criteria.year
                    else (f"{title} {criteria.year}")
                )
                if caps.movie_search.supports("q"):
                    text.append(IndexerRequest("movie", (("q", query),), categories))
                elif caps.search.supports("q"):
                    text.append(IndexerRequest("search", (("q", query),), categories))
            tiers.append(tuple(text))
        case AlbumSearch(artist=artist, album=album):
            if caps.audio_search.supports("artist", "album"):
                params: tuple[tuple[str, str], ...] = (("artist", artist), ("album", album))
                tiers.append((IndexerRequest("music", params, categories),))
            elif caps.search.supports("q"):
                query = query_title(f"{artist} {album}")
                tiers.append((IndexerRequest("search", (("q", query),), categories),))
        case ArtistSearch(artist=artist):
            if caps.audio_search.supports("artist"):
                tiers.append((IndexerRequest("music", (("artist", artist),), categories),))
            elif caps.search.supports("q"):
                tiers.append((IndexerRequest("search", (("q", query_title(artist)),), categories),))
    return SearchPlan(tuple(tier for tier in tiers if tier))


_RSS_FUNCTION: dict[MediaKind, str] = {"tv": "tvsearch", "movie": "movie", "music": "music"}


def rss_request(
    kind: MediaKind, caps: IndexerCapabilities, settings: NewznabSettings
) -> IndexerRequest:
    """The "recent releases" request: the kind's search function with no query at all.

    Falls back to ``t=search`` when the indexer does not offer the kind's function.
    """
    capability = {
        "tv": caps.tv_search,
        "movie": caps.movie_search,
        "music": caps.audio_search,
    }[kind]
    function = _RSS_FUNCTION[kind] if capability.available else "search"
    categories = settings.categories
    if kind == "tv":
        categories = tuple(dict.fromkeys((*settings.categories, *settings.anime_categories)))
    return IndexerRequest(function, (), categories)
