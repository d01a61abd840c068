"""The Lidarr v1 library API against recorded MusicBrainz data, driven by pyarr and raw HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from pyarr import LidarrAPI

from tests.integration.music.conftest import (
    COVER,
    FUTURE_GROUP,
    MULTIDISC_GROUP,
    add_ed,
    albums_by_mbid,
    wait_refreshed,
)
from tests.support.audio import make_flac
from tests.support.fake_musicbrainz import ED_SHEERAN, PLUS, FakeMusicBrainz
from tests.support.services import RunningService

A_TEAM_TRACK = "99def906-c09e-37c2-a0df-f0a86cae4d2a"


def test_lookup_by_mbid_and_by_text(lidarr: LidarrAPI) -> None:
    [ed] = lidarr.lookup_artist(f"lidarr:{ED_SHEERAN}")
    assert ed["artistName"] == "Ed Sheeran" and ed["foreignArtistId"] == ED_SHEERAN
    assert "id" not in ed and "path" not in ed  # not in the library yet
    assert lidarr.lookup_artist(f"mbid:{ED_SHEERAN}")[0]["sortName"] == "Sheeran, Ed"
    fleetwood = lidarr.lookup_artist("fleetwood")
    assert len(fleetwood) == 41 and fleetwood[0]["artistName"] == "Fleetwood Mac"
    assert lidarr.lookup_artist("lidarr:00000000-0000-0000-0000-000000000000") == []
    [plus] = lidarr.lookup_album(f"lidarr:{PLUS}")
    assert plus["title"] == "+" and len(plus["releases"]) == 13
    assert plus["artist"]["foreignArtistId"] == ED_SHEERAN


def test_add_get_lookup_update_delete_with_pyarr(
    music: RunningService, lidarr: LidarrAPI, api: httpx.Client, root: Path
) -> None:
    [ed] = lidarr.lookup_artist(f"lidarr:{ED_SHEERAN}")
    added = lidarr.add_artist(ed, str(root), artist_monitor="all")
    assert added["id"] > 0 and added["path"] == str(root / "Ed Sheeran")
    wait_refreshed(api)
    albums = albums_by_mbid(api, added["id"])
    # the Standard profile keeps studio albums only: no EP, no live album
    assert set(albums) == {PLUS, MULTIDISC_GROUP, FUTURE_GROUP}
    plus = albums[PLUS]
    assert plus["albumType"] == "Album" and plus["releaseDate"] == "2011-09-09T00:00:00Z"
    assert plus["statistics"]["totalTrackCount"] == 12 and plus["mediumCount"] == 1
    assert [r["monitored"] for r in plus["releases"]].count(True) == 1
    assert plus["images"][0]["url"] == f"/MediaCover/Albums/{plus['id']}/cover.jpg"
    cover = httpx.get(
        f"{music.url}{plus['images'][0]['url']}", headers={"X-Api-Key": music.api_key}
    )
    assert cover.status_code == 200 and cover.content == COVER
    got: Any = lidarr.get_artist(added["id"])
    assert got["statistics"]["albumCount"] == 3
    # P9: the lookup of an artist in the library carries its real id, path and tags
    tag = lidarr.create_tag("requested")
    got["tags"] = [tag["id"]]
    got["monitored"] = False
    response = api.put("/artist", json=got)  # P7: id only in the body
    assert response.status_code == 202, response.text
    [again] = lidarr.lookup_artist(f"lidarr:{ED_SHEERAN}")
    assert again["id"] == added["id"] and again["path"] == added["path"]
    assert again["tags"] == [tag["id"]] and again["monitored"] is False
    assert api.get("/tag/detail").json()[0]["artistIds"] == [added["id"]]
    assert (
        api.post(
            "/artist",
            json={**ed, "qualityProfileId": 1, "metadataProfileId": 1, "rootFolderPath": str(root)},
        ).status_code
        == 400
    )
    assert [a["id"] for a in api.get("/artist", params={"mbId": ED_SHEERAN}).json()] == [
        added["id"]
    ]
    folder = Path(added["path"])
    folder.mkdir(exist_ok=True)
    lidarr.delete_artist(added["id"])
    assert folder.is_dir()  # deleteFiles defaults to false
    assert api.get(f"/artist/{added['id']}").status_code == 404
    folder.rmdir()


def test_multidisc_tracks_files_and_rescan(
    api: httpx.Client, lidarr: LidarrAPI, root: Path
) -> None:
    folder = root / "Ed Sheeran" / "+ (2011)"
    folder.mkdir(parents=True)
    make_flac(
        folder / "01 - The A Team.flac",
        {"TITLE": "The A Team", "MUSICBRAINZ_RELEASETRACKID": A_TEAM_TRACK},
    )
    make_flac(folder / "02 - Drunk.flac", {"ALBUM": "+", "TRACKNUMBER": "2", "DISCNUMBER": "1"})
    (folder / "cover.jpg").write_bytes(b"not audio")
    added = add_ed(api, root)
    albums = albums_by_mbid(api, added["id"])
    multi = albums[MULTIDISC_GROUP]
    tracks = lidarr.get_tracks(albumId=multi["id"])
    assert len(tracks) == 7 and [t["mediumNumber"] for t in tracks] == [1, 1, 1, 1, 2, 2, 2]
    assert [t["absoluteTrackNumber"] for t in tracks] == list(range(1, 8))
    assert tracks[4]["trackNumber"] == "1" and tracks[0]["duration"] == 256000
    assert [m["mediumFormat"] for m in multi["media"]] == ["CD", "DVD-Video"]
    plus = albums[PLUS]
    files = lidarr.get_track_file(artistId=added["id"])
    assert len(files) == 2 and {f["albumId"] for f in files} == {plus["id"]}
    assert files[0]["quality"]["quality"]["name"] == "FLAC"
    held = [t for t in lidarr.get_tracks(albumId=plus["id"]) if t["hasFile"]]
    assert [t["title"] for t in held] == ["The A Team", "Drunk"]
    one: Any = lidarr.get_album(albumIds=plus["id"])  # a single id: one album, not a list
    assert one["statistics"]["trackFileCount"] == 2
    (folder / "02 - Drunk.flac").unlink()
    command = api.post("/command", json={"name": "RescanArtist", "artistId": added["id"]}).json()
    for _ in range(200):
        if api.get(f"/command/{command['id']}").json()["status"] == "completed":
            break
    assert len(api.get("/trackfile", params={"albumId": plus["id"]}).json()) == 1
    api.delete(f"/artist/{added['id']}", params={"deleteFiles": "true"})
    assert not (root / "Ed Sheeran").exists()


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("all", {PLUS, MULTIDISC_GROUP, FUTURE_GROUP}),
        ("future", {FUTURE_GROUP}),
        ("missing", {MULTIDISC_GROUP, FUTURE_GROUP}),
        ("existing", {PLUS}),
        ("first", {PLUS}),
        ("latest", {FUTURE_GROUP}),
        ("none", set()),
    ],
)
def test_add_monitor_options(
    api: httpx.Client, root: Path, option: str, expected: set[str]
) -> None:
    folder = root / "Ed Sheeran" / "+"
    folder.mkdir(parents=True, exist_ok=True)
    make_flac(folder / "01.flac", {"MUSICBRAINZ_RELEASETRACKID": A_TEAM_TRACK})
    added = add_ed(api, root, monitor=option)
    albums = albums_by_mbid(api, added["id"])
    assert {m for m, a in albums.items() if a["monitored"]} == expected
    api.delete(f"/artist/{added['id']}", params={"deleteFiles": "true"})


def test_album_monitor_wanted_and_calendar(
    api: httpx.Client, lidarr: LidarrAPI, root: Path
) -> None:
    added = add_ed(api, root)
    albums = albums_by_mbid(api, added["id"])
    missing = lidarr.get_wanted(page_size=1)
    assert missing["totalRecords"] == 2 and len(missing["records"]) == 1  # released, no files
    assert missing["records"][0]["foreignAlbumId"] == MULTIDISC_GROUP  # newest first
    page2 = api.get(
        "/wanted/missing", params={"page": 2, "pageSize": 1, "includeArtist": "true"}
    ).json()
    assert (
        page2["records"][0]["foreignAlbumId"] == PLUS
        and page2["records"][0]["artist"]["artistName"] == "Ed Sheeran"
    )
    changed = api.put("/album/monitor", json={"albumIds": [albums[PLUS]["id"]], "monitored": False})
    assert changed.status_code == 202 and changed.json()[0]["monitored"] is False
    assert lidarr.get_wanted()["totalRecords"] == 1
    future = albums[FUTURE_GROUP]["releaseDate"][:10]
    window = api.get("/calendar", params={"start": "2011-09-01", "end": future}).json()
    assert [a["foreignAlbumId"] for a in window] == [MULTIDISC_GROUP, FUTURE_GROUP]
    assert window[0]["artist"]["artistName"] == "Ed Sheeran" and window[0]["releaseDate"]
    window = api.get(
        "/calendar", params={"start": "2011-09-01", "end": "2011-09-30", "unmonitored": "true"}
    ).json()
    assert [a["title"] for a in window] == ["+"]
    album: Any = lidarr.get_album(albumIds=albums[PLUS]["id"])
    album["monitored"] = True
    assert lidarr.upd_album(album)["monitored"] is True


def test_metadataprofile_crud(api: httpx.Client, lidarr: LidarrAPI, root: Path) -> None:
    [standard] = lidarr.get_metadata_profile()
    assert standard["name"] == "Standard"
    allowed = [i["albumType"]["name"] for i in standard["primaryAlbumTypes"] if i["allowed"]]
    assert allowed == ["Album"] and len(standard["secondaryAlbumTypes"]) == 12
    schema = api.get("/metadataprofile/schema").json()
    for item in schema["primaryAlbumTypes"]:
        item["allowed"] = item["albumType"]["name"] in ("Album", "EP")
    for item in schema["secondaryAlbumTypes"] + schema["releaseStatuses"]:
        item["allowed"] = True
    created = api.post("/metadataprofile", json={**schema, "name": "Everything"})
    assert created.status_code == 201, created.text
    profile = created.json()
    assert api.post("/metadataprofile", json={**schema, "name": "everything"}).status_code == 400
    none_allowed = {**schema, "name": "Nothing", "primaryAlbumTypes": []}
    assert api.post("/metadataprofile", json=none_allowed).status_code == 400
    profile["name"] = "Albums and EPs"
    assert lidarr.upd_metadata_profile(profile)["name"] == "Albums and EPs"
    added = add_ed(api, root, metadataProfileId=profile["id"])
    titles = {a["title"] for a in api.get("/album", params={"artistId": added["id"]}).json()}
    assert {"An EP", "Live at Wembley"} <= titles
    assert api.delete(f"/metadataprofile/{profile['id']}").status_code == 400  # in use
    api.delete(f"/artist/{added['id']}")
    assert api.delete(f"/metadataprofile/{profile['id']}").status_code == 200
    assert api.get(f"/metadataprofile/{profile['id']}").status_code == 404


def test_hostile_paths_refused(api: httpx.Client, root: Path, tmp_path: Path) -> None:
    base = {"foreignArtistId": ED_SHEERAN, "qualityProfileId": 1, "metadataProfileId": 1}
    for body in (
        {**base, "path": "/etc/evil"},
        {**base, "path": f"{root}/../../escape"},
        {**base, "path": str(root)},
        {**base, "rootFolderPath": str(tmp_path)},
        {**base, "path": "relative/path"},
        {**base, "rootFolderPath": str(root), "foreignArtistId": "../../etc"},
    ):
        response = api.post("/artist", json=body)
        assert response.status_code == 400, body
        assert response.json()[0]["propertyName"] in ("path", "rootFolderPath", "foreignArtistId")
    added = add_ed(api, root)
    response = api.put(
        "/artist", json={**api.get(f"/artist/{added['id']}").json(), "path": "/tmp/x"}
    )
    assert response.status_code == 400
    assert api.get("/artist").json()[0]["path"] == str(root / "Ed Sheeran")


def test_musicbrainz_outage_stores_nothing(
    api: httpx.Client, root: Path, musicbrainz: FakeMusicBrainz
) -> None:
    musicbrainz.outage = True
    body = {
        "foreignArtistId": ED_SHEERAN,
        "qualityProfileId": 1,
        "metadataProfileId": 1,
        "rootFolderPath": str(root),
    }
    response = api.post("/artist", json=body)
    assert response.status_code == 503 and "MusicBrainz" in response.json()["message"]
    assert api.get("/artist").json() == []
    assert api.get("/artist/lookup", params={"term": "ed"}).status_code == 503
