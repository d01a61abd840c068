"""The rest of the torrent endpoints through ``qbittorrent-api``: trackers, files, names,
toggles, limits, queue, location, export, transfer, log and peers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import libtorrent as lt
import qbittorrentapi

from tests.support.services import RunningService

from .conftest import downloads

Fn = Callable[..., Any]


def _row(qbt: qbittorrentapi.Client, info_hash: str) -> dict[str, Any]:
    return dict(qbt.torrents_info(torrent_hashes=info_hash)[0])


def test_per_torrent_operations(
    service: RunningService,
    qbt: qbittorrentapi.Client,
    raw: httpx.Client,
    payload_factory: Fn,
    wait_for: Fn,
) -> None:
    first = payload_factory("Season", [40_000, 30_000])
    second = payload_factory("other.mkv", [20_000])
    qbt.torrents_add(torrent_files=first.torrent, is_stopped=True, category="tv")
    qbt.torrents_add(torrent_files=second.torrent, is_stopped=True)
    h = first.info_hash
    wait_for(lambda: qbt.torrents_count() == 2)

    # trackers: three pseudo-entries first, then ours
    qbt.torrents_add_trackers(torrent_hash=h, urls=["http://127.0.0.1:1/announce"])
    qbt.torrents_edit_tracker(
        torrent_hash=h, original_url="http://127.0.0.1:1/announce", new_url="http://127.0.0.1:2/a"
    )
    urls = [t["url"] for t in qbt.torrents_trackers(torrent_hash=h)]
    assert urls[:3] == ["** [DHT] **", "** [PeX] **", "** [LSD] **"]
    assert urls[3:] == ["http://127.0.0.1:2/a"]
    assert _row(qbt, h)["trackers_count"] == 1
    qbt.torrents_remove_trackers(torrent_hash=h, urls="http://127.0.0.1:2/a")
    assert len(qbt.torrents_trackers(torrent_hash=h)) == 3
    assert qbt.torrents_webseeds(torrent_hash=h) == []

    # files: priorities and a rename that stays inside the torrent
    qbt.torrents_file_priority(torrent_hash=h, file_ids=[1], priority=0)
    # libtorrent applies priorities on its disk thread: visible a moment later
    wait_for(lambda: [f["priority"] for f in qbt.torrents_files(torrent_hash=h)] == [1, 0])
    # size = libtorrent's total_wanted (whole pieces), as qBittorrent reports it
    wait_for(lambda: _row(qbt, h)["size"] < 70_000)
    qbt.torrents_rename_file(
        torrent_hash=h, old_path="Season/part00.bin", new_path="Season/renamed.bin"
    )
    wait_for(lambda: qbt.torrents_files(torrent_hash=h)[0]["name"] == "Season/renamed.bin")
    hostile = raw.post(
        "/api/v2/torrents/renameFile",
        data={"hash": h, "oldPath": "Season/renamed.bin", "newPath": "../../escape.bin"},
    )
    assert hostile.status_code == 409
    qbt.torrents_rename(torrent_hash=h, new_torrent_name="Nice Name")
    assert _row(qbt, h)["name"] == "Nice Name"

    # toggles and limits
    qbt.torrents_toggle_sequential_download(torrent_hashes=h)
    qbt.torrents_toggle_first_last_piece_priority(torrent_hashes=h)
    qbt.torrents_set_download_limit(limit=50_000, torrent_hashes=h)
    qbt.torrents_set_upload_limit(limit=60_000, torrent_hashes=h)
    qbt.torrents_set_share_limits(ratio_limit=2.5, seeding_time_limit=90, torrent_hashes=h)
    row = _row(qbt, h)
    assert row["seq_dl"] is True and row["f_l_piece_prio"] is True
    assert (row["dl_limit"], row["up_limit"]) == (50_000, 60_000)
    assert (row["ratio_limit"], row["seeding_time_limit"]) == (2.5, 90)
    assert dict(qbt.torrents_download_limit(torrent_hashes=h)) == {h: 50_000}
    props = qbt.torrents_properties(torrent_hash=h)
    assert (props["dl_limit"], props["up_limit"]) == (50_000, 60_000)

    # queue: both torrents are stopped downloads; moving keeps the 1-based positions
    qbt.torrents_start(torrent_hashes="all")
    qbt.torrents_bottom_priority(torrent_hashes=h)
    wait_for(lambda: _row(qbt, h)["priority"] == 2)
    qbt.torrents_top_priority(torrent_hashes=h)
    wait_for(lambda: _row(qbt, h)["priority"] == 1)
    qbt.torrents_decrease_priority(torrent_hashes=h)
    wait_for(lambda: _row(qbt, h)["priority"] == 2)
    qbt.torrents_set_force_start(enable=True, torrent_hashes=h)
    wait_for(lambda: _row(qbt, h)["force_start"] is True)
    qbt.torrents_stop(torrent_hashes="all")

    # location, export, reannounce, recheck
    target = downloads(service) / "moved"
    qbt.torrents_set_location(location=str(target), torrent_hashes=h)
    wait_for(lambda: _row(qbt, h)["save_path"] == str(target))
    assert lt.torrent_info(qbt.torrents_export(torrent_hash=h)).info_hashes().v1 == lt.sha1_hash(
        bytes.fromhex(h)
    )
    qbt.torrents_reannounce(torrent_hashes=h)
    qbt.torrents_recheck(torrent_hashes=h)
    assert qbt.sync_torrent_peers(torrent_hash=h)["peers"] == {}

    # info: sort, reverse, limit, offset and tag/category filters
    names = [t["name"] for t in qbt.torrents_info(sort="name")]
    assert names == sorted(names, key=str.casefold)
    assert [t["name"] for t in qbt.torrents_info(sort="name", reverse=True, limit=1)] == [
        max(names, key=str.casefold)
    ]
    assert len(qbt.torrents_info(offset=1)) == 1
    assert [t["hash"] for t in qbt.torrents_info(category="tv")] == [h]


def test_transfer_and_log(qbt: qbittorrentapi.Client, payload_factory: Fn) -> None:
    info = qbt.transfer_info()
    assert info["connection_status"] in {"connected", "firewalled", "disconnected"}
    qbt.transfer_set_download_limit(limit=300_000)
    qbt.transfer_set_upload_limit(limit=200_000)
    assert (qbt.transfer_download_limit(), qbt.transfer_upload_limit()) == (300_000, 200_000)
    assert qbt.transfer_info()["dl_rate_limit"] == 300_000
    assert int(qbt.transfer_speed_limits_mode()) == 0

    payload = payload_factory("logged", [10_000])
    qbt.torrents_add(torrent_files=payload.torrent, is_stopped=True)
    messages = qbt.log_main()
    assert any(payload.info_hash in m["message"] for m in messages)
    last = messages[-1]["id"]
    assert qbt.log_main(last_known_id=last) == []
    assert all(m["type"] == 4 for m in qbt.log_main(normal=False, info=False, critical=False))
