"""The Tier 1 and Tier 2 operations of COMPAT.md for Radarr, each with a request.

The engine's rows come from ``tests/support/contract_engine.py`` with Radarr's names;
the movie library's rows are here. ``test_routes`` holds the table and each request to
Radarr's OpenAPI document.
"""

from __future__ import annotations

from typing import Any

import httpx

from tests.integration.movies.contract.conftest import MovieRig
from tests.support.contract import PAGING, Op, get
from tests.support.contract_engine import (
    ENGINE_NOT_IN_TIERS,
    ENGINE_TIER_PREFIXES,
    NULLABLE,
    Names,
    calendar,
    engine_ops,
    unique,
)

MIRRORS = 13515  # recorded by the fake TMDB: cheap to add and drop

NAMES = Names(
    subject_ids=("movieId",),
    tag_ids="movieIds",
    history=("movieId",),
    blocklist=("movieId",),
    include_queue={"includeMovie": "true", "includeUnknownMovieItems": "true"},
    naming=("renameMovies", "standardMovieFormat", "movieFolderFormat", "colonReplacementFormat"),
    command={"name": "RefreshMovie"},
    sizes=("minSize", "maxSize", "preferredSize"),
)
MOVIE_FIELDS = (
    "id",
    "title",
    "titleSlug",
    "tmdbId",
    "imdbId",
    "monitored",
    "hasFile",
    "isAvailable",
    "tags",
    "qualityProfileId",
    "sizeOnDisk",
    "alternateTitles",
    "path",
    "minimumAvailability",
    "year",
)
FILE_FIELDS = ("id", "movieId", "path", "relativePath", "size", "quality.quality.name", "languages")


def _mirrors(c: MovieRig) -> dict[str, Any]:
    [info] = c.api.get("/movie/lookup", params={"term": f"tmdb:{MIRRORS}"}).json()
    return info | {"qualityProfileId": 1, "rootFolderPath": c.root}


def _with_mirrors(c: MovieRig) -> int:
    response = c.api.post("/movie", json=_mirrors(c))
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _drop(c: MovieRig, movie_id: int) -> None:
    c.api.delete(f"/movie/{movie_id}", params={"deleteFiles": "true"})


def add_movie(c: MovieRig) -> httpx.Response:
    response = c.api.post("/movie", json=_mirrors(c))
    if response.status_code == 201:
        _drop(c, response.json()["id"])
    return response


def import_movies(c: MovieRig) -> httpx.Response:
    response = c.api.post("/movie/import", json=[_mirrors(c)])
    for item in response.json() if response.status_code == 201 else []:
        _drop(c, item["id"])
    return response


def update_movie(c: MovieRig) -> httpx.Response:
    current = c.api.get(f"/movie/{c.movie_id}").json()
    return c.api.put(f"/movie/{c.movie_id}", json=current)


def delete_movie(c: MovieRig) -> httpx.Response:
    movie_id = _with_mirrors(c)
    return c.api.delete(
        f"/movie/{movie_id}", params={"deleteFiles": "true", "addImportExclusion": "false"}
    )


def edit_movies(c: MovieRig) -> httpx.Response:
    body = {"movieIds": [c.movie_id], "monitored": True, "tags": [c.tag_id], "applyTags": "add"}
    return c.api.put("/movie/editor", json=body)


def delete_movies_editor(c: MovieRig) -> httpx.Response:
    movie_id = _with_mirrors(c)
    return c.api.request(
        "DELETE", "/movie/editor", json={"movieIds": [movie_id], "deleteFiles": True}
    )


def _spare_file(c: MovieRig) -> tuple[int, int]:
    """Mirrors added with a file of its own on disk: (movie id, file id)."""
    folder = f"{c.root}/Mirrors (2008)"
    c.env.root.joinpath(folder).mkdir(parents=True, exist_ok=True)
    c.env.root.joinpath(folder, "Mirrors.2008.720p.BluRay.x264-GRP.mkv").write_bytes(b"\0" * 512)
    imported = c.api.post("/movie/import", json=[_mirrors(c) | {"path": folder}])
    assert imported.status_code == 201, imported.text
    movie_id = imported.json()[0]["id"]
    [file] = c.api.get("/moviefile", params={"movieId": movie_id}).json()
    return movie_id, int(file["id"])


def with_spare_file(c: MovieRig, then: Any) -> httpx.Response:
    movie_id, file_id = _spare_file(c)
    try:
        response: httpx.Response = then(file_id)
        return response
    finally:
        _drop(c, movie_id)


def update_file(c: MovieRig) -> httpx.Response:
    current = c.api.get(f"/moviefile/{c.file_id}").json()
    return c.api.put(f"/moviefile/{c.file_id}", json=current | {"releaseGroup": "CTU"})


def edit_files(c: MovieRig) -> httpx.Response:
    body = {"movieFileIds": [c.file_id], "releaseGroup": "CTU"}
    return c.api.put("/moviefile/editor", json=body)


def update_files_bulk(c: MovieRig) -> httpx.Response:
    current = c.api.get(f"/moviefile/{c.file_id}").json()
    return c.api.put("/moviefile/bulk", json=[current | {"releaseGroup": "CTU"}])


def _exclusion(tmdb_id: int) -> dict[str, Any]:
    return {"tmdbId": tmdb_id, "movieTitle": unique("Excluded"), "movieYear": 2001}


def exclusion_roundtrip(c: MovieRig, then: Any) -> httpx.Response:
    created = c.api.post("/exclusions", json=_exclusion(999001))
    assert created.status_code == 201, created.text
    try:
        response: httpx.Response = then(created.json())
        return response
    finally:
        c.api.delete(f"/exclusions/{created.json()['id']}")


def add_exclusion(c: MovieRig) -> httpx.Response:
    response = c.api.post("/exclusions", json=_exclusion(999002))
    if response.status_code == 201:
        c.api.delete(f"/exclusions/{response.json()['id']}")
    return response


def add_exclusions_bulk(c: MovieRig) -> httpx.Response:
    response = c.api.post("/exclusions/bulk", json=[_exclusion(999003), _exclusion(999004)])
    for item in c.api.get("/exclusions").json():
        if item["tmdbId"] in (999003, 999004):
            c.api.delete(f"/exclusions/{item['id']}")
    return response


def delete_exclusion(c: MovieRig) -> httpx.Response:
    created = c.api.post("/exclusions", json=_exclusion(999005)).json()
    return c.api.delete(f"/exclusions/{created['id']}")


def delete_exclusions_bulk(c: MovieRig) -> httpx.Response:
    created = c.api.post("/exclusions", json=_exclusion(999006)).json()
    return c.api.request("DELETE", "/exclusions/bulk", json={"ids": [created["id"]]})


EXCLUSION = ("id", "tmdbId", "movieTitle", "movieYear")

OPS: list[Op] = [
    *engine_ops(NAMES),
    # ---- Tier 1: library -----------------------------------------------------------------
    Op(1, "GET", "/movie", get("/movie", excludeLocalCovers="true"), required=MOVIE_FIELDS),
    Op(1, "GET", "/movie/{id}", get("/movie/{c.movie_id}"), required=MOVIE_FIELDS),
    Op(
        1,
        "GET",
        "/movie/lookup",
        get("/movie/lookup", term=f"tmdb:{603}"),
        required=("id", "title", "tmdbId", "path", "monitored", "tags"),
    ),
    Op(1, "GET", "/movie/lookup/tmdb", get("/movie/lookup/tmdb", tmdbId=603), required=("id",)),
    Op(
        1,
        "GET",
        "/movie/lookup/imdb",
        get("/movie/lookup/imdb", imdbId="tt0133093"),
        required=("id", "tmdbId"),
    ),
    Op(1, "POST", "/movie", add_movie, 201, required=("id", "path", "tmdbId")),
    Op(1, "PUT", "/movie/{id}", update_movie, 202, required=MOVIE_FIELDS),
    Op(1, "DELETE", "/movie/{id}", delete_movie),
    Op(
        1,
        "GET",
        "/moviefile",
        lambda c: c.api.get("/moviefile", params={"movieId": c.movie_id}),
        required=FILE_FIELDS,
    ),
    Op(1, "GET", "/moviefile/{id}", get("/moviefile/{c.file_id}"), required=FILE_FIELDS),
    # ---- Tier 1: activity ----------------------------------------------------------------
    Op(
        1,
        "GET",
        "/wanted/missing",
        get("/wanted/missing", pageSize=1),
        required=(*PAGING, "id", "title", "tmdbId", "hasFile", "monitored"),
    ),
    Op(
        1,
        "GET",
        "/wanted/cutoff",
        get("/wanted/cutoff", pageSize=5),
        required=(*PAGING, "id", "title", "tmdbId", "hasFile", "movieFile.quality.quality.name"),
    ),
    Op(
        1,
        "GET",
        "/calendar",
        lambda c: calendar(c, unmonitored="true"),
        required=("title", "tmdbId", "inCinemas", "hasFile", "monitored"),
    ),
    # ---- Tier 2: bulk library, file edits, exclusions --------------------------------------
    Op(2, "POST", "/movie/import", import_movies, 201, component="MovieResource", many=True),
    Op(2, "PUT", "/movie/editor", edit_movies, 202, component="MovieResource", many=True),
    Op(2, "DELETE", "/movie/editor", delete_movies_editor),
    Op(2, "PUT", "/moviefile/{id}", update_file, 202, required=("id", "releaseGroup")),
    Op(
        2,
        "DELETE",
        "/moviefile/{id}",
        lambda c: with_spare_file(c, lambda fid: c.api.delete(f"/moviefile/{fid}")),
    ),
    Op(2, "PUT", "/moviefile/editor", edit_files, 202),
    Op(
        2,
        "DELETE",
        "/moviefile/bulk",
        lambda c: with_spare_file(
            c, lambda fid: c.api.request("DELETE", "/moviefile/bulk", json={"movieFileIds": [fid]})
        ),
    ),
    Op(2, "PUT", "/moviefile/bulk", update_files_bulk, 202),
    Op(
        2,
        "GET",
        "/exclusions",
        lambda c: exclusion_roundtrip(c, lambda _e: c.api.get("/exclusions")),
        required=EXCLUSION,
    ),
    Op(2, "POST", "/exclusions", add_exclusion, 201, required=EXCLUSION),
    Op(
        2,
        "GET",
        "/exclusions/paged",
        lambda c: exclusion_roundtrip(c, lambda _e: c.api.get("/exclusions/paged")),
        required=(*PAGING, *EXCLUSION),
    ),
    Op(
        2,
        "GET",
        "/exclusions/{id}",
        lambda c: exclusion_roundtrip(c, lambda e: c.api.get(f"/exclusions/{e['id']}")),
        required=EXCLUSION,
    ),
    Op(
        2,
        "PUT",
        "/exclusions/{id}",
        lambda c: exclusion_roundtrip(
            c, lambda e: c.api.put(f"/exclusions/{e['id']}", json=e | {"movieTitle": "Renamed"})
        ),
        202,
        required=EXCLUSION,
    ),
    Op(2, "DELETE", "/exclusions/{id}", delete_exclusion),
    Op(2, "POST", "/exclusions/bulk", add_exclusions_bulk),
    Op(2, "DELETE", "/exclusions/bulk", delete_exclusions_bulk),
]

NOT_IN_TIERS: dict[str, str] = {
    **ENGINE_NOT_IN_TIERS,
    "GET /movie/{id}/folder": "Tier 3",
    "GET /qualitydefinition/limits": "covered by the quality tests",
    "GET /history/movie": "Tier 3",
    "GET /blocklist/movie": "Tier 3 (covered by the movie grab tests)",
}

TIER_PREFIXES = (*ENGINE_TIER_PREFIXES, "movie", "moviefile", "exclusions")

__all__ = ["NOT_IN_TIERS", "NULLABLE", "OPS", "TIER_PREFIXES"]
