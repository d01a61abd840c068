"""TVmaze on a loopback port, answering from the recorded responses in
``shared/data/fixtures/tvmaze/`` (README there says which request each file answers).

Two layers:

* recorded routes: a request the README lists (``/search/shows?q=girls``,
  ``/singlesearch/shows?q=…``, ``/shows/13?embed=seasons``, ``/shows/82/episodes``, …)
  gets that file's body unchanged;
* a show index built from every show object in those files, so the calls our provider
  composes (``/shows/{id}?embed=seasons``, ``/shows/{id}/episodes``, ``/lookup/shows``,
  a search for another title) answer the way the documented API does, from the same data.
  Tests can add shows (``add_show``), cover images (``add_image``) and failures
  (``fail_next``) on top.

Anything else is a 404 with TVmaze's JSON 404 body. Every request is recorded.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.support.fake_http import Answer, GetRequest, loopback_server
from tests.support.shared_data import FIXTURES

TVMAZE = FIXTURES / "tvmaze"
NOT_FOUND = b'{"name":"Not Found","message":"Page not found.","code":0,"status":404}'

# (path, normalised query) -> fixture file, straight from the README's table.
RECORDED: dict[tuple[str, str], str] = {
    ("/search/shows", "q=girls"): "search_shows_q_girls.json",
    ("/shows/13", "embed=seasons"): "shows_13_embed_seasons.json",
    ("/shows/13/episodebynumber", "number=2&season=2"): "shows_13_episodebynumber_s2_e2.json",
    ("/shows/118/episodebynumber", "number=2&season=1"): "shows_118_episodebynumber_s1_e2.json",
    ("/shows/180/episodebynumber", "number=13&season=1"): (
        "shows_180_episodebynumber_s1_e13_no_airdate.json"
    ),
    ("/shows/249/episodesbydate", "date=2012-06-06"): "shows_249_episodesbydate_2012-06-06.json",
    ("/shows/82/episodes", ""): "shows_82_episodes.json",
    ("/shows/1/episodes", ""): "shows_1_episodes_modern_single_item.json",
    ("/shows/66", "embed=episodes"): "shows_66_embed_episodes_upstream_trimmed.json",
}
SINGLESEARCH = {
    "the flash": "singlesearch_shows_q_the_flash_embed_seasons.json",
    "house md": "singlesearch_shows_q_house_md_embed_seasons.json",
    "doctor who": "singlesearch_shows_q_doctor_who_embed_seasons.json",
    "the x-files": "singlesearch_shows_q_the_x_files_embed_seasons.json",
    "shameless": "singlesearch_shows_q_shameless_embed_seasons.json",
    "krøniken": "singlesearch_shows_q_kroniken_unicode_embed_seasons.json",
    "firefly": "singlesearch_shows_q_firefly_embed_seasons.json",
    "the walking dead": "singlesearch_shows_q_the_walking_dead_embed_seasons.json",
    "24": "singlesearch_shows_q_24_embed_seasons.json",
}
_SHOW_PATH = re.compile(r"^/shows/(\d+)(?:/(episodes|seasons|images))?$")


def load(name: str) -> Any:
    return json.loads((TVMAZE / name).read_bytes())


@dataclass
class IndexedShow:
    show: dict[str, Any]
    seasons: list[dict[str, Any]] | None = None
    episodes: list[dict[str, Any]] | None = None
    images: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class Failure:
    status: int
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class FakeTvMaze:
    url: str = ""
    shows: dict[int, IndexedShow] = field(default_factory=dict)
    images: dict[str, bytes] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    outage: bool = False
    added: set[int] = field(default_factory=set)  # shows a test gave; they win over recordings

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        for name in [*SINGLESEARCH.values(), "shows_13_embed_seasons.json"]:
            self._index(load(name))
        self._index(load("shows_66_embed_episodes_upstream_trimmed.json"))
        for hit in load("search_shows_q_girls.json"):
            self._index(hit["show"])
        for show in load("shows_index_page0_first15_trimmed.json"):
            self._index(show)

    def _index(self, raw: dict[str, Any]) -> None:
        embedded = raw.get("_embedded") or {}
        show = {k: v for k, v in raw.items() if k != "_embedded"}
        entry = self.shows.setdefault(int(show["id"]), IndexedShow(show))
        if entry.show.get("updated", 0) < show.get("updated", 0):
            entry.show = show
        if "seasons" in embedded and entry.seasons is None:
            entry.seasons = embedded["seasons"]
        if "episodes" in embedded and entry.episodes is None:
            entry.episodes = embedded["episodes"]

    # Test controls ---------------------------------------------------------------------

    def add_show(
        self,
        show: dict[str, Any],
        episodes: list[dict[str, Any]],
        seasons: list[dict[str, Any]] | None = None,
        images: list[dict[str, Any]] | None = None,
    ) -> None:
        with self._lock:
            self.shows[int(show["id"])] = IndexedShow(show, seasons, episodes, images)
            self.added.add(int(show["id"]))

    def add_image(self, name: str, data: bytes) -> str:
        self.images[name] = data
        return f"{self.url}/img/{name}"

    def fail_next(self, count: int, status: int = 429, retry_after: str | None = "0") -> None:
        headers = (("Retry-After", retry_after),) if retry_after is not None else ()
        with self._lock:
            self.failures.extend(Failure(status, headers) for _ in range(count))

    def calls(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    # Answering -------------------------------------------------------------------------

    def answer(
        self, path: str, params: dict[str, str], embeds: set[str]
    ) -> tuple[int, bytes, dict[str, str]]:
        with self._lock:
            self.requests.append((path, params))
            if self.outage:
                return 503, b"Service Unavailable", {}
            if self.failures:
                failure = self.failures.pop(0)
                return failure.status, b"", dict(failure.headers)
        if path.startswith("/img/") and path[5:] in self.images:
            return 200, self.images[path[5:]], {"Content-Type": "image/jpeg"}
        # ``specials=1`` changes nothing in the recordings (none of them has specials).
        query = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "specials")
        match = _SHOW_PATH.match(path)
        recorded = (
            None if match and int(match.group(1)) in self.added else RECORDED.get((path, query))
        )
        if recorded is None and path == "/singlesearch/shows":
            recorded = SINGLESEARCH.get(params.get("q", "").strip().lower())
        if recorded is not None:
            return 200, (TVMAZE / recorded).read_bytes(), {}
        return self._composed(path, params, embeds)

    def _json(self, value: Any) -> tuple[int, bytes, dict[str, str]]:
        return 200, json.dumps(value).encode(), {}

    def _composed(
        self, path: str, params: dict[str, str], embeds: set[str]
    ) -> tuple[int, bytes, dict[str, str]]:
        if path == "/search/shows":
            q = params.get("q", "").strip().lower()
            hits = [
                {"score": 10.0, "show": entry.show}
                for entry in self.shows.values()
                if q and q in str(entry.show.get("name", "")).lower()
            ]
            return self._json(hits)
        if path == "/lookup/shows":
            for key, external in (("thetvdb", "thetvdb"), ("imdb", "imdb"), ("tvrage", "tvrage")):
                if key in params:
                    for show_id, entry in self.shows.items():
                        if str((entry.show.get("externals") or {}).get(external)) == params[key]:
                            return 301, b"", {"Location": f"{self.url}/shows/{show_id}"}
            return 404, NOT_FOUND, {}
        match = _SHOW_PATH.match(path)
        entry = self.shows.get(int(match.group(1))) if match else None
        if match is None or entry is None:
            return 404, NOT_FOUND, {}
        part = match.group(2)
        if part == "episodes":
            episodes = entry.episodes or []
            if params.get("specials") != "1":
                episodes = [e for e in episodes if e.get("number") is not None]
            return self._json(episodes)
        if part == "seasons":
            return self._json(entry.seasons or [])
        if part == "images":
            return self._json(entry.images) if entry.images is not None else (404, NOT_FOUND, {})
        body = dict(entry.show)
        embedded: dict[str, Any] = {}
        if "seasons" in embeds and entry.seasons is not None:
            embedded["seasons"] = entry.seasons
        if "episodes" in embeds:
            embedded["episodes"] = [e for e in entry.episodes or [] if e.get("number") is not None]
        if embedded:
            body["_embedded"] = embedded
        return self._json(body)


def _answer(fake: FakeTvMaze, request: GetRequest) -> Answer:
    embeds = {v for k, v in request.pairs if k in ("embed", "embed[]")}
    params = {k: v for k, v in request.pairs if k != "embed[]"}
    status, body, headers = fake.answer(request.path, params, embeds)
    headers.setdefault("Content-Type", "application/json; charset=UTF-8")
    return status, body, headers


@contextmanager
def fake_tvmaze() -> Iterator[FakeTvMaze]:
    fake = FakeTvMaze()
    with loopback_server(lambda request: _answer(fake, request)) as url:
        fake.url = url
        yield fake
