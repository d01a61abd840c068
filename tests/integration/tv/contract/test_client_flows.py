"""Replays of the client flows COMPAT.md describes, call by call as the clients make them.

Overseerr (query-parameter key: settings, lookup, add, update, search), Prowlarr's
application sync (schema -> add -> update -> test that calls back into the indexer),
Homepage's widgets, Unpackerr paging through the queue, Recyclarr syncing custom formats,
profile scores, sizes and naming, and autobrr's release push. Each step's response is
checked against Sonarr's OpenAPI document where it declares one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from tests.integration.tv.conftest import GOT_TVDB
from tests.integration.tv.contract.conftest import Contract
from tests.integration.tv.contract.routes import FLASH_TVDB
from tests.support.client_flows import poll, prowlarr_sync, recyclarr_sync, unpackerr_pages
from tests.support.client_flows import query_key_client as key_in_query
from tests.support.openapi import assert_response


def query_key_client(c: Contract) -> httpx.Client:
    """A client that puts the key in the query string, as Overseerr and Homepage do."""
    tv = c.env.tv
    assert tv is not None
    return key_in_query(tv.url, tv.api_key)


def test_overseerr_add_update_and_search(contract: Contract) -> None:
    with query_key_client(contract) as http:
        status = http.get("/api/v3/system/status").json()
        assert int(status["version"].split(".")[0]) >= 4  # Overseerr picks the v4 path
        for path in ("/api/v3/qualityprofile", "/api/v3/rootfolder", "/api/v3/languageprofile"):
            listed = http.get(path).json()
            assert all({"id"} <= set(item) for item in listed) and listed, path
        tag = http.post("/api/v3/tag", json={"label": "1 - overseerr user"})
        assert tag.status_code == 201
        root = http.get("/api/v3/rootfolder").json()[0]["path"]

        [found] = http.get("/api/v3/series/lookup", params={"term": f"tvdb:{FLASH_TVDB}"}).json()
        assert "id" not in found  # not in the library: Overseerr adds
        body = {
            "tvdbId": found["tvdbId"],
            "title": found["title"],
            "qualityProfileId": 1,
            "languageProfileId": 1,
            "seasons": [
                {"seasonNumber": s["seasonNumber"], "monitored": True} for s in found["seasons"]
            ],
            "seasonFolder": True,
            "rootFolderPath": root,
            "seriesType": "standard",
            "monitored": True,
            "tags": [tag.json()["id"]],
            "addOptions": {
                "ignoreEpisodesWithFiles": True,
                "ignoreEpisodesWithoutFiles": False,
                "searchForMissingEpisodes": False,
            },
        }
        added = http.post("/api/v3/series", json=body)
        assert added.status_code == 201, added.text
        assert_response("sonarr", "/series", "post", added.json())
        try:
            # asked again, it carries the library id: Overseerr now updates (P9, P7)
            [held] = http.get("/api/v3/series/lookup", params={"term": f"tvdb:{FLASH_TVDB}"}).json()
            assert held["id"] == added.json()["id"] and held["tags"] == [tag.json()["id"]]
            series = http.get(f"/api/v3/series/{held['id']}").json()
            series["seasons"][0]["monitored"] = False
            updated = http.put("/api/v3/series", json=series)
            assert updated.status_code == 202, updated.text
            assert updated.json()["seasons"][0]["monitored"] is False
            for name in ("SeriesSearch", "MissingEpisodeSearch"):
                command = http.post(
                    "/api/v3/command", json={"name": name, "seriesId": held["id"]}
                ).json()
                assert poll(http, "/api/v3/command", command["id"])["status"] == "completed"
        finally:
            http.delete(f"/api/v3/series/{added.json()['id']}", params={"deleteFiles": "true"})
            http.delete(f"/api/v3/tag/{tag.json()['id']}")


def test_prowlarr_application_sync(contract: Contract) -> None:
    extras = {"animeCategories", "animeStandardFormatSearch"}
    prowlarr_sync(contract.api, contract.env.indexer.fake, [5030, 5040], extras, (3, 0, 5, 0))


def test_homepage_widgets(contract: Contract) -> None:
    now = datetime.now(UTC)
    with query_key_client(contract) as http:
        series = http.get("/api/v3/series").json()
        assert len(series) >= 1
        details = http.get("/api/v3/queue/details", params={"includeSeries": "true"}).json()
        assert_response("sonarr", "/queue/details", "get", details)
        assert details and all(d["series"]["title"] for d in details)
        missing = http.get("/api/v3/wanted/missing", params={"pageSize": 1}).json()
        assert missing["pageSize"] == 1 and missing["totalRecords"] > 1
        assert len(missing["records"]) == 1
        status = http.get("/api/v3/queue/status").json()
        assert status["totalCount"] == len(details)
        upcoming = http.get(
            "/api/v3/calendar",
            params={
                "start": now.date().isoformat(),
                "end": (now + timedelta(days=60)).date().isoformat(),
                "unmonitored": "false",
                "includeSeries": "true",
            },
        ).json()
        assert upcoming and all(e["series"]["title"] == "Game of Thrones" for e in upcoming)


def test_unpackerr_pages_through_the_queue(contract: Contract) -> None:
    records = unpackerr_pages(
        "sonarr", contract.api, "includeUnknownSeriesItems", len(contract.queue_ids)
    )
    assert all(r["seriesId"] == contract.series_id for r in records)


def test_recyclarr_formats_scores_sizes_and_naming(contract: Contract) -> None:
    trash_format = (
        "{Series TitleYear} - S{season:00}E{episode:00} - {Episode CleanTitle} "
        "[{Custom Formats }{Quality Full}]{-Release Group}"
    )
    recyclarr_sync(contract.api, "Sonarr", "renameEpisodes", "standardEpisodeFormat", trash_format)


def test_autobrr_push(contract: Contract) -> None:
    api = contract.api
    published = (datetime.now(UTC) - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = {
        "title": "Game.of.Thrones.S04E01.720p.HDTV.x264-CTU",
        "downloadUrl": f"{contract.env.indexer.fake.url}/api?t=get&id=autobrr",
        "size": 1_300_000_000,
        "indexer": "autobrr",
        "downloadProtocol": "usenet",
        "protocol": "usenet",
        "publishDate": published,
    }
    pushed = api.post("/release/push", json=body)
    assert pushed.status_code == 200, pushed.text
    assert_response("sonarr", "/release/push", "post", pushed.json())
    [decision] = pushed.json()
    assert decision["approved"] is True and decision["rejections"] == []
    cam = body | {"title": "Game.of.Thrones.S04E02.HDCAM.x264-GRP"}
    [refused] = api.post("/release/push", json=cam).json()
    assert refused["rejected"] is True and refused["temporarilyRejected"] is False
    assert "Quality SDTV is not wanted in profile" in refused["rejections"]
    broken = api.post("/release/push", json={"title": body["title"]})
    assert broken.status_code == 400
    error = broken.json()[0]
    assert set(error) >= {"propertyName", "errorMessage", "attemptedValue", "severity"}


def test_series_delete_can_add_an_import_list_exclusion(contract: Contract) -> None:
    api = contract.api
    [found] = api.get("/series/lookup", params={"term": f"tvdb:{FLASH_TVDB}"}).json()
    root = api.get("/rootfolder").json()[0]["path"]
    added = api.post("/series", json=found | {"qualityProfileId": 1, "rootFolderPath": root}).json()
    response = api.delete(
        f"/series/{added['id']}", params={"deleteFiles": "false", "addImportListExclusion": "true"}
    )
    assert response.status_code == 200
    [exclusion] = [e for e in api.get("/importlistexclusion").json() if e["tvdbId"] == FLASH_TVDB]
    assert exclusion["title"] == "The Flash"
    again = api.post("/importlistexclusion", json={"tvdbId": FLASH_TVDB, "title": "x"})
    assert again.status_code == 400
    assert again.json()[0]["errorMessage"] == "This exclusion has already been added."
    assert api.delete(f"/importlistexclusion/{exclusion['id']}").status_code == 200
    assert GOT_TVDB != FLASH_TVDB


def test_import_list_exclusion_validation_in_sonarrs_words(contract: Contract) -> None:
    api = contract.api
    refused = api.post("/importlistexclusion", json={"tvdbId": 0, "title": " "})
    assert refused.status_code == 400
    assert [(e["propertyName"], e["errorMessage"]) for e in refused.json()] == [
        ("TvdbId", "'Tvdb Id' must not be empty."),
        ("Title", "'Title' must not be empty."),
    ]
    # Radarr's bulk add is not part of Sonarr's API.
    assert api.post("/importlistexclusion/bulk", json=[]).status_code in (404, 405)


def test_filesystem_lists_only_inside_the_roots(contract: Contract) -> None:
    api = contract.api
    root = contract.series["rootFolderPath"]
    listing = api.get(
        "/filesystem", params={"path": root, "allowFoldersWithoutTrailingSlashes": "true"}
    ).json()
    assert [d["name"] for d in listing["directories"]] == ["Game of Thrones"]
    assert listing["directories"][0]["path"].endswith("/Game of Thrones/")
    inside = api.get(
        "/filesystem",
        params={"path": contract.series["path"] + "/Season 01/", "includeFiles": "true"},
    ).json()
    assert [f["name"] for f in inside["files"]] == ["Game.of.Thrones.S01E03.720p.HDTV.x264-CTU.mkv"]
    assert inside["files"][0]["type"] == "file" and inside["files"][0]["size"] == 4096
    for outside in ("/etc/", "/", f"{root}/../../", "/proc/self/"):
        found = api.get("/filesystem", params={"path": outside, "includeFiles": "true"}).json()
        assert found == {"parent": None, "directories": [], "files": []}, outside
    roots = api.get("/filesystem").json()["directories"]
    assert any(r["path"].rstrip("/") == root.rstrip("/") for r in roots)
    media = api.get("/filesystem/mediafiles", params={"path": contract.series["path"]}).json()
    assert [m["relativePath"] for m in media] == [
        "Season 01/Game.of.Thrones.S01E03.720p.HDTV.x264-CTU.mkv"
    ]
    assert api.get("/filesystem/type", params={"path": media[0]["path"]}).json() == {"type": "file"}
