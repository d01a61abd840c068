"""MusicBrainz WS/2 and the Cover Art Archive on a loopback port, answering from the
recorded responses in ``shared/data/fixtures/musicbrainz/`` (README there says which
request each file answers).

* entities from every recorded file are indexed by MBID (artists, release groups,
  releases, including the ones embedded in other answers), so the lookups and browses our
  provider composes (``/artist/{mbid}``, ``/release-group?artist=…``,
  ``/release-group/{mbid}``, ``/release/{mbid}``) answer the way the documented API does;
* the two recorded searches answer ``/artist?query=…fleetwood…`` and
  ``/release-group?query=…rumours…`` unchanged;
* the Cover Art Archive lives under ``/caa`` (``/caa/release/{mbid}``), images under
  ``/img/``;
* tests add entities (``add_release_group``, ``add_release``), covers (``add_cover``),
  refusals (``fail_next``, 503 as MusicBrainz sends) and an outage.

Anything else is a 404 in MusicBrainz's JSON error shape; a malformed MBID a 400. Every
request is recorded with its arrival time (the rate-limit test measures the spacing).
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.support.fake_http import Answer, GetRequest, loopback_server
from tests.support.shared_data import FIXTURES

MUSICBRAINZ = FIXTURES / "musicbrainz"
NOT_FOUND = (
    b'{"error":"Not Found","help":"For usage, please see: https://musicbrainz.org/development/mmd"}'
)
INVALID_MBID = b'{"error":"Invalid mbid.","help":"For usage, please see: https://musicbrainz.org/development/mmd"}'
RATE_LIMITED = (
    b'{"error":"Your requests are exceeding the allowable rate limit. Please see '
    b'http://wiki.musicbrainz.org/XMLWebService for more information."}'
)
MBID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ENTITY = re.compile(r"^/(artist|release-group|release)/([^/]+)$")

ED_SHEERAN = "b8a7c51f-362c-4dcb-a259-bc6e0095f0a6"
PLUS = "05ce100c-eddf-4967-8d7e-33fc0883fe39"
PLUS_RELEASE = "94ad3a58-a1cc-46a3-acf4-9cb6c1d6f032"
MULTIDISC_RELEASE = "6c4f766f-3351-4c10-a53d-b119452c27b2"
CAA_RELEASE = "83c45b6c-69ee-4eb0-903b-bd944ed59d48"


def load(name: str) -> Any:
    return json.loads((MUSICBRAINZ / name).read_bytes())


@dataclass
class FakeMusicBrainz:
    url: str = ""
    artists: dict[str, dict[str, Any]] = field(default_factory=dict)
    release_groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    releases: dict[str, dict[str, Any]] = field(default_factory=dict)
    covers: dict[str, dict[str, Any]] = field(default_factory=dict)
    images: dict[str, bytes] = field(default_factory=dict)
    requests: list[tuple[float, str, dict[str, str]]] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    outage: bool = False

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        for name in (
            "artist_b8a7c51f_ed_sheeran_url-rels_releases_ratings_tags_mbandroid.json",
            "artist_b8a7c51f_ed_sheeran_aliases_picard.json",
            "artist_5b11f4ce_nirvana_plain_revsrev.json",
            "artist_b21ef19b_serge_gainsbourg_ended_picard.json",
        ):
            self._index_artist(load(name))
        for hit in load("search_artist_fleetwood_revsrev.json")["artists"]:
            self._index_artist({k: v for k, v in hit.items() if k != "score"})
        for name in (
            "release-group_05ce100c_with_releases_artist-credits_url-rels_mbandroid.json",
            "release_group_f5093c06_with_releases_picard.json",
        ):
            self.add_release_group(load(name))
        for name in (
            "release_94ad3a58_recordings_url-rels_artist-credits_mbandroid.json",
            "release_6c4f766f_multidisc_picard.json",
            "release_b84ee12a_dark_side_of_the_moon_picard.json",
        ):
            self.add_release(load(name))
        self.covers[CAA_RELEASE] = load("caa_release_83c45b6c_mbandroid.json")

    def _index_artist(self, raw: dict[str, Any]) -> None:
        entry = self.artists.setdefault(raw["id"], {})
        for key, value in raw.items():
            entry.setdefault(key, value)

    # Test controls ---------------------------------------------------------------------

    def add_release_group(self, raw: dict[str, Any]) -> None:
        with self._lock:
            self.release_groups[raw["id"]] = copy.deepcopy(raw)

    def add_release(self, raw: dict[str, Any]) -> None:
        with self._lock:
            self.releases[raw["id"]] = copy.deepcopy(raw)

    def add_image(self, name: str, data: bytes) -> str:
        self.images[name] = data
        return f"{self.url}/img/{name}"

    def add_cover(self, release_mbid: str, data: bytes) -> str:
        """The recorded CAA listing, re-pointed at ``release_mbid`` and a local image."""
        url = self.add_image(f"{release_mbid}.jpg", data)
        listing = copy.deepcopy(load("caa_release_83c45b6c_mbandroid.json"))
        listing["release"] = f"https://musicbrainz.org/release/{release_mbid}"
        for image in listing["images"]:
            image["image"] = url
            image["thumbnails"] = {"large": url, "small": url, "250": url, "500": url}
        self.covers[release_mbid] = listing
        return url

    def fail_next(self, count: int, status: int = 503) -> None:
        with self._lock:
            self.failures.extend([status] * count)

    def calls(self, path: str) -> int:
        return sum(1 for _, p, _ in self.requests if p == path)

    def times(self) -> list[float]:
        return [t for t, p, _ in self.requests if not p.startswith(("/caa/", "/img/"))]

    # Answering -------------------------------------------------------------------------

    def answer(self, path: str, params: dict[str, str], agent: str) -> tuple[int, bytes, str]:
        with self._lock:
            self.requests.append((time.monotonic(), path, params))
            self.user_agents.append(agent)
            if self.outage:
                return 503, b"<html>Service Unavailable</html>", "text/html"
            if self.failures and not path.startswith(("/caa/", "/img/")):
                return self.failures.pop(0), RATE_LIMITED, "application/json"
        if path.startswith("/img/") and path[5:] in self.images:
            return 200, self.images[path[5:]], "image/jpeg"
        if path.startswith("/caa/release/"):
            listing = self.covers.get(path.rsplit("/", 1)[-1])
            if listing is None:
                return 404, b"Not Found", "text/plain"
            return 200, json.dumps(listing).encode(), "application/json"
        if params.get("fmt") != "json":
            return 400, b"<error>XML is not served by this fake</error>", "application/xml"
        return self._ws(path, params)

    def _json(self, value: Any) -> tuple[int, bytes, str]:
        return 200, json.dumps(value).encode(), "application/json"

    def _ws(self, path: str, params: dict[str, str]) -> tuple[int, bytes, str]:
        query = params.get("query", "").lower()
        if path == "/artist" and "query" in params:
            if "fleetwood" in query:
                return (
                    200,
                    (MUSICBRAINZ / "search_artist_fleetwood_revsrev.json").read_bytes(),
                    ("application/json"),
                )
            hits = [
                {**a, "score": 100}
                for a in self.artists.values()
                if query and query in str(a.get("name", "")).lower()
            ]
            return self._json(
                {
                    "created": "2026-11-24T00:00:00Z",
                    "count": len(hits),
                    "offset": 0,
                    "artists": hits,
                }
            )
        if path == "/release-group" and "query" in params:
            if "rumours" in query:
                name = "search_release-group_rumours_trimmed25_revsrev.json"
                return 200, (MUSICBRAINZ / name).read_bytes(), "application/json"
            hits = [
                {**g, "score": 100}
                for g in self.release_groups.values()
                if query and query in str(g.get("title", "")).lower()
            ]
            return self._json({"count": len(hits), "offset": 0, "release-groups": hits})
        if path == "/release-group" and "artist" in params:
            return self._browse(params)
        match = _ENTITY.match(path)
        if match is None:
            return 404, NOT_FOUND, "application/json"
        kind, mbid = match.groups()
        if not MBID.match(mbid):
            return 400, INVALID_MBID, "application/json"
        found = {
            "artist": self.artists,
            "release-group": self.release_groups,
            "release": self.releases,
        }[kind].get(mbid)
        if found is None:
            return 404, NOT_FOUND, "application/json"
        return self._json(found)

    def _browse(self, params: dict[str, str]) -> tuple[int, bytes, str]:
        artist = params["artist"]
        types = {t for t in params.get("type", "").lower().split("|") if t}
        groups = [
            {k: v for k, v in g.items() if k != "releases"}
            for g in self.release_groups.values()
            if any(
                (c.get("artist") or {}).get("id") == artist for c in g.get("artist-credit") or []
            )
            and (not types or str(g.get("primary-type", "")).lower() in types)
        ]
        offset, limit = int(params.get("offset", "0")), int(params.get("limit", "25"))
        return self._json(
            {
                "release-group-count": len(groups),
                "release-group-offset": offset,
                "release-groups": groups[offset : offset + limit],
            }
        )


def _answer(fake: FakeMusicBrainz, request: GetRequest) -> Answer:
    path = request.path.removeprefix("/ws/2")
    status, body, kind = fake.answer(path, request.params, request.headers.get("User-Agent", ""))
    return status, body, {"Content-Type": kind}


@contextmanager
def fake_musicbrainz() -> Iterator[FakeMusicBrainz]:
    """The fake; MusicBrainz is at ``{url}/ws/2``, the Cover Art Archive at ``{url}/caa``."""
    fake = FakeMusicBrainz()
    with loopback_server(lambda request: _answer(fake, request)) as url:
        fake.url = url
        yield fake
