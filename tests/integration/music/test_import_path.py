"""The music import path in a running service: real audio files, matched and placed.

Downloads are folders of real FLAC/MP3 files tagged as Picard tags them (or not at all);
the grab is recorded in history as the grab path records it, and the completed download
is handed to the importer as the download tracker hands it over.
"""

from __future__ import annotations

import asyncio
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
from tests.integration.music.conftest import add_ed, albums_by_mbid
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
