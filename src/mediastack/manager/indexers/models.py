"""The values the indexer layer hands to the rest of the engine.

``ReleaseInfo`` is one search or RSS result, already normalised: aware UTC dates, integer
ids, IMDb ids always ``tt``-prefixed, sizes in bytes, flags as names. The decision engine,
the release API and the grab path read only this, never an indexer's XML, so every quirk of
every indexer is dealt with once, in ``mapping``.

``IndexerCapabilities`` is the parsed ``t=caps`` answer: which search functions exist, which
parameters each takes, the page size and the category tree. Search planning (``search.py``)
is a pure function of criteria and capabilities, which is what makes it testable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Literal

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "CapsCategory",
    "DownloadProtocol",
    "IndexerCapabilities",
    "IndexerFlag",
    "ReleaseInfo",
    "SearchCapability",
]

DownloadProtocol = Literal["torrent", "usenet"]

DEFAULT_PAGE_SIZE = 100


class IndexerFlag(StrEnum):
    """Release markers an indexer can set.

    Kept as names rather than the originals' bit values because Sonarr and Radarr number
    them differently; the API layer turns a set of these into its flavour's bitmask.
    """

    FREELEECH = "freeleech"  # download counts 0 %
    FREELEECH_75 = "freeleech75"  # download counts 25 % (75 % off)
    FREELEECH_25 = "freeleech25"  # download counts 75 % (25 % off)
    HALFLEECH = "halfleech"  # download counts 50 %
    DOUBLE_UPLOAD = "doubleupload"
    INTERNAL = "internal"
    SCENE = "scene"
    NUKED = "nuked"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseInfo:
    """One release an indexer offered, in our terms.

    ``attributes`` keeps every ``newznab:attr`` / ``torznab:attr`` as sent (lower-cased names,
    repeated names in order) so later features can read what this model does not name yet.
    """

    guid: str
    title: str
    download_url: str
    publish_date: datetime
    protocol: DownloadProtocol
    indexer: str
    indexer_id: int | None = None
    size: int | None = None
    info_url: str | None = None
    comments_url: str | None = None
    categories: tuple[int, ...] = ()
    # ids of what the release is about, when the indexer matched it
    tvdb_id: int | None = None
    tvmaze_id: int | None = None
    tvrage_id: int | None = None
    imdb_id: str | None = None  # always "tt" + at least 7 digits
    tmdb_id: int | None = None
    season: int | None = None
    episode: int | None = None
    artist: str | None = None
    album: str | None = None
    year: int | None = None
    # torrent
    seeders: int | None = None
    leechers: int | None = None
    peers: int | None = None
    info_hash: str | None = None  # lower-case hex, 40 characters
    magnet_url: str | None = None
    minimum_ratio: float | None = None
    minimum_seed_time: timedelta | None = None
    download_volume_factor: float | None = None
    upload_volume_factor: float | None = None
    # usenet
    usenet_date: datetime | None = None
    grabs: int | None = None
    files: int | None = None
    group: str | None = None
    poster: str | None = None
    flags: frozenset[IndexerFlag] = frozenset()
    languages: tuple[str, ...] = ()
    subtitles: tuple[str, ...] = ()
    attributes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def age(self, now: datetime | None = None) -> timedelta:
        """How old the release is: since it was posted (usenet) or published (torrents).

        Usenet retention is counted from the posting date, which ``usenetdate`` gives when
        the indexer indexed the post later than it was made.
        """
        moment = now or datetime.now(UTC)
        return max(timedelta(0), moment - (self.usenet_date or self.publish_date))


@dataclass(frozen=True, slots=True)
class CapsCategory:
    """One entry of the caps category tree; ``subcategories`` are empty for leaves."""

    id: int
    name: str
    description: str | None = None
    subcategories: tuple[CapsCategory, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchCapability:
    """One ``<searching>`` function (``search``, ``tv-search``, ...).

    ``params_declared`` records whether the indexer sent a ``supportedParams`` attribute at
    all: Sonarr only puts several ids into one request when it did (older Newznab servers
    take one id per request), so the difference matters and must not be guessed later.
    """

    available: bool
    supported_params: frozenset[str]
    params_declared: bool = False

    def supports(self, *params: str) -> bool:
        return self.available and all(p in self.supported_params for p in params)


def _capability(params: Iterable[str], *, declared: bool = False) -> SearchCapability:
    return SearchCapability(True, frozenset(params), declared)


# What the originals assume when caps say nothing (NewznabCapabilitiesProvider defaults).
DEFAULT_SEARCH = _capability(["q"])
DEFAULT_TV_SEARCH = _capability(["q", "rid", "season", "ep"])
DEFAULT_MOVIE_SEARCH = _capability(["q", "imdbid"])
DEFAULT_AUDIO_SEARCH = _capability(["q", "artist", "album"])
UNAVAILABLE = SearchCapability(False, frozenset(), False)


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexerCapabilities:
    """What an indexer says it can do (``t=caps``), with the originals' defaults filled in."""

    limits_max: int = DEFAULT_PAGE_SIZE
    limits_default: int = DEFAULT_PAGE_SIZE
    retention_days: int | None = None
    server_title: str | None = None
    search_engine: str = "sphinx"
    search: SearchCapability = DEFAULT_SEARCH
    tv_search: SearchCapability = DEFAULT_TV_SEARCH
    movie_search: SearchCapability = DEFAULT_MOVIE_SEARCH
    audio_search: SearchCapability = DEFAULT_AUDIO_SEARCH
    book_search: SearchCapability = UNAVAILABLE
    categories: tuple[CapsCategory, ...] = ()
    flags: tuple[str, ...] = ()  # Torznab <tags>: freeleech, internal, ... the indexer uses

    @property
    def page_size(self) -> int:
        """Results asked for per request: Sonarr's ``min(100, max(default, max))``."""
        return max(1, min(DEFAULT_PAGE_SIZE, max(self.limits_default, self.limits_max)))

    def iter_categories(self) -> Iterator[CapsCategory]:
        """Every category, parents before their subcategories."""
        for category in self.categories:
            yield category
            yield from category.subcategories

    def category_ids(self) -> frozenset[int]:
        return frozenset(c.id for c in self.iter_categories())

    def category_name(self, category_id: int) -> str | None:
        for category in self.iter_categories():
            if category.id == category_id:
                return category.name
        return None
