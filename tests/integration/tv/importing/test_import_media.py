"""Imports of real video files: a sample is told by its running time, not by its name.

Game of Thrones runs an hour, so anything under ten minutes is a sample (the originals'
rule). The clips are made with ffmpeg (``tests/support/media.py``) and read with ffprobe.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.tv.conftest import GOT_TVDB, wait_command
from tests.support.fake_media_servers import Recorder, webhook_receiver
from tests.support.media import EPISODE_SECONDS, clip, place_copies
from tests.support.services import RunningService

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")

TITLE = "Game.of.Thrones.S01E02.1080p.WEB-DL.DD5.1.H.264-NTb"


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    cache = tmp_path_factory.mktemp("clips")
    return {"episode": clip(cache, EPISODE_SECONDS), "short": clip(cache, 20)}


@pytest.fixture
def got(api: httpx.Client, root: Path) -> Iterator[dict[str, Any]]:
    body = {
        "tvdbId": GOT_TVDB,
        "title": "Game of Thrones",
        "qualityProfileId": 1,
        "rootFolderPath": str(root),
        "monitored": True,
        "seasonFolder": True,
    }
    added = api.post("/series", json=body)
    assert added.status_code == 201, added.text
    yield added.json()
    api.delete(f"/series/{added.json()['id']}", params={"deleteFiles": "true"})


def settled(*paths: Path) -> None:
    """Written an hour ago: a folder scan waits for files still being written."""
    old = time.time() - 3600
    for path in paths:
        os.utime(path, (old, old))


def downloads(receiver: Recorder) -> list[dict[str, Any]]:
    """The Download events the receiver got, waited for."""
    deadline = time.monotonic() + 10
    while True:
        found = [
            r.json()
            for r in receiver.requests("POST", "/hook")
            if r.json()["eventType"] == "Download"
        ]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


def has_file(api: httpx.Client, series_id: int, season: int, number: int) -> bool:
    return any(
        e["hasFile"]
        for e in api.get("/episode", params={"seriesId": series_id}).json()
        if (e["seasonNumber"], e["episodeNumber"]) == (season, number)
    )


def test_a_short_file_is_a_sample_and_the_full_one_imports(
    tv: RunningService, api: httpx.Client, got: dict[str, Any], clips: dict[str, Path]
) -> None:
    folder = tv.settings.downloads_dir / "usenet" / "complete" / "tv" / TITLE
    main, short = place_copies(
        clips["episode"], [folder / f"{TITLE}.mkv", folder / f"{TITLE}.proof.mkv"]
    )
    place_copies(clips["short"], [short])  # no "sample" in its name: only its length tells
    settled(main, short)

    listed = api.get("/manualimport", params={"folder": str(folder), "seriesId": got["id"]})
    assert listed.status_code == 200, listed.text
    reasons = {Path(i["path"]).name: i["rejections"] for i in listed.json()}
    assert reasons[main.name] == []
    assert reasons[short.name] == [{"reason": "Sample", "type": "permanent"}]

    command = api.post(
        "/command", json={"name": "DownloadedEpisodesScan", "path": str(folder)}
    ).json()
    assert wait_command(api, command)["status"] == "completed"
    assert has_file(api, got["id"], 1, 2)
    [file] = api.get("/episodefile", params={"seriesId": got["id"]}).json()
    assert Path(file["path"]).stat().st_size == clips["episode"].stat().st_size
    assert short.exists()  # a sample is left where it was, never deleted


def test_a_download_of_only_a_sample_imports_nothing_and_keeps_it(
    tv: RunningService, api: httpx.Client, got: dict[str, Any], clips: dict[str, Path]
) -> None:
    title = "Game.of.Thrones.S01E04.1080p.WEB-DL.DD5.1.H.264-NTb"
    folder = tv.settings.downloads_dir / "usenet" / "complete" / "tv" / title
    [short] = place_copies(clips["short"], [folder / f"{title}.mkv"])
    settled(short)
    command = api.post(
        "/command", json={"name": "DownloadedEpisodesScan", "path": str(folder)}
    ).json()
    state = wait_command(api, command)
    assert state["status"] in ("completed", "failed"), state
    assert not has_file(api, got["id"], 1, 4)
    assert short.exists() and api.get("/episodefile", params={"seriesId": got["id"]}).json() == []


def test_an_imported_episode_file_has_media_info_and_is_named_by_it(
    tv: RunningService, api: httpx.Client, got: dict[str, Any], clips: dict[str, Path]
) -> None:
    """ffprobe reads the file at import: ``episodefile.mediaInfo`` in Sonarr's shape, and
    the ``{MediaInfo ...}`` tokens name the file."""
    saved = api.get("/config/naming").json()
    episode_format = "{Series Title} - S{season:00}E{episode:00} [{MediaInfo VideoCodec}]"
    episode_format += (
        "[{MediaInfo AudioCodec} {MediaInfo AudioChannels}]{[MediaInfo VideoBitDepth]}"
    )
    changed = saved | {"renameEpisodes": True, "standardEpisodeFormat": episode_format}
    assert api.put("/config/naming", json=changed).status_code == 202
    hook = ExitStack()
    receiver = hook.enter_context(webhook_receiver())
    [schema] = [
        s for s in api.get("/notification/schema").json() if s["implementation"] == "Webhook"
    ]
    url = f"{receiver.url}/hook"
    fields = [f | {"value": url} if f["name"] == "url" else f for f in schema["fields"]]
    body = schema | {"name": "media info", "onDownload": True, "fields": fields}
    created = api.post("/notification", json=body)
    assert created.status_code == 201, created.text
    hook.callback(api.delete, f"/notification/{created.json()['id']}")
    try:
        title = "Game.of.Thrones.S01E05.1080p.WEB-DL.DD5.1.H.264-NTb"
        folder = tv.settings.downloads_dir / "usenet" / "complete" / "tv" / title
        [main] = place_copies(clips["episode"], [folder / f"{title}.mkv"])
        settled(main)
        command = api.post(
            "/command", json={"name": "DownloadedEpisodesScan", "path": str(folder)}
        ).json()
        assert wait_command(api, command)["status"] == "completed"
        sent = downloads(receiver)
    finally:
        api.put("/config/naming", json=saved)
        hook.close()
    [event] = sent  # the webhook's episode file carries the media info too
    assert event["episodeFile"]["mediaInfo"] == {
        "audioChannels": 1.0, "audioCodec": "AAC", "audioLanguages": ["eng"], "height": 48,
        "width": 64, "subtitles": [], "videoCodec": "x264", "videoDynamicRange": "",
        "videoDynamicRangeType": "",
    }  # fmt: skip
    [file] = api.get("/episodefile", params={"seriesId": got["id"]}).json()
    assert Path(file["path"]).name == "Game of Thrones - S01E05 [x264][AAC 1.0][8].mkv"
    info = file["mediaInfo"]
    assert set(info) == {
        "audioBitrate", "audioChannels", "audioCodec", "audioLanguages", "audioStreamCount",
        "videoBitDepth", "videoBitrate", "videoCodec", "videoFps", "videoDynamicRange",
        "videoDynamicRangeType", "resolution", "runTime", "scanType", "subtitles",
    }  # fmt: skip
    assert (info["videoCodec"], info["audioCodec"], info["audioChannels"]) == ("x264", "AAC", 1)
    assert (info["resolution"], info["audioLanguages"], info["audioStreamCount"]) == (
        "64x48",
        "eng",
        1,
    )
    assert info["runTime"] == "0:11:00" and info["videoFps"] == 0.2
    assert info["scanType"] == "Progressive" and info["videoBitDepth"] == 8
    assert api.get(f"/episodefile/{file['id']}").json()["mediaInfo"] == info


def test_a_rescan_analyses_the_files_it_finds(
    api: httpx.Client, got: dict[str, Any], clips: dict[str, Path]
) -> None:
    """A file placed by hand and found by RescanSeries gets its media info too (and its
    quality from the name), as Sonarr's rescan analyses new files."""
    season = Path(got["path"]) / "Season 01"
    [placed] = place_copies(clips["episode"], [season / f"{TITLE}.mkv"])
    command = api.post("/command", json={"name": "RescanSeries", "seriesId": got["id"]}).json()
    assert wait_command(api, command)["status"] == "completed"
    [file] = api.get("/episodefile", params={"seriesId": got["id"]}).json()
    assert file["path"] == str(placed)
    assert file["quality"]["quality"]["name"] == "WEBDL-1080p"
    info = file["mediaInfo"]
    assert (info["videoCodec"], info["audioCodec"], info["resolution"]) == ("x264", "AAC", "64x48")
    assert info["runTime"] == "0:11:00"
