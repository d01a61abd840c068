"""The music import path in a running service: real audio files, matched and placed.

Downloads are folders of real FLAC/MP3 files tagged as Picard tags them (or not at all);
the grab is recorded in history as the grab path records it, and the completed download
is handed to the importer as the download tracker hands it over.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any

import httpx
import pytest
from pyarr import LidarrAPI

from mediastack.manager.download_clients.base import DownloadClientItem, DownloadItemStatus
from mediastack.manager.history import (
    HistoryEvent,
    HistoryEventType,
    HistoryFilter,
    HistoryStore,
    NewHistoryEvent,
)
from mediastack.manager.importing import ImportResult
from mediastack.manager.quality import QualityProfile, by_name
from mediastack.manager.quality.layout import cutoff_key, schema_items
from tests.integration.music.conftest import MULTIDISC_GROUP, add_ed, albums_by_mbid
from tests.support.audio import encode
from tests.support.fake_musicbrainz import PLUS
from tests.support.music_releases import rip_listed
from tests.support.services import RunningService


@pytest.fixture
def ed(api: httpx.Client, root: Path) -> Iterator[dict[str, Any]]:
    assert api.put("/config/naming", json={"renameTracks": True}).status_code == 202
    added = add_ed(api, root)
    yield added
    api.delete(f"/artist/{added['id']}", params={"deleteFiles": "true"})
    api.put("/config/naming", json={"renameTracks": False})


def _plus(api: httpx.Client, artist_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    album = albums_by_mbid(api, artist_id)[PLUS]
    return album, api.get("/track", params={"albumId": album["id"]}).json()


def _grab(
    music: RunningService, artist_id: int, album_id: int, title: str, did: str
) -> list[HistoryEvent]:
    event = NewHistoryEvent(HistoryEventType.GRABBED, artist_id, album_id, title, download_id=did)
    return HistoryStore(music.ctx.database).add([event])


def _complete(
    music: RunningService, folder: Path, did: str, protocol: str, grabbed: list[HistoryEvent]
) -> ImportResult:
    item = DownloadClientItem(
        download_id=did,
        title=folder.name,
        category="music",
        total_size=1,
        remaining_size=0,
        remaining_time=0,
        status=DownloadItemStatus.COMPLETED,
        output_path=PurePath(folder),
        can_move_files=protocol == "usenet",
        client_name="qBittorrent" if protocol == "torrent" else "SABnzbd",
        protocol=protocol,  # type: ignore[arg-type]
    )
    return asyncio.run(music.ctx.extras["importer"].import_completed_download(item, grabbed))


def test_torrent_album_is_matched_hardlinked_and_named(
    music: RunningService, api: httpx.Client, lidarr: LidarrAPI, ed: dict[str, Any]
) -> None:
    album, tracks = _plus(api, ed["id"])
    title = "Ed Sheeran - + (2011) [FLAC]"
    folder = music.settings.downloads_dir / "torrents" / "music" / title
    sources = rip_listed(folder, tracks, "+")
    grabbed = _grab(music, ed["id"], album["id"], title, "TORRENT1")
    result = _complete(music, folder, "TORRENT1", "torrent", grabbed)
    assert result.all_imported, result.messages()
    assert len(result.imported) == len(tracks) == 12
    first = Path(ed["path"]) / "+ (2011)" / "Ed Sheeran - + - 01 - The A Team.flac"
    assert first.stat().st_ino == sources[0].stat().st_ino and sources[0].exists()
    assert all(i.hardlinked for i in result.imported)
    files = lidarr.get_track_file(artistId=ed["id"])
    assert len(files) == 12 and {f["albumId"] for f in files} == {album["id"]}
    by_path = {f["path"]: f for f in files}
    team = by_path[str(first)]
    assert team["quality"]["quality"] == {"id": 6, "name": "FLAC"}
    assert team["mediaInfo"]["audioCodec"] == "FLAC" and team["sceneName"] == title
    assert team["audioTags"]["title"] == "The A Team"
    assert all(t["hasFile"] for t in api.get("/track", params={"albumId": album["id"]}).json())
    [event, *_] = HistoryStore(music.ctx.database).find(
        HistoryFilter(
            event_types=[HistoryEventType.DOWNLOAD_FOLDER_IMPORTED], download_id="TORRENT1"
        )
    )
    assert event.child_id == album["id"] and event.item_id == ed["id"]
    records = api.get("/history", params={"downloadId": "TORRENT1", "pageSize": 50}).json()
    kinds = {r["eventType"] for r in records["records"]}
    assert kinds == {"grabbed", "trackFileImported"}
    assert all(r["albumId"] == album["id"] for r in records["records"])
    again = _complete(music, folder, "TORRENT1", "torrent", grabbed)  # the tracker polls again
    assert again.all_imported and not again.imported
    assert len(lidarr.get_track_file(artistId=ed["id"])) == 12


def test_a_partial_album_waits_for_manual_import_with_reasons(
    music: RunningService, api: httpx.Client, ed: dict[str, Any]
) -> None:
    album, tracks = _plus(api, ed["id"])
    title = "Ed Sheeran - + (2011) [MP3]"
    folder = music.settings.downloads_dir / "usenet" / "complete" / "music" / title
    rip_listed(folder, tracks[:10], "+", "mp3-128", tagged=False)
    (folder / "11 - Broken.mp3").write_bytes(b"ID3 but nothing else")
    result = _complete(
        music, folder, "SAB1", "usenet", _grab(music, ed["id"], album["id"], title, "SAB1")
    )
    assert not result.imported and not result.all_imported
    reasons = {Path(r.path).name: [x.reason for x in r.rejections] for r in result.rejected}
    assert reasons["11 - Broken.mp3"] == ["Not a readable audio file (unknown format or damaged)"]
    assert "Has missing tracks (2 of 12)" in reasons["01 - The A Team.mp3"][0]
    listing = api.get("/manualimport", params={"folder": str(folder)}).json()
    team = next(i for i in listing if i["name"] == "01 - The A Team")
    assert [t["title"] for t in team["tracks"]] == ["The A Team"]
    assert team["artist"]["id"] == ed["id"] and team["album"]["id"] == album["id"]
    assert team["rejections"] == []  # not a download any more: judged leniently
    assert team["quality"]["quality"]["name"] == "MP3-32"  # what the file is (quiet, 32k)
    chosen = [
        {
            "path": i["path"],
            "artistId": ed["id"],
            "albumId": album["id"],
            "trackIds": [i["tracks"][0]["id"]],
            "quality": i["quality"],
        }
        for i in listing
        if i["tracks"]
    ]
    command = api.post(
        "/command", json={"name": "ManualImport", "files": chosen, "importMode": "move"}
    )
    assert command.status_code == 201, command.text
    for _ in range(400):
        state = api.get(f"/command/{command.json()['id']}").json()
        if state["status"] in ("completed", "failed"):
            break
        asyncio.run(asyncio.sleep(0.05))
    assert state["status"] == "completed", state
    held = [t for t in api.get("/track", params={"albumId": album["id"]}).json() if t["hasFile"]]
    assert len(held) == 10
    assert (
        Path(ed["path"]) / "+ (2011)" / "Ed Sheeran - + - 10 - You Need Me, I Don't Need You.mp3"
    ).exists()
    assert (folder / "11 - Broken.mp3").exists()  # refused files stay where they were


def test_naming_config_api(api: httpx.Client) -> None:
    naming = api.get("/config/naming").json()
    assert naming["renameTracks"] is False and naming["colonReplacementFormat"] == 4
    assert naming["standardTrackFormat"] == (
        "{Album Title} ({Release Year})/{Artist Name} - {Album Title} - {track:00} - {Track Title}"
    )
    examples = api.get(
        "/config/naming/examples",
        params={"standardTrackFormat": "{Artist Name}/{track:00} {Track Title}"},
    ).json()
    assert examples["singleTrackExample"] == "The Artist Name/01 Track Title (1).mp3"
    bad = api.put(
        "/config/naming",
        json={**naming, "renameTracks": True, "standardTrackFormat": "{Album Title}"},
    )
    assert bad.status_code == 400
    assert bad.json()[0]["propertyName"] == "standardTrackFormat"
    media = api.get("/config/mediamanagement").json()
    assert media["copyUsingHardlinks"] is True and media["allowFingerprinting"] == "newFiles"
    refused = api.put("/config/mediamanagement", json={**media, "fileDate": "sometime"})
    assert refused.status_code == 400 and refused.json()[0]["propertyName"] == "fileDate"


def test_unknown_files_are_refused_not_lost(
    music: RunningService, api: httpx.Client, ed: dict[str, Any]
) -> None:
    folder = (
        music.settings.downloads_dir / "usenet" / "complete" / "music" / "Someone Else - Whatever"
    )
    encode(
        folder / "01 - Song",
        "flac-16",
        200.0,
        {"artist": "Someone Else", "album": "Whatever", "title": "Song"},
    )
    result = _complete(music, folder, "SAB9", "usenet", [])
    assert not result.imported
    assert [x.reason for r in result.rejected for x in r.rejections] == ["Unknown Artist"]
    assert (folder / "01 - Song.flac").exists()


def test_multi_disc_album_goes_into_medium_folders(
    music: RunningService, api: httpx.Client, ed: dict[str, Any]
) -> None:
    album = albums_by_mbid(api, ed["id"])[MULTIDISC_GROUP]
    tracks = api.get("/track", params={"albumId": album["id"]}).json()
    title = "Ed Sheeran - Careless (2021) [FLAC]"
    folder = music.settings.downloads_dir / "usenet" / "complete" / "music" / title
    for medium in (1, 2):
        own = [t for t in tracks if t["mediumNumber"] == medium]
        rip_listed(folder / f"CD{medium}", own, album["title"], tagged=False)
    grabbed = _grab(music, ed["id"], album["id"], title, "SABMULTI")
    result = _complete(music, folder, "SABMULTI", "usenet", grabbed)
    assert result.all_imported, result.messages()
    placed = sorted(Path(i.destination).relative_to(ed["path"]).as_posix() for i in result.imported)
    assert placed[0] == "ケアレス (2021)/CD 01/Ed Sheeran - ケアレス - 01 - ケアレス.flac"
    assert (
        placed[4]
        == "ケアレス (2021)/DVD-Video 02/Ed Sheeran - ケアレス - 01 - ケアレス (Music Video).flac"
    )
    assert len(placed) == 7 and not list(folder.rglob("*.flac"))  # usenet files are moved


def test_an_upgrade_replaces_files_through_the_recycle_bin(
    music: RunningService, api: httpx.Client, ed: dict[str, Any], tmp_path: Path
) -> None:
    recycle = tmp_path / "recycle"
    recycle.mkdir()
    assert api.put("/config/mediamanagement", json={"recycleBin": str(recycle)}).status_code == 202
    items = schema_items("lidarr", frozenset({"MP3-32", "MP3-128", "FLAC"}))
    profile = music.ctx.extras["quality_profiles"].add(
        QualityProfile("mp3 until flac", items, cutoff_key(items, by_name("lidarr", "FLAC")))
    )
    artist = api.get(f"/artist/{ed['id']}").json()
    moved = api.put(f"/artist/{ed['id']}", json={**artist, "qualityProfileId": profile.id})
    assert moved.status_code == 202, moved.text
    album, tracks = _plus(api, ed["id"])
    usenet = music.settings.downloads_dir / "usenet" / "complete" / "music"
    first = "Ed Sheeran - + (2011) [MP3 128 WEB]"
    rip_listed(usenet / first, tracks, "+", "mp3-128")
    done = _complete(
        music, usenet / first, "MP3", "usenet", _grab(music, ed["id"], album["id"], first, "MP3")
    )
    assert done.all_imported, done.messages()
    old = Path(ed["path"]) / "+ (2011)" / "Ed Sheeran - + - 01 - The A Team.mp3"
    assert old.exists()
    better = "Ed Sheeran - + (2011) [FLAC]"
    rip_listed(usenet / better, tracks, "+", "flac-16")
    grabbed = _grab(music, ed["id"], album["id"], better, "FLAC")
    upgraded = _complete(music, usenet / better, "FLAC", "usenet", grabbed)
    assert upgraded.all_imported and len(upgraded.imported) == 12, upgraded.messages()
    assert (not old.exists() and (recycle / "Ed Sheeran" / "+ (2011)" / old.name).exists()) or (
        recycle / "Ed Sheeran" / old.name
    ).exists()
    files = api.get("/trackfile", params={"artistId": ed["id"]}).json()
    assert {f["quality"]["quality"]["name"] for f in files} == {"FLAC"} and len(files) == 12
    deleted = HistoryStore(music.ctx.database).find(
        HistoryFilter(event_types=[HistoryEventType.FILE_DELETED], download_id="FLAC")
    )
    assert len(deleted) == 12 and deleted[0].data["reason"] == "Upgrade"
    worse = "Ed Sheeran - + (2011) [MP3 again]"
    rip_listed(usenet / worse, tracks, "+", "mp3-128")
    refused = _complete(
        music, usenet / worse, "MP3B", "usenet", _grab(music, ed["id"], album["id"], worse, "MP3B")
    )
    assert not refused.imported
    reason = refused.rejected[0].rejections[0].reason
    assert reason.startswith("Not an upgrade for existing file(s)"), reason
    api.put("/config/mediamanagement", json={"recycleBin": ""})


def test_downloaded_albums_scan_imports_an_untagged_rip(
    music: RunningService, api: httpx.Client, ed: dict[str, Any]
) -> None:
    album, tracks = _plus(api, ed["id"])
    folder = music.settings.downloads_dir / "manual" / "Ed Sheeran - + (2011) [FLAC]"
    files = rip_listed(folder, tracks, "+", tagged=False)
    old = time.time() - 3600
    for path in files:
        os.utime(path, (old, old))  # settled: nothing is still writing them
    command = api.post(
        "/command", json={"name": "DownloadedAlbumsScan", "path": str(folder), "importMode": "copy"}
    ).json()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = api.get(f"/command/{command['id']}").json()
        if state["status"] in ("completed", "failed"):
            break
        time.sleep(0.05)
    assert state["status"] == "completed", state
    held = api.get("/trackfile", params={"albumId": album["id"]}).json()
    assert len(held) == 12 and all(Path(f["path"]).exists() for f in held)
    assert all(p.exists() for p in files)  # copied, as asked
