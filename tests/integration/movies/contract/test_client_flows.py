"""Replays of the client flows COMPAT.md describes for Radarr, call by call.

Overseerr/Jellyseerr (query-parameter key: settings, lookup, add, lookup again with the
library id, update, search, delete with an exclusion), Prowlarr's application sync,
Homepage's widgets, Unpackerr paging through the queue, Recyclarr syncing formats,
scores, sizes and naming, and autobrr's release push. Responses are checked against
Radarr's OpenAPI document where it declares them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pyarr import RadarrAPI

from tests.integration.movies.contract.conftest import MovieRig
from tests.integration.movies.contract.routes import MIRRORS
from tests.support.client_flows import (
    poll,
    prowlarr_sync,
    query_key_client,
    recyclarr_sync,
    unpackerr_pages,
)
from tests.support.openapi import assert_response


def radarr(rig: MovieRig) -> RadarrAPI:
    return RadarrAPI(rig.env.service.url, rig.env.service.api_key)


def test_overseerr_add_update_search_and_delete(rig: MovieRig) -> None:
    svc = rig.env.service
    with query_key_client(svc.url, svc.api_key) as http:
        status = http.get("/api/v3/system/status").json()
        assert status["appName"] == "Radarr" and int(status["version"].split(".")[0]) >= 3
        for path in ("/api/v3/qualityprofile", "/api/v3/rootfolder", "/api/v3/tag"):
            assert http.get(path).status_code == 200, path
        tag = http.post("/api/v3/tag", json={"label": "2 - overseerr user"}).json()
        root = http.get("/api/v3/rootfolder").json()[0]["path"]
        [found] = http.get("/api/v3/movie/lookup", params={"term": f"tmdb:{MIRRORS}"}).json()
        assert "id" not in found  # not in the library: Overseerr adds
        body = {
            "title": found["title"],
            "qualityProfileId": 1,
            "titleSlug": found["titleSlug"],
            "minimumAvailability": "released",
            "tmdbId": found["tmdbId"],
            "year": found["year"],
            "rootFolderPath": root,
            "monitored": True,
            "tags": [tag["id"]],
            "addOptions": {"searchForMovie": False},
        }
        added = http.post("/api/v3/movie", json=body)
        assert added.status_code == 201, added.text
        assert_response("radarr", "/movie", "post", added.json())
        movie_id = added.json()["id"]
        try:
            # asked again, it carries the library id: Overseerr now updates (P9, P7)
            [held] = http.get("/api/v3/movie/lookup", params={"term": f"tmdb:{MIRRORS}"}).json()
            assert held["id"] == movie_id and held["tags"] == [tag["id"]]
            movie = http.get(f"/api/v3/movie/{movie_id}").json()
            updated = http.put("/api/v3/movie", json=movie | {"monitored": False})
            assert updated.status_code == 202, updated.text
            assert updated.json()["monitored"] is False
            command = http.post(
                "/api/v3/command", json={"name": "MoviesSearch", "movieIds": [movie_id]}
            ).json()
            assert poll(http, "/api/v3/command", command["id"])["status"] == "completed"
        finally:
            deleted = http.delete(
                f"/api/v3/movie/{movie_id}",
                params={"deleteFiles": "true", "addImportExclusion": "true"},
            )
            assert deleted.status_code == 200
            http.delete(f"/api/v3/tag/{tag['id']}")
        excluded = [e for e in rig.api.get("/exclusions").json() if e["tmdbId"] == MIRRORS]
        assert [e["movieTitle"] for e in excluded] == [found["title"]]
        rig.api.delete(f"/exclusions/{excluded[0]['id']}")


def test_prowlarr_application_sync(rig: MovieRig) -> None:
    extras = {"multiLanguages", "removeYear"}
    prowlarr_sync(rig.api, rig.env.indexer.fake, [2000, 2040], extras, (3, 1, 1, 0))
    schema = rig.api.get("/indexer/schema").json()
    torznab = next(s for s in schema if s["implementation"] == "Torznab")
    names = {f["name"] for f in torznab["fields"]}
    assert {"requiredFlags", "minimumSeeders", "seedCriteria.seedRatio"} <= names


def test_homepage_widgets(rig: MovieRig) -> None:
    svc = rig.env.service
    with query_key_client(svc.url, svc.api_key) as http:
        movies = http.get("/api/v3/movie").json()
        assert len(movies) == 4 and sum(m["hasFile"] for m in movies) == 1
        status = http.get("/api/v3/queue/status").json()
        assert status["totalCount"] == len(rig.queue_ids)
        missing = http.get("/api/v3/wanted/missing", params={"pageSize": 1}).json()
        assert missing["pageSize"] == 1 and missing["totalRecords"] == 3
        assert len(missing["records"]) == 1
        now = datetime.now(UTC)
        upcoming = radarr(rig).get_calendar(now - timedelta(days=90), now + timedelta(days=60))
        assert_response("radarr", "/calendar", "get", upcoming)
        titles = {m["title"] for m in upcoming}
        assert {"Upcoming Feature", "Now Showing", "Just Streaming"} <= titles
        assert all("inCinemas" in m for m in upcoming)


def test_notification_flags_in_radarrs_words(rig: MovieRig) -> None:
    """Subscriptions are named as Radarr names them; one it never sends is not offered."""
    schema = rig.api.get("/notification/schema").json()
    [webhook] = [s for s in schema if s["implementation"] == "Webhook"]
    assert_response("radarr", "/notification/schema", "get", [webhook])
    assert "onMovieAdded" in webhook and "onSeriesAdd" not in webhook
    assert webhook["supportsOnDownload"] and not webhook["supportsOnMovieDelete"]


def test_unpackerr_pages_through_the_queue(rig: MovieRig) -> None:
    records = unpackerr_pages("radarr", rig.api, "includeUnknownMovieItems", len(rig.queue_ids))
    assert {r["movieId"] for r in records} != {rig.movie_id}
    paged = radarr(rig).get_queue(page=1, page_size=1, include_unknown_movie_items=True)
    assert paged["totalRecords"] == len(rig.queue_ids)


def test_recyclarr_formats_scores_sizes_and_naming(rig: MovieRig) -> None:
    trash_format = (
        "{Movie CleanTitle} {(Release Year)} {imdb-{ImdbId}} {edition-{Edition Tags}} "
        "{[Custom Formats]}{[Quality Full]}{-Release Group}"
    )
    recyclarr_sync(rig.api, "Radarr", "renameMovies", "standardMovieFormat", trash_format)


def test_autobrr_push(rig: MovieRig) -> None:
    api = rig.api
    published = datetime.now(UTC) - timedelta(minutes=5)
    before = set(rig.env.sab.jobs)
    pushed: Any = radarr(rig).post_release_push(
        "Just.Streaming.2026.2160p.WEB-DL.DDP5.1.H.265-PUSH",
        f"{rig.env.indexer.fake.url}/api?t=get&id=autobrr",
        "usenet",
        published,
    )
    assert_response("radarr", "/release/push", "post", pushed)
    [refused] = pushed  # a list, as Radarr answers
    assert refused["rejected"] is True and refused["temporarilyRejected"] is False
    assert any("2160p" in r or "not wanted" in r for r in refused["rejections"]), refused
    assert set(rig.env.sab.jobs) == before
    body = {
        "title": "Mirrors.2008.1080p.BluRay.x264-PUSH",
        "downloadUrl": f"{rig.env.indexer.fake.url}/api?t=get&id=autobrr",
        "protocol": "usenet",
        "publishDate": published.isoformat(),
    }
    [unknown] = api.post("/release/push", json=body).json()
    assert unknown["rejected"] and unknown["rejections"], unknown  # not in the library
    broken = api.post("/release/push", json={"title": body["title"]})
    assert broken.status_code == 400
    error = broken.json()[0]
    assert set(error) >= {"propertyName", "errorMessage", "attemptedValue", "severity"}
