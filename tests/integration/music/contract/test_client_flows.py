"""Replays of the client flows COMPAT.md describes for Lidarr, call by call.

Homepage's widget and exportarr's collector (query-parameter key, counts from
``totalRecords``), Prowlarr's application sync with Lidarr's indexer fields, Unpackerr
paging through the queue, and autobrr's release push (one decision, as Lidarr answers).
Responses are checked against Lidarr's OpenAPI document where it declares them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pyarr import LidarrAPI

from tests.integration.music.contract.conftest import MusicRig
from tests.support.client_flows import prowlarr_sync, query_key_client, unpackerr_pages
from tests.support.fake_musicbrainz import PLUS
from tests.support.openapi import assert_response


def lidarr(rig: MusicRig) -> LidarrAPI:
    return LidarrAPI(rig.service.url, rig.service.api_key)


def test_homepage_and_exportarr_read_counts_and_sizes(rig: MusicRig) -> None:
    with query_key_client(rig.service.url, rig.service.api_key) as http:
        status = http.get("/api/v1/system/status").json()
        assert status["appName"] == "Lidarr" and status["version"].startswith("2.")
        [artist] = http.get("/api/v1/artist").json()
        assert artist["monitored"] and artist["statistics"]["sizeOnDisk"] > 0
        albums = http.get("/api/v1/album", params={"artistId": artist["id"]}).json()
        assert_response("lidarr", "/album", "get", albums)
        held = [a for a in albums if a["statistics"]["trackFileCount"]]
        assert [a["foreignAlbumId"] for a in held] == [PLUS]
        files = http.get("/api/v1/trackfile", params={"artistId": artist["id"]}).json()
        assert [f["quality"]["quality"]["name"] for f in files] == ["MP3-128"]
        assert sum(f["size"] for f in files) == artist["statistics"]["sizeOnDisk"]
        for path in ("/api/v1/wanted/missing", "/api/v1/wanted/cutoff", "/api/v1/history"):
            body = http.get(path, params={"pageSize": 1}).json()
            assert body["pageSize"] == 1 and body["totalRecords"] >= 1, path
            assert len(body["records"]) == 1, path
        assert http.get("/api/v1/queue/status").json()["totalCount"] == len(rig.queue_ids)
    cutoff = lidarr(rig).get_wanted(missing=False, page_size=10)
    assert [a["foreignAlbumId"] for a in cutoff["records"]] == [PLUS]


def test_homepage_calendar_names_the_artist(rig: MusicRig) -> None:
    now = datetime.now(UTC)
    upcoming = lidarr(rig).get_calendar(now - timedelta(days=1), now + timedelta(days=60))
    assert_response("lidarr", "/calendar", "get", upcoming)
    assert [a["title"] for a in upcoming] == ["Next"]
    assert upcoming[0]["artist"]["artistName"] == "Ed Sheeran"


def test_prowlarr_application_sync(rig: MusicRig) -> None:
    prowlarr_sync(rig.api, rig.feed.fake, [3000, 3040], {"earlyReleaseLimit"}, (1, 0, 2, 0))
    schema = rig.api.get("/indexer/schema").json()
    torznab = next(s for s in schema if s["implementation"] == "Torznab")
    names = {f["name"] for f in torznab["fields"]}
    assert {"seedCriteria.discographySeedTime", "minimumSeeders"} <= names


def test_notification_flags_in_lidarrs_words(rig: MusicRig) -> None:
    """Subscriptions are named as Lidarr names them; one it never sends is not offered."""
    schema = rig.api.get("/notification/schema").json()
    [webhook] = [s for s in schema if s["implementation"] == "Webhook"]
    assert_response("lidarr", "/notification/schema", "get", [webhook])
    assert "onReleaseImport" in webhook and "onDownload" not in webhook
    assert webhook["supportsOnReleaseImport"] and not webhook["supportsOnTrackRetag"]


def test_unpackerr_pages_through_the_queue(rig: MusicRig) -> None:
    [record] = unpackerr_pages("lidarr", rig.api, "includeUnknownArtistItems", 1)
    assert record["albumId"] == rig.plus_id and record["artistId"] == rig.artist_id
    paged = lidarr(rig).get_queue(page=1, page_size=1, unknown_artists=True)
    assert paged["totalRecords"] == 1


def test_autobrr_push_gets_one_decision(rig: MusicRig) -> None:
    before = set(rig.sab.jobs)
    pushed = rig.api.post("/release/push", json=rig.push_body())
    assert pushed.status_code == 200, pushed.text
    decision = pushed.json()
    assert_response("lidarr", "/release/push", "post", decision)
    assert decision["rejected"] is True and decision["albumId"] == rig.plus_id
    assert "Quality MP3-320 is not wanted in profile" in decision["rejections"]
    assert set(rig.sab.jobs) == before
    broken = rig.api.post("/release/push", json={"title": "Ed Sheeran - + (2011) [FLAC]"})
    assert broken.status_code == 400
    error = broken.json()[0]
    assert set(error) >= {"propertyName", "errorMessage", "attemptedValue", "severity"}
