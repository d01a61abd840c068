"""Newznab and Torznab TV feeds over the fake indexer, offering releases a test made for real.

Each offered release carries what ``t=get`` answers (the NZB of a release posted to the
loopback NNTP server, or a .torrent seeded on loopback). ``t=tvsearch`` answers the
releases of the asked season (and episode); a request without season or query is an RSS
poll and answers the releases marked ``rss``. The item layout follows the recorded feeds
in ``shared/data/fixtures/{newznab,torznab}``: ``newznab:attr``/``torznab:attr`` for size,
category, tvdbid, season and episode, ``seeders``/``peers``/``infohash`` for torrents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Literal
from xml.sax.saxutils import escape

from tests.support.fake_indexer import CannedResponse, FakeIndexer, fixture

Protocol = Literal["usenet", "torrent"]

_NAMESPACES = {
    "usenet": ("newznab", "http://www.newznab.com/DTD/2010/feeds/attributes/"),
    "torrent": ("torznab", "http://torznab.com/schemas/2015/feed"),
}
_TYPES = {"usenet": "application/x-nzb", "torrent": "application/x-bittorrent"}


@dataclass
class Offered:
    title: str
    season: int
    episode: int | None  # None: a season pack
    body: bytes  # what t=get answers: the NZB or the .torrent
    size: int
    info_hash: str = ""  # torrents
    age: timedelta = timedelta(hours=3)
    rss: bool = False
    category: int = 5040

    @property
    def guid(self) -> str:
        return self.title.replace(".", "-").lower()


@dataclass
class TvFeed:
    fake: FakeIndexer
    protocol: Protocol
    tvdb_id: int
    offered: list[Offered] = field(default_factory=list)

    def install(self) -> TvFeed:
        self.fake.routes = {
            "caps": fixture("caps_sonarr_tv.xml"),
            "tvsearch": self.tvsearch,
            "search": self.tvsearch,
            "get": self.get,
        }
        return self

    def item(self, r: Offered) -> str:
        prefix, _ = _NAMESPACES[self.protocol]
        published = format_datetime(datetime.now(UTC) - r.age)
        link = escape(f"{self.fake.url}/api?t=get&id={r.guid}&apikey={self.fake.api_key}")
        attrs = {"category": str(r.category), "size": str(r.size), "tvdbid": str(self.tvdb_id)}
        attrs["season"] = f"S{r.season:02d}"
        if r.episode is not None:
            attrs["episode"] = f"E{r.episode:02d}"
        if self.protocol == "torrent":
            attrs |= {"seeders": "1", "peers": "1", "infohash": r.info_hash}
        else:
            attrs |= {"usenetdate": published, "grabs": "12"}
        attr_xml = "".join(
            f'<{prefix}:attr name="{k}" value="{escape(v)}"/>' for k, v in attrs.items()
        )
        return (
            f"<item><title>{escape(r.title)}</title>"
            f'<guid isPermaLink="true">{self.fake.url}/details/{r.guid}</guid>'
            f"<link>{link}</link><pubDate>{published}</pubDate><size>{r.size}</size>"
            f"<category>TV &gt; HD</category>"
            f'<enclosure url="{link}" length="{r.size}" type="{_TYPES[self.protocol]}"/>'
            f"{attr_xml}</item>"
        )

    def feed(self, releases: list[Offered]) -> bytes:
        prefix, namespace = _NAMESPACES[self.protocol]
        items = "".join(self.item(r) for r in releases)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
            f'xmlns:{prefix}="{namespace}"><channel><title>Loopback</title>'
            f'<newznab:response xmlns:newznab="{_NAMESPACES["usenet"][1]}" offset="0" '
            f'total="{len(releases)}"/>{items}</channel></rss>'
        ).encode()

    def tvsearch(self, params: dict[str, str]) -> bytes:
        if int(params.get("offset", "0")) > 0:
            return self.feed([])
        if "season" not in params and "q" not in params:
            return self.feed([r for r in self.offered if r.rss])
        season = int(params["season"]) if params.get("season", "").isdigit() else None
        episode = int(params["ep"]) if params.get("ep", "").isdigit() else None
        return self.feed(
            [
                r
                for r in self.offered
                if not r.rss
                and (season is None or r.season == season)
                and (episode is None or r.episode in (episode, None))
            ]
        )

    def get(self, params: dict[str, str]) -> CannedResponse:
        for r in self.offered:
            if r.guid == params.get("id"):
                return CannedResponse(200, r.body, _TYPES[self.protocol])
        return CannedResponse(404, b"Not Found", "text/plain")
