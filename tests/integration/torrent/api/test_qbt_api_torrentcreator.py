"""The torrent creator (WebAPI 2.10.4) through qbittorrent-api: real hashing, confined paths."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import httpx
import libtorrent as lt
import pytest
import qbittorrentapi

from tests.support.services import RunningService

from .conftest import downloads


def _finished(qbt: qbittorrentapi.Client, task_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while True:
        [status] = qbt.torrentcreator_status(task_id=task_id)
        if status["status"] in ("Finished", "Failed"):
            return dict(status)
        assert time.monotonic() < deadline, status
        time.sleep(0.05)


def _content(root: Path) -> dict[str, bytes]:
    files = {"ep10.bin": os.urandom(70_000), "ep2.bin": os.urandom(30_000)}
    files["extras/readme.txt"] = b"made for a test\n"
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return files


def test_a_folder_becomes_a_torrent_that_seeds_at_once(
    service: RunningService, qbt: qbittorrentapi.Client
) -> None:
    source = downloads(service) / "made" / "Show"
    files = _content(source)
    trackers = ["http://127.0.0.1:9/announce", "", "udp://127.0.0.1:9/announce"]
    task = qbt.torrentcreator_add_task(
        source_path=str(source),
        format="v1",
        is_private=True,
        piece_size=16384,
        comment="a comment",
        trackers=trackers,
        url_seeds=["http://127.0.0.1:9/seed/"],
    )
    status = _finished(qbt, task["taskID"])
    assert status["status"] == "Finished" and status["pieceSize"] == 16384
    assert status["sourcePath"] == str(source) and status["format"] == "v1"
    assert status["private"] is True and status["trackers"] == trackers
    assert {"timeAdded", "timeStarted", "timeFinished"} <= set(status)

    blob = qbt.torrentcreator_torrent_file(task_id=task["taskID"])
    info = lt.torrent_info(blob)
    meta: Any = lt.bdecode(blob)
    names = [b"/".join(f[b"path"]).decode() for f in meta[b"info"][b"files"]]
    # natural order, as qBittorrent lists a folder: ep2 before ep10
    assert names == ["ep2.bin", "ep10.bin", "extras/readme.txt"]
    assert meta[b"info"][b"name"] == b"Show" and meta[b"info"][b"private"] == 1
    assert meta[b"comment"] == b"a comment"
    assert meta[b"announce-list"] == [
        [b"http://127.0.0.1:9/announce"],
        [b"udp://127.0.0.1:9/announce"],
    ]
    assert meta[b"url-list"] in (b"http://127.0.0.1:9/seed/", [b"http://127.0.0.1:9/seed/"])

    # startSeeding defaults to true without a torrentFilePath: seeding the data in place
    h = str(info.info_hashes().v1)
    deadline = time.monotonic() + 20
    while not (rows := qbt.torrents_info(torrent_hashes=h)) or rows[0]["progress"] < 1:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert rows[0]["save_path"] == str(source.parent)
    assert sum(len(d) for d in files.values()) == rows[0]["total_size"]

    qbt.torrentcreator_delete_task(task_id=task["taskID"])
    with pytest.raises(qbittorrentapi.NotFound404Error):
        qbt.torrentcreator_status(task_id=task["taskID"])


def test_torrent_file_path_and_source_are_confined_to_the_downloads(
    service: RunningService, qbt: qbittorrentapi.Client, raw: httpx.Client, tmp_path: Path
) -> None:
    source = downloads(service) / "made" / "single.bin"
    source.parent.mkdir(parents=True)
    source.write_bytes(os.urandom(50_000))
    target = downloads(service) / "made" / "single.torrent"
    task = qbt.torrentcreator_add_task(
        source_path=str(source), torrent_file_path=str(target), format="hybrid"
    )
    assert _finished(qbt, task["taskID"])["torrentFilePath"] == str(target)
    assert lt.torrent_info(target.read_bytes()).name() == "single.bin"
    assert qbt.torrents_info() == []  # a torrentFilePath means: do not start seeding
    tagged = downloads(service) / "made" / "tagged.torrent"
    form = {"sourcePath": str(source), "torrentFilePath": str(tagged), "source": "MS"}
    task_id = raw.post("/api/v2/torrentcreator/addTask", data=form).json()["taskID"]
    assert _finished(qbt, task_id)["source"] == "MS"
    meta: Any = lt.bdecode(tagged.read_bytes())
    assert meta[b"info"][b"source"] == b"MS"  # a different info-hash per tracker, as intended

    outside = tmp_path / "elsewhere.torrent"
    for data in (
        {"sourcePath": "/etc"},
        {"sourcePath": "../../../../etc/passwd"},
        {"sourcePath": str(source), "torrentFilePath": str(outside)},
    ):
        reply = raw.post("/api/v2/torrentcreator/addTask", data=data)
        assert reply.status_code == 403, (data, reply.text)
    assert not outside.exists()
    for bad in ({"pieceSize": "12345"}, {"trackers": "ftp://nope"}, {"private": "maybe"}):
        reply = raw.post("/api/v2/torrentcreator/addTask", data={"sourcePath": str(source), **bad})
        assert reply.status_code == 400, (bad, reply.text)
    assert raw.post("/api/v2/torrentcreator/addTask").status_code == 400
    for call in ("status", "torrentFile", "deleteTask"):
        assert (
            raw.post(f"/api/v2/torrentcreator/{call}", data={"taskID": "nope"}).status_code == 404
        )


def test_a_link_that_leads_outside_fails_the_task(
    service: RunningService, qbt: qbittorrentapi.Client, raw: httpx.Client, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for peers")
    source = downloads(service) / "made" / "linked"
    source.mkdir(parents=True)
    (source / "fine.bin").write_bytes(os.urandom(20_000))
    (source / "leak.txt").symlink_to(secret)
    task = qbt.torrentcreator_add_task(source_path=str(source))
    status = _finished(qbt, task["taskID"])
    assert status["status"] == "Failed" and "outside the allowed folders" in status["errorMessage"]
    reply = raw.get("/api/v2/torrentcreator/torrentFile", params={"taskID": task["taskID"]})
    assert (reply.status_code, reply.text) == (409, "Torrent creation failed.")
    assert qbt.torrents_info() == []
