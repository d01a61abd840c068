"""TMDB v3 on a loopback port, answering from the recorded responses in
``shared/data/fixtures/tmdb/`` (its README says which request each file answers).

* Every request must carry the fake's key as ``api_key=`` or ``Authorization: Bearer``;
  otherwise the recorded 401 body (``status_code`` 7) comes back, as TMDB answers.
* Recorded routes: ``/3/configuration``, ``/3/find/tt0936501?external_source=imdb_id``,
  ``/3/search/movie`` for the recorded queries (``the matrix``, ``the matrix reloaded`` +
  ``year=2003``, the Cyrillic ``Зеркала Mirrors`` + ``year=2008``, ``RRRrrrr!!!``); the
  query's case and the ``language``/``include_adult``/``page`` parameters do not matter.
  An empty query gets the recorded 422.
* A movie index built from the recorded movie objects (550 Fight Club from the jdrouet
  files, 603, 604, 8681, 13515 from the Flexget cassettes) answers ``/3/movie/{id}`` with
  any ``append_to_response`` the way the README describes (each part nested without its
  ``id``), ``/3/movie/{id}/{part}``, other ``/find`` and ``/search`` calls; unknown ids get
  the recorded 404 (``status_code`` 34).
* ``/configuration``'s image base URLs are pointed at the fake (``rewrite_images``), which
  serves ``/t/p/{size}/{file}`` as a small JPEG, so cover caching runs offline.

Tests add movies (``add_movie``) and failures (``fail_next``, ``outage``) on top; every
request is recorded with its parameters and auth header.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.support.fake_http import Answer, GetRequest, loopback_server
from tests.support.shared_data import FIXTURES

TMDB = FIXTURES / "tmdb"
API_KEY = "0123456789abcdef0123456789abcdef"
BEARER = "eyJhbGciOiJIUzI1NiJ9.fake-read-token.signature"
JPEG = b"\xff\xd8\xff\xe0fake-tmdb-image"
_IGNORED = {"api_key", "language", "include_adult", "page"}

# (path, normalised query) -> fixture file, straight from the README's table.
RECORDED: dict[tuple[str, str], str] = {
    ("/3/configuration", ""): "configuration.json",
    ("/3/find/tt0936501", "external_source=imdb_id"): "find_tt0936501_external_source_imdb_id.json",
    ("/3/search/movie", "query=the matrix"): "search_movie_query_the_matrix.json",
    ("/3/search/movie", "query=the matrix reloaded&year=2003"): (
        "search_movie_query_the_matrix_reloaded_year_2003.json"
    ),
    ("/3/search/movie", "query=зеркала mirrors&year=2008"): (
        "search_movie_query_unicode_year_2008.json"
    ),
    ("/3/search/movie", "query=rrrrrrr!!!"): "jdrouet_search-movie.json",
}
PARTS = {
    "alternative_titles": {"titles": []},
    "release_dates": {"results": []},
    "external_ids": {},
    "images": {"backdrops": [], "logos": [], "posters": []},
}


def load(name: str) -> Any:
    return json.loads((TMDB / name).read_bytes())


def _without_id(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "id"}


@dataclass
class FakeTmdb:
    url: str = ""
    api_key: str = API_KEY
    bearer: str = BEARER
    rewrite_images: bool = True
    movies: dict[int, dict[str, Any]] = field(default_factory=dict)  # movie + its parts
    requests: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)
    outage: bool = False

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        fight_club = load("jdrouet_movie-details.json")
        fight_club["alternative_titles"] = _without_id(
            load("jdrouet_movie-alternative-titles.json")
        )
        fight_club["release_dates"] = _without_id(load("jdrouet_movie-release-dates.json"))
        fight_club["external_ids"] = _without_id(load("jdrouet_movie-external-ids.json"))
        fight_club["images"] = _without_id(load("jdrouet_movie-images.json"))
        self.movies[550] = fight_club
        for tmdb_id, images in ((603, True), (604, False), (8681, True), (13515, False)):
            movie = load(f"movie_{tmdb_id}_append_alternative_titles.json")
            if images:
                movie["images"] = _without_id(load(f"movie_{tmdb_id}_images.json"))
            self.movies[tmdb_id] = movie

    # Test controls ---------------------------------------------------------------------

    def add_movie(self, movie: dict[str, Any]) -> None:
        with self._lock:
            self.movies[int(movie["id"])] = copy.deepcopy(movie)

    def fail_next(self, count: int, status: int = 429) -> None:
        with self._lock:
            self.failures.extend([status] * count)

    def calls(self, path: str) -> int:
        return sum(1 for p, _, _ in self.requests if p == path)

    # Answering -------------------------------------------------------------------------

    def answer(
        self, path: str, params: dict[str, str], authorization: str
    ) -> tuple[int, bytes, dict[str, str]]:
        with self._lock:
            self.requests.append((path, params, authorization))
            if self.outage:
                return 503, b"Service Unavailable", {}
            if self.failures:
                return self.failures.pop(0), b"", {"Retry-After": "0"}
        if path.startswith("/t/p/"):
            return 200, JPEG, {"Content-Type": "image/jpeg"}
        if params.get("api_key") != self.api_key and authorization != f"Bearer {self.bearer}":
            return 401, (TMDB / "jdrouet_invalid-api-key.json").read_bytes(), {}
        if path == "/3/search/movie" and not params.get("query", "").strip():
            return 422, (TMDB / "jdrouet_validation-error.json").read_bytes(), {}
        query = "&".join(
            f"{k}={v.lower() if k == 'query' else v}"
            for k, v in sorted(params.items())
            if k not in _IGNORED
        )
        recorded = RECORDED.get((path, query))
        if recorded == "configuration.json":
            return self._json(self._configuration())
        if recorded is not None:
            return 200, (TMDB / recorded).read_bytes(), {}
        return self._composed(path, params)

    def _json(self, value: Any, status: int = 200) -> tuple[int, bytes, dict[str, str]]:
        return status, json.dumps(value).encode(), {}

    def _not_found(self) -> tuple[int, bytes, dict[str, str]]:
        return 404, (TMDB / "jdrouet_resource-not-found.json").read_bytes(), {}

    def _configuration(self) -> dict[str, Any]:
        body: dict[str, Any] = load("configuration.json")
        if self.rewrite_images:
            body["images"]["base_url"] = f"{self.url}/t/p/"
            body["images"]["secure_base_url"] = f"{self.url}/t/p/"
        return body

    def _summary(self, movie: dict[str, Any]) -> dict[str, Any]:
        """A movie as search and find list it: no parts, genre ids instead of genres."""
        out = {k: v for k, v in movie.items() if k not in PARTS and k != "genres"}
        for key in ("runtime", "imdb_id", "belongs_to_collection", "production_companies"):
            out.pop(key, None)
        out["genre_ids"] = [g["id"] for g in movie.get("genres") or []]
        return out

    def _composed(self, path: str, params: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        parts = path.split("/")
        if path == "/3/search/movie":
            q = params.get("query", "").strip().lower()
            year = params.get("year")
            hits = [
                self._summary(m)
                for m in self.movies.values()
                if q in str(m.get("title", "")).lower()
                and (not year or str(m.get("release_date", "")).startswith(year))
            ]
            return self._json(
                {"page": 1, "results": hits, "total_pages": 1, "total_results": len(hits)}
            )
        if len(parts) == 4 and parts[2] == "find":
            found = [
                self._summary(m)
                for m in self.movies.values()
                if (m.get("imdb_id") or (m.get("external_ids") or {}).get("imdb_id")) == parts[3]
            ]
            empty: list[Any] = []
            return self._json(
                {
                    "movie_results": found,
                    "person_results": empty,
                    "tv_results": empty,
                    "tv_episode_results": empty,
                    "tv_season_results": empty,
                }
            )
        if len(parts) in (4, 5) and parts[2] == "movie" and parts[3].isdigit():
            movie = self.movies.get(int(parts[3]))
            if movie is None:
                return self._not_found()
            if len(parts) == 5:
                if parts[4] not in PARTS:
                    return self._not_found()
                return self._json({"id": movie["id"], **self._part(movie, parts[4])})
            body = {k: v for k, v in movie.items() if k not in PARTS}
            for part in params.get("append_to_response", "").split(","):
                if part.strip() in PARTS:
                    body[part.strip()] = self._part(movie, part.strip())
            return self._json(body)
        return self._not_found()

    @staticmethod
    def _part(movie: dict[str, Any], part: str) -> dict[str, Any]:
        if part in movie:
            return dict(movie[part])
        if part == "external_ids":
            return {"imdb_id": movie.get("imdb_id")}
        return copy.deepcopy(PARTS[part])


def _answer(fake: FakeTmdb, request: GetRequest) -> Answer:
    auth = request.headers.get("Authorization", "")
    status, body, headers = fake.answer(request.path, request.params, auth)
    headers.setdefault("Content-Type", "application/json;charset=utf-8")
    return status, body, headers


@contextmanager
def fake_tmdb() -> Iterator[FakeTmdb]:
    fake = FakeTmdb()
    with loopback_server(lambda request: _answer(fake, request)) as url:
        fake.url = url
        yield fake
