"""Our WebAPI v2 through ``qbittorrent-api`` (a client we did not write), real libtorrent.

Every transfer is real: a bare libtorrent session seeds a payload on 127.0.0.1 and our
service downloads it, so "downloaded byte-identical into <downloads>/torrents/<category>"
is checked on disk, not inferred from a status field.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import qbittorrentapi

from tests.support.services import RunningService

from .conftest import client_for, downloads

Fn = Callable[..., Any]
COMPLETE = {"uploading", "stalledUP", "stoppedUP", "queuedUP", "forcedUP", "checkingUP"}


def _info(qbt: qbittorrentapi.Client, info_hash: str) -> dict[str, Any] | None:
    rows = qbt.torrents_info(torrent_hashes=info_hash)
    return dict(rows[0]) if rows else None


def _until_complete(qbt: qbittorrentapi.Client, info_hash: str, peer: str) -> Callable[[], Any]:
    """Probe for ``wait_for`` that re-offers the peer now and then, as a real user would."""
    polls = 0

    def probe() -> Any:
        nonlocal polls
        polls += 1
        row = _info(qbt, info_hash)
        if row and polls % 40 == 0 and row["num_seeds"] == 0:
            qbt.torrents_add_peers(peers=peer, torrent_hashes=info_hash)
        return row if row and row["state"] in COMPLETE else None

    return probe


def test_torrent_file_into_category_downloads_byte_identical(
    service: RunningService,
    qbt: qbittorrentapi.Client,
    seeder: Fn,
    payload_factory: Fn,
    wait_for: Fn,
) -> None:
    payload = payload_factory("Show.S01", [300_000, 200_000])
    port = seeder(payload)
    qbt.torrents_create_category(name="tv")
    assert qbt.torrents_add(torrent_files={"show.torrent": payload.torrent}, category="tv") == "Ok."
    row = wait_for(lambda: _info(qbt, payload.info_hash))
    assert row["category"] == "tv"
    peers = qbt.torrents_add_peers(peers=f"127.0.0.1:{port}", torrent_hashes=payload.info_hash)
    assert dict(peers) == {payload.info_hash: {"added": 1, "failed": 0}}

    done = wait_for(_until_complete(qbt, payload.info_hash, f"127.0.0.1:{port}"))
    category_dir = downloads(service) / "tv"
    for rel, data in payload.files.items():
        assert (category_dir / rel).read_bytes() == data
    assert done["save_path"] == str(category_dir)
    assert done["content_path"] == str(category_dir / "Show.S01")  # the torrent's own folder
    assert done["progress"] == 1 and done["amount_left"] == 0
    files = qbt.torrents_files(torrent_hash=payload.info_hash)
    assert sorted(f["name"] for f in files) == sorted(payload.files)
    props = qbt.torrents_properties(torrent_hash=payload.info_hash)
    assert props["save_path"] == str(category_dir) and props["pieces_have"] == props["pieces_num"]
    assert set(qbt.torrents_piece_states(torrent_hash=payload.info_hash)) == {2}
    assert len(qbt.torrents_piece_hashes(torrent_hash=payload.info_hash)) == props["pieces_num"]
    assert [t["hash"] for t in qbt.torrents_info(status_filter="completed")] == [payload.info_hash]
    assert qbt.torrents_info(status_filter="downloading") == []
    assert qbt.torrents_categories()["tv"] == {"name": "tv", "savePath": ""}


def test_magnet_gets_metadata_then_data(
    service: RunningService,
    qbt: qbittorrentapi.Client,
    seeder: Fn,
    payload_factory: Fn,
    wait_for: Fn,
) -> None:
    payload = payload_factory("movie.mkv", [400_000])
    port = seeder(payload)
    assert qbt.torrents_add(urls=payload.magnet, category="movies") == "Ok."
    row = wait_for(lambda: _info(qbt, payload.info_hash))
    assert row["state"] in {"metaDL", "stalledDL", "downloading", "queuedDL"}
    assert "movies" in qbt.torrents_categories()  # created on the fly, as qBittorrent does
    qbt.torrents_add_peers(peers=f"127.0.0.1:{port}", torrent_hashes=payload.info_hash)
    done = wait_for(_until_complete(qbt, payload.info_hash, f"127.0.0.1:{port}"))
    target = downloads(service) / "movies" / "movie.mkv"
    assert target.read_bytes() == payload.files["movie.mkv"]
    assert done["content_path"] == str(target)  # a single file: the file itself


def test_stop_start_under_both_names_and_delete_with_files(
    service: RunningService,
    qbt: qbittorrentapi.Client,
    raw: httpx.Client,
    seeder: Fn,
    payload_factory: Fn,
    wait_for: Fn,
) -> None:
    payload = payload_factory("Album", [100_000, 50_000])
    port = seeder(payload)
    qbt.torrents_add(torrent_files=payload.torrent, category="music")
    wait_for(lambda: _info(qbt, payload.info_hash))
    qbt.torrents_add_peers(peers=f"127.0.0.1:{port}", torrent_hashes=payload.info_hash)
    wait_for(_until_complete(qbt, payload.info_hash, f"127.0.0.1:{port}"))
    h = payload.info_hash

    def state() -> str:
        row = _info(qbt, h)
        assert row is not None
        return str(row["state"])

    qbt.torrents_stop(torrent_hashes=h)  # WebAPI 2.11: torrents/stop
    wait_for(lambda: state() == "stoppedUP")
    for name in ("stopped", "paused"):  # both filter spellings select it
        assert [t["hash"] for t in qbt.torrents_info(status_filter=name)] == [h]
    assert raw.post("/api/v2/torrents/resume", data={"hashes": h}).status_code == 200
    wait_for(lambda: state() in {"stalledUP", "uploading", "queuedUP"})
    assert qbt.torrents_info(status_filter="paused") == []
    assert raw.post("/api/v2/torrents/pause", data={"hashes": h.upper()}).status_code == 200
    wait_for(lambda: state() == "stoppedUP")
    qbt.torrents_start(torrent_hashes="all")
    wait_for(lambda: state() != "stoppedUP")
    assert raw.get("/api/v2/torrents/stop", params={"hashes": h}).status_code == 405

    folder = downloads(service) / "music" / "Album"
    assert folder.is_dir()
    qbt.torrents_delete(delete_files=True, torrent_hashes=h)
    assert qbt.torrents_info() == []
    wait_for(lambda: not any(folder.rglob("*.bin")))
    assert raw.get("/api/v2/torrents/properties", params={"hash": h}).status_code == 404


def test_categories_and_tags_crud(
    service: RunningService, qbt: qbittorrentapi.Client, raw: httpx.Client, payload_factory: Fn
) -> None:
    payload = payload_factory("x", [20_000])
    qbt.torrents_create_category(name="tv-sonarr")
    imported = str(downloads(service) / "imported")
    qbt.torrents_create_category(name="tv-imported", save_path=imported)
    again = raw.post("/api/v2/torrents/createCategory", data={"category": "tv-sonarr"})
    assert (again.status_code, again.text) == (409, "Unable to create category")
    outside = raw.post(
        "/api/v2/torrents/createCategory", data={"category": "evil", "savePath": "/etc"}
    )
    assert outside.status_code == 403
    assert dict(qbt.torrents_categories()) == {
        "tv-imported": {"name": "tv-imported", "savePath": imported},
        "tv-sonarr": {"name": "tv-sonarr", "savePath": ""},
    }
    qbt.torrents_edit_category(name="tv-sonarr", save_path=str(downloads(service) / "sonarr"))
    assert qbt.torrents_categories()["tv-sonarr"]["savePath"].endswith("/sonarr")

    qbt.torrents_add(torrent_files=payload.torrent, category="tv-sonarr", is_stopped=True)
    h = payload.info_hash
    bad = raw.post("/api/v2/torrents/setCategory", data={"hashes": h, "category": "nope"})
    assert (bad.status_code, bad.text) == (409, "Incorrect category name")
    qbt.torrents_set_category(category="tv-imported", torrent_hashes=h)
    assert qbt.torrents_info(category="tv-imported")[0]["hash"] == h
    qbt.torrents_remove_categories(categories=["tv-imported"])
    assert "tv-imported" not in qbt.torrents_categories()
    assert qbt.torrents_info(category="")[0]["category"] == ""

    qbt.torrents_create_tags(tags=["spare"])
    qbt.torrents_add_tags(tags=["sonarr", "anime"], torrent_hashes=h)
    assert sorted(qbt.torrents_tags()) == ["anime", "sonarr", "spare"]
    assert qbt.torrents_info(tag="anime")[0]["tags"] == "anime, sonarr"
    qbt.torrents_remove_tags(tags="anime", torrent_hashes=h)
    assert qbt.torrents_info(torrent_hashes=h)[0]["tags"] == "sonarr"
    qbt.torrents_delete_tags(tags=["sonarr", "spare"])
    assert qbt.torrents_tags() == ["anime"]
    assert qbt.torrents_info(tag="")[0]["hash"] == h  # untagged now


def test_set_preferences_listen_port_takes_effect_at_once(
    service: RunningService, qbt: qbittorrentapi.Client
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        new_port = probe.getsockname()[1]
    assert qbt.app_preferences()["listen_port"] != new_port
    qbt.app_set_preferences(prefs={"listen_port": new_port, "dl_limit": 123_456})
    prefs = qbt.app_preferences()
    assert prefs["listen_port"] == new_port and prefs["dl_limit"] == 123_456
    assert qbt.transfer_download_limit() == 123_456
    with socket.create_connection(("127.0.0.1", new_port), timeout=2):
        pass  # the engine accepts peers on the new port before setPreferences returned
    assert httpx.get(f"{service.url}/readyz").status_code == 200  # engine counted as ready
    # Kept across a restart, as qBittorrent keeps its preferences.
    saved = (service.settings.config_dir / "preferences.json").read_text()
    assert str(new_port) in saved and "download_rate_limit" in saved


def test_sync_maindata_is_incremental(
    service: RunningService, qbt: qbittorrentapi.Client, payload_factory: Fn, wait_for: Fn
) -> None:
    one = payload_factory("one", [20_000])
    two = payload_factory("two", [20_000])
    qbt.torrents_create_category(name="tv")
    qbt.torrents_add(torrent_files=one.torrent, category="tv", is_stopped=True)
    wait_for(lambda: _info(qbt, one.info_hash))

    full = qbt.sync_maindata(rid=0)
    assert full["full_update"] is True
    assert set(full["torrents"]) == {one.info_hash}
    assert "hash" not in full["torrents"][one.info_hash]
    assert full["categories"] == {"tv": {"name": "tv", "savePath": ""}}
    rid = full["rid"]

    quiet = qbt.sync_maindata(rid=rid)
    assert quiet["rid"] > rid and "full_update" not in quiet
    assert "torrents" not in quiet or one.info_hash not in quiet["torrents"]

    qbt.torrents_add(torrent_files=two.torrent, is_stopped=True)
    wait_for(lambda: _info(qbt, two.info_hash))
    qbt.torrents_add_tags(tags="new", torrent_hashes=one.info_hash)
    qbt.torrents_remove_categories(categories="tv")
    diff = qbt.sync_maindata(rid=quiet["rid"])
    assert diff["rid"] > quiet["rid"]
    assert set(diff["torrents"][two.info_hash]) > {"name", "state", "category"}  # new: all
    assert diff["torrents"][one.info_hash] == {"category": "", "tags": "new"}  # changed only
    assert diff["tags"] == ["new"] and diff["categories_removed"] == ["tv"]

    qbt.torrents_delete(torrent_hashes=one.info_hash)
    gone = qbt.sync_maindata(rid=diff["rid"])
    assert gone["torrents_removed"] == [one.info_hash]
    assert qbt.sync_maindata(rid=1)["full_update"] is True  # a stale rid: start over


def test_restart_keeps_torrents_and_progress(
    tmp_path: Path, start_service: Fn, seeder: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("Keep", [150_000, 60_000])
    waiting = payload_factory("Later", [30_000])
    port = seeder(payload)
    root = tmp_path / "data"
    with start_service(root) as svc:
        qbt = client_for(svc.url)
        qbt.torrents_create_category(name="tv")
        qbt.torrents_add(torrent_files=payload.torrent, category="tv")
        qbt.torrents_add(torrent_files=waiting.torrent, category="tv", is_stopped=True)
        wait_for(lambda: _info(qbt, payload.info_hash))
        qbt.torrents_add_peers(peers=f"127.0.0.1:{port}", torrent_hashes=payload.info_hash)
        wait_for(_until_complete(qbt, payload.info_hash, f"127.0.0.1:{port}"))
        qbt.torrents_add_tags(tags="kept", torrent_hashes=payload.info_hash)
    with start_service(root) as svc:
        qbt = client_for(svc.url)
        rows = {t["hash"]: t for t in qbt.torrents_info()}
        assert set(rows) == {payload.info_hash, waiting.info_hash}
        done = wait_for(lambda: _info(qbt, payload.info_hash)["progress"] == 1 or None)
        assert done
        row = _info(qbt, payload.info_hash)
        assert row is not None
        assert row["category"] == "tv" and row["tags"] == "kept"
        assert row["state"] in COMPLETE
        assert _info(qbt, waiting.info_hash)["state"] == "stoppedDL"  # type: ignore[index]
        assert qbt.torrents_categories()["tv"]["name"] == "tv"


def test_a_listen_port_that_cannot_be_bound_changes_nothing(
    service: RunningService, qbt: qbittorrentapi.Client
) -> None:
    """Refused as a whole (409 with the reason): no half-applied preferences, old port kept."""
    before = qbt.app_preferences()
    old_port = before["listen_port"]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        try:
            qbt.app_set_preferences(prefs={"listen_port": busy, "dl_limit": 222_000})
        except qbittorrentapi.Conflict409Error as exc:
            assert f"cannot listen on port {busy}" in str(exc)
        else:
            raise AssertionError("a port held by another program must be refused")
    after = qbt.app_preferences()
    assert after["listen_port"] == old_port and after["dl_limit"] == before["dl_limit"]
    with socket.create_connection(("127.0.0.1", old_port), timeout=2):
        pass  # still reachable by peers on the old port
    saved = service.settings.config_dir / "preferences.json"
    assert not saved.exists() or str(busy) not in saved.read_text()


def test_multi_connections_from_same_ip_is_a_real_preference(
    service: RunningService, qbt: qbittorrentapi.Client
) -> None:
    before = qbt.app_preferences()
    assert before["enable_multi_connections_from_same_ip"] is False
    assert before["resume_data_storage_type"] == "SQLite"  # torrents.db
    qbt.app_set_preferences(prefs={"enable_multi_connections_from_same_ip": True})
    assert qbt.app_preferences()["enable_multi_connections_from_same_ip"] is True
    engine = service.ctx.extras["torrent_api"].engine
    assert engine.settings.allow_multiple_connections_per_ip is True
    saved = (service.settings.config_dir / "preferences.json").read_text()
    assert "allow_multiple_connections_per_ip" in saved


def test_banned_peers_are_refused_until_unbanned(
    service: RunningService,
    qbt: qbittorrentapi.Client,
    seeder: Fn,
    payload_factory: Fn,
    wait_for: Fn,
) -> None:
    payload = payload_factory("Banned", [300_000])
    port = seeder(payload)
    peer = f"127.0.0.1:{port}"
    qbt.transfer_ban_peers(peers=[peer, "not-an-address:1", "[::1]:6881"])
    assert qbt.app_preferences()["banned_IPs"] == "127.0.0.1\n::1"
    saved = (service.settings.config_dir / "preferences.json").read_text()
    assert "banned_ips" in saved and "127.0.0.1" in saved  # kept across restarts

    qbt.torrents_add(torrent_files=payload.torrent)
    wait_for(lambda: _info(qbt, payload.info_hash))
    qbt.torrents_add_peers(peers=peer, torrent_hashes=payload.info_hash)
    time.sleep(1.5)  # time enough to connect and download 300 kB on loopback
    row = _info(qbt, payload.info_hash)
    assert row is not None and row["progress"] == 0 and row["num_seeds"] == 0
    assert qbt.sync_torrent_peers(torrent_hash=payload.info_hash)["peers"] == {}

    qbt.app_set_preferences(prefs={"banned_IPs": "::1"})  # 127.0.0.1 unbanned
    assert qbt.app_preferences()["banned_IPs"] == "::1"
    qbt.torrents_add_peers(peers=peer, torrent_hashes=payload.info_hash)
    wait_for(_until_complete(qbt, payload.info_hash, peer))
