"""``FeedItem`` -> ``ReleaseInfo`` for everything Newznab and Torznab have in common.

Indexers disagree on where a value lives (size in an attr, a ``<size>`` element or the
enclosure length; the IMDb id with or without ``tt``; season as ``12`` or ``S12``), so each
value is looked up in the order the originals use and normalised here, once. Torrent-only
values are added by ``torznab.mapping`` on top of the release built here.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime

from mediastack.manager.indexers.models import DownloadProtocol, IndexerFlag, ReleaseInfo
from mediastack.manager.indexers.newznab.parser import Enclosure, FeedItem, parse_date

__all__ = ["imdb_id", "to_release"]

log = logging.getLogger(__name__)

_FIRST_NUMBER = re.compile(r"\d+")


def parse_int(raw: str | None) -> int | None:
    """An attribute's number, or ``None``; zero means "unknown" for ids and is dropped."""
    if raw is None:
        return None
    try:
        return int(raw.strip())
    except ValueError:
        try:
            return int(float(raw.strip()))
        except ValueError:
            return None


def parse_float(raw: str | None) -> float | None:
    if raw is None:
        return None
    try:
        return float(raw.strip().replace(",", "."))
    except ValueError:
        return None


def _positive(value: int | None) -> int | None:
    return value if value is not None and value > 0 else None


def _number_in(raw: str | None) -> int | None:
    """``12``, ``S12`` and ``E05`` alike; ``03/09`` (a daily "episode") is no number."""
    if raw is None or "/" in raw:
        return None
    match = _FIRST_NUMBER.search(raw)
    return int(match.group()) if match else None


def imdb_id(raw: str | None) -> str | None:
    """``0848228``, ``848228`` or ``tt0848228`` -> ``tt0848228``; zero or junk -> ``None``."""
    if raw is None:
        return None
    digits = raw.strip().lower().removeprefix("tt")
    if not digits.isdigit() or int(digits) == 0:
        return None
    return f"tt{int(digits):07d}"


def _split_list(values: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        for part in value.split(","):
            if part.strip():
                seen.setdefault(part.strip(), None)
    return tuple(seen)


def _categories(item: FeedItem) -> tuple[int, ...]:
    found: dict[int, None] = {}
    for raw in (*item.attrs.get("category", ()), *item.categories):
        value = parse_int(raw) if raw.strip().isdigit() else None
        if value is not None:
            found.setdefault(value, None)
    return tuple(found)


def _is_usable(enclosure: Enclosure, protocol: DownloadProtocol) -> bool:
    kind = (enclosure.type or "").lower()
    if protocol == "usenet":
        return "nzb" in kind
    return "bittorrent" in kind or enclosure.url.startswith("magnet:")


def _download_url(item: FeedItem, protocol: DownloadProtocol) -> str | None:
    """The enclosure of our protocol (Anime Tosho offers a torrent and an NZB), else any."""
    for enclosure in item.enclosures:
        if _is_usable(enclosure, protocol):
            return enclosure.url
    if item.enclosures:
        return item.enclosures[0].url
    return item.link


def _size(item: FeedItem) -> int | None:
    for raw in (item.attr("size"), item.size):
        value = _positive(parse_int(raw))
        if value is not None:
            return value
    lengths = [e.length for e in item.enclosures if e.length]
    return lengths[0] if lengths else None


def _info_url(item: FeedItem) -> str | None:
    if item.comments:
        return item.comments.split("#", 1)[0] or None
    if item.guid and item.guid_is_permalink and item.guid.startswith(("http://", "https://")):
        return item.guid
    return None


def _newznab_flags(item: FeedItem) -> frozenset[IndexerFlag]:
    flags: set[IndexerFlag] = set()
    if item.attr("prematch") == "1" or item.attr("haspretime") == "1":
        flags.add(IndexerFlag.SCENE)
    if item.attr("nuked") == "1":
        flags.add(IndexerFlag.NUKED)
    return frozenset(flags)


def to_release(
    item: FeedItem,
    *,
    indexer: str,
    indexer_id: int | None,
    fetched_at: datetime,
    protocol: DownloadProtocol = "usenet",
) -> ReleaseInfo | None:
    """The release ``item`` describes, or ``None`` when it lacks a title or a download link.

    A missing or unreadable ``pubDate`` falls back to ``usenetdate`` and then to the time we
    fetched the feed, so one odd item never sinks a whole page.
    """
    download_url = _download_url(item, protocol)
    if not item.title or not download_url:
        log.debug("skipping indexer item without title or link: %r", item.guid)
        return None
    usenet_raw = item.attr("usenetdate")
    usenet_date = parse_date(usenet_raw)
    # Newznab indexers mostly send the posting date as both: read it once.
    published = usenet_date if item.pub_date == usenet_raw else parse_date(item.pub_date)
    publish_date = published or usenet_date or fetched_at
    return ReleaseInfo(
        guid=item.guid or download_url,
        title=item.title,
        download_url=download_url,
        publish_date=publish_date,
        protocol=protocol,
        indexer=indexer,
        indexer_id=indexer_id,
        size=_size(item),
        info_url=_info_url(item),
        comments_url=item.comments,
        categories=_categories(item),
        tvdb_id=_positive(parse_int(item.attr("tvdbid", "thetvdb"))),
        tvmaze_id=_positive(parse_int(item.attr("tvmazeid"))),
        tvrage_id=_positive(parse_int(item.attr("rageid", "tvrageid"))),
        imdb_id=imdb_id(item.attr("imdb", "imdbid")),
        tmdb_id=_positive(parse_int(item.attr("tmdbid"))),
        season=_number_in(item.attr("season")),
        episode=_number_in(item.attr("episode")),
        artist=item.attr("artist"),
        album=item.attr("album"),
        year=_positive(parse_int(item.attr("year", "imdbyear"))),
        usenet_date=usenet_date if protocol == "usenet" else None,
        grabs=parse_int(item.attr("grabs") or item.grabs),
        files=parse_int(item.attr("files") or item.files),
        group=item.attr("group"),
        poster=item.attr("poster"),
        flags=_newznab_flags(item),
        languages=_split_list(item.attrs.get("language", ())),
        subtitles=_split_list(item.attrs.get("subs", ())),
        attributes=dict(item.attrs),
    )
