"""``FeedItem`` -> torrent ``ReleaseInfo``: Newznab's mapping plus torrent attributes.

Peers follow Jackett/Prowlarr (``peers`` = seeders + leechers); when a feed sends only
``leechers`` the sum is computed. Volume factors become flags the way Sonarr/Radarr read
them: download factor 0 = freeleech, 0.25 = 75 % off, 0.5 = halfleech, 0.75 = 25 % off;
upload factor 2 = double upload; the ``tag`` attr marks internal and scene releases.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from mediastack.manager.indexers.models import IndexerFlag, ReleaseInfo
from mediastack.manager.indexers.newznab.mapping import parse_float, parse_int, to_release
from mediastack.manager.indexers.newznab.parser import FeedItem

__all__ = ["to_torrent_release"]

_HEX_HASH = re.compile(r"^[0-9a-fA-F]{40}$")
_BTIH = re.compile(r"urn:btih:([0-9a-zA-Z]+)", re.I)

_DOWNLOAD_FACTOR_FLAGS = {
    0.0: IndexerFlag.FREELEECH,
    0.25: IndexerFlag.FREELEECH_75,
    0.5: IndexerFlag.HALFLEECH,
    0.75: IndexerFlag.FREELEECH_25,
}


def _info_hash(item: FeedItem, magnet: str | None) -> str | None:
    """The 40-hex info-hash, from the attr or, failing that, a hex ``btih`` magnet."""
    raw = item.attr("infohash")
    if raw and _HEX_HASH.match(raw):
        return raw.lower()
    if magnet and (match := _BTIH.search(magnet)) and _HEX_HASH.match(match.group(1)):
        return match.group(1).lower()
    return None


def _flags(item: FeedItem, base: frozenset[IndexerFlag]) -> frozenset[IndexerFlag]:
    flags = set(base)
    download = parse_float(item.attr("downloadvolumefactor"))
    if download is not None and download in _DOWNLOAD_FACTOR_FLAGS:
        flags.add(_DOWNLOAD_FACTOR_FLAGS[download])
    upload = parse_float(item.attr("uploadvolumefactor"))
    if upload is not None and upload == 2.0:
        flags.add(IndexerFlag.DOUBLE_UPLOAD)
    tags = {t.strip().lower() for t in item.attrs.get("tag", ())}
    if "internal" in tags:
        flags.add(IndexerFlag.INTERNAL)
    if "scene" in tags:
        flags.add(IndexerFlag.SCENE)
    if "freeleech" in tags:
        flags.add(IndexerFlag.FREELEECH)
    return frozenset(flags)


def to_torrent_release(
    item: FeedItem, *, indexer: str, indexer_id: int | None, fetched_at: datetime
) -> ReleaseInfo | None:
    base = to_release(
        item, indexer=indexer, indexer_id=indexer_id, fetched_at=fetched_at, protocol="torrent"
    )
    if base is None:
        return None
    magnet = item.attr("magneturl")
    if magnet is None and base.download_url.startswith("magnet:"):
        magnet = base.download_url
    seeders = parse_int(item.attr("seeders"))
    leechers = parse_int(item.attr("leechers"))
    peers = parse_int(item.attr("peers"))
    if peers is None and seeders is not None and leechers is not None:
        peers = seeders + leechers
    if leechers is None and peers is not None and seeders is not None:
        leechers = max(0, peers - seeders)
    seed_time = parse_int(item.attr("minimumseedtime"))
    return replace(
        base,
        seeders=seeders,
        leechers=leechers,
        peers=peers,
        info_hash=_info_hash(item, magnet),
        magnet_url=magnet,
        minimum_ratio=parse_float(item.attr("minimumratio")),
        minimum_seed_time=timedelta(seconds=seed_time) if seed_time is not None else None,
        download_volume_factor=parse_float(item.attr("downloadvolumefactor")),
        upload_volume_factor=parse_float(item.attr("uploadvolumefactor")),
        flags=_flags(item, base.flags),
    )
