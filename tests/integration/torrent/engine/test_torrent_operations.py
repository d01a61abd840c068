"""Engine operations on real torrents: bad input, categories, tags, trackers, files, queue."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import libtorrent as lt
import pytest

from mediastack.torrent.engine import (
    AddTorrentOptions,
    CategoryError,
    ContentLayout,
    DuplicateTorrentError,
    InvalidArgumentError,
    InvalidMagnetError,
    InvalidTorrentError,
    ShareLimits,
    TorrentEngine,
    TorrentNotFoundError,
    TorrentState,
    TrackerStatus,
)
from mediastack.torrent.engine.resume import ResumeStore

Fn = Callable[..., Any]
Engines = Callable[..., TorrentEngine]


def _tree(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*")) if path.exists() else []


def _hostile_torrent() -> bytes:
    info: Any = {
        b"name": b"innocent",
        b"piece length": 16384,
        b"pieces": b"\0" * 20,
        b"files": [{b"length": 10, b"path": [b"..", b"..", b"etc", b"cron.d"]}],
    }
    return bytes(lt.bencode({b"info": info}))


@pytest.mark.parametrize(
    "data",
    [b"", b"not a torrent", b"d4:info" + b"l" * 10_000, b"d4:infod4:name999999:xee", None],
    ids=["empty", "garbage", "deep", "huge-length", "hostile-names"],
)
def test_bad_torrent_is_refused_and_touches_nothing(
    tmp_path: Path, make_engine: Engines, data: bytes | None
) -> None:
    engine = make_engine()
    before = _tree(tmp_path)
    with pytest.raises(InvalidTorrentError):
        engine.add_torrent_file(_hostile_torrent() if data is None else data)
    assert _tree(tmp_path) == before
    assert engine.torrents() == []


def test_bad_magnets_and_unknown_hashes(make_engine: Engines) -> None:
    engine = make_engine()
    for magnet in (
        "magnet:?xt=urn:btih:zz",
        "magnet:?dn=x",
        "http://x",
        "magnet:?xt=urn:btih:" + "0" * 40,
    ):
        with pytest.raises(InvalidMagnetError):
            engine.add_magnet(magnet)
    with pytest.raises(TorrentNotFoundError):
        engine.get("f" * 40)
    with pytest.raises(TorrentNotFoundError):
        engine.files("f" * 40)
    engine.pause(["f" * 40])  # bulk operations ignore unknown hashes, as qBittorrent does


def test_duplicate_and_unknown_category(make_engine: Engines, payload_factory: Fn) -> None:
    payload = payload_factory("dup", [50_000])
    engine = make_engine()
    with pytest.raises(CategoryError):
        engine.add_torrent_file(payload.torrent, AddTorrentOptions(category="nope"))
    assert engine.torrents() == []
    info_hash = engine.add_torrent_file(payload.torrent, AddTorrentOptions(paused=True))
    with pytest.raises(DuplicateTorrentError):
        engine.add_torrent_file(payload.torrent)
    with pytest.raises(DuplicateTorrentError):
        engine.add_magnet(payload.magnet)
    with pytest.raises(CategoryError):
        engine.set_category([info_hash], "nope")
    with pytest.raises(CategoryError):
        engine.create_category("../escape")


def test_symlink_in_save_path_cannot_redirect_writes(
    tmp_path: Path, make_engine: Engines, payload_factory: Fn
) -> None:
    payload = payload_factory("linked", [50_000, 50_000])
    engine = make_engine()
    outside = tmp_path / "outside"
    outside.mkdir()
    save = engine.settings.save_path
    save.mkdir(parents=True, exist_ok=True)
    (save / "linked").symlink_to(outside)
    with pytest.raises(InvalidTorrentError, match="outside"):
        engine.add_torrent_file(payload.torrent)
    assert list(outside.iterdir()) == []


def test_categories_and_tags_persist_and_apply(
    tmp_path: Path, make_engine: Engines, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("tagged", [50_000])
    engine = make_engine()
    engine.create_category("tv-sonarr")
    engine.create_category("tv-imported", save_path="imported")
    with pytest.raises(CategoryError):
        engine.create_category("tv-sonarr")
    info_hash = engine.add_torrent_file(
        payload.torrent, AddTorrentOptions(category="tv-sonarr", paused=True)
    )
    engine.add_tags([info_hash], ["anime", "sonarr"])
    engine.set_category([info_hash], "tv-imported")
    engine.delete_tags(["anime"])
    engine.set_share_limits([info_hash], 1.5, 60)
    engine.rename(info_hash, "Pretty Name")
    engine.stop()

    again = make_engine()
    categories = again.categories()
    assert categories["tv-imported"].resolved_save_path == str(
        tmp_path / "downloads" / "torrents" / "imported"
    )
    assert categories["tv-sonarr"].save_path == ""
    assert again.tags() == ["sonarr"]
    info = again.get(info_hash)
    assert info.category == "tv-imported" and info.tags == ("sonarr",)
    assert info.name == "Pretty Name"
    assert (info.ratio_limit, info.seeding_time_limit) == (1.5, 60)
    assert (info.max_ratio, info.max_seeding_time) == (1.5, 60)
    assert info.save_path.endswith("tv-sonarr"), "changing category never moves data"
    wait_for(lambda: again.get(info_hash, refresh=True).state is TorrentState.STOPPED_DL)

    again.remove_categories(["tv-imported"])
    assert again.get(info_hash).category == ""


def test_trackers_add_edit_remove(make_engine: Engines, payload_factory: Fn) -> None:
    payload = payload_factory("tracked", [50_000])
    engine = make_engine()
    info_hash = engine.add_torrent_file(payload.torrent, AddTorrentOptions(paused=True))
    engine.add_trackers(info_hash, ["http://127.0.0.1:9/announce", "udp://127.0.0.1:9"])
    with pytest.raises(InvalidArgumentError):
        engine.add_trackers(info_hash, ["file:///etc/passwd"])
    engine.edit_tracker(info_hash, "udp://127.0.0.1:9", "http://127.0.0.1:10/announce")
    urls = [t.url for t in engine.trackers(info_hash)]
    assert urls == ["http://127.0.0.1:9/announce", "http://127.0.0.1:10/announce"]
    assert all(t.status is TrackerStatus.NOT_CONTACTED for t in engine.trackers(info_hash))
    engine.remove_trackers(info_hash, ["http://127.0.0.1:9/announce"])
    assert [t.url for t in engine.trackers(info_hash)] == ["http://127.0.0.1:10/announce"]
    assert engine.get(info_hash).trackers_count == 1


def test_file_priority_rename_and_set_location(
    tmp_path: Path, make_engine: Engines, seeder: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("pick", [160_000, 160_000, 160_000])
    port = seeder(payload)
    engine = make_engine()
    info_hash = engine.add_torrent_file(
        payload.torrent, AddTorrentOptions(file_priorities=[1, 0, 7], first_last_piece_prio=True)
    )
    engine.add_peers([info_hash], [f"127.0.0.1:{port}"])
    done = wait_for(lambda: (i := engine.get(info_hash)).state.is_complete and i)
    files = engine.files(info_hash)
    assert [f.priority for f in files] == [0 if i == 1 else p for i, p in enumerate([1, 0, 7])]
    assert files[1].progress < 1.0 and done.size < done.total_size == 480_000
    save = tmp_path / "downloads" / "torrents"
    assert (save / "pick" / "part02.bin").read_bytes() == payload.files["pick/part02.bin"]

    engine.rename_file(info_hash, "pick/part00.bin", "pick/renamed.bin")
    wait_for(lambda: (save / "pick" / "renamed.bin").exists())
    wait_for(lambda: engine.files(info_hash)[0].name == "pick/renamed.bin")
    with pytest.raises(InvalidArgumentError):
        engine.rename_file(info_hash, "pick/part02.bin", "../../escape.bin")

    target = tmp_path / "elsewhere"
    engine.set_location([info_hash], target)
    wait_for(lambda: (target / "pick" / "part02.bin").exists())
    moved = wait_for(
        lambda: (i := engine.get(info_hash)).content_path.startswith(str(target)) and i
    )
    assert moved.save_path == str(target)
    assert (target / "pick" / "renamed.bin").read_bytes() == payload.files["pick/part00.bin"]


def test_quick_file_priority_changes_all_apply(
    make_engine: Engines, payload_factory: Fn, wait_for: Fn
) -> None:
    """libtorrent applies priorities on its disk thread and reports the old ones meanwhile;
    a second change sent at once must start from the first, not from that stale report."""
    payload = payload_factory("quick", [40_000, 40_000, 40_000, 40_000])
    engine = make_engine()
    info_hash = engine.add_torrent_file(payload.torrent, AddTorrentOptions(paused=True))
    for _ in range(5):
        engine.set_file_priority(info_hash, [0], 0)
        engine.set_file_priority(info_hash, [1], 6)
        engine.set_file_priority(info_hash, [2], 7)
        assert [f.priority for f in engine.files(info_hash)] == [0, 6, 7, 1]
        engine.set_first_last_piece_priority([info_hash], True)
        engine.set_first_last_piece_priority([info_hash], False)
        engine.set_file_priority(info_hash, [0, 1, 2], 1)
        engine.set_file_priority(info_hash, [3], 0)
        assert [f.priority for f in engine.files(info_hash)] == [1, 1, 1, 0]
        engine.set_file_priority(info_hash, [3], 1)
    engine.set_file_priority(info_hash, [3], 6)
    engine.set_file_priority(info_hash, [0], 0)
    wait_for(lambda: (i := engine.get(info_hash, refresh=True)).size < i.total_size)
    engine.stop()
    engine.start()  # what libtorrent applied is what comes back
    assert [f.priority for f in engine.files(info_hash)] == [0, 1, 1, 6]


def test_incomplete_path_then_moved_on_completion(
    tmp_path: Path, make_engine: Engines, seeder: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("staged", [300_000])
    port = seeder(payload)
    engine = make_engine(incomplete_path=tmp_path / "downloads" / "incomplete")
    engine.create_category("music")
    info_hash = engine.add_torrent_file(payload.torrent, AddTorrentOptions(category="music"))
    assert engine.get(info_hash).download_path == str(tmp_path / "downloads/incomplete/music")
    engine.add_peers([info_hash], [f"127.0.0.1:{port}"])
    final = tmp_path / "downloads" / "torrents" / "music" / "staged"
    wait_for(
        lambda: final.exists() and engine.get(info_hash, refresh=True).content_path == str(final)
    )
    assert final.read_bytes() == payload.files["staged"]
    assert not (tmp_path / "downloads/incomplete/music/staged").exists()


def test_queueing_limits_active_downloads(
    make_engine: Engines, payload_factory: Fn, wait_for: Fn
) -> None:
    engine = make_engine(max_active_downloads=1, max_active_torrents=5)
    hashes = [engine.add_torrent_file(payload_factory(f"q{i}", [50_000]).torrent) for i in range(3)]
    wait_for(
        lambda: (
            sorted(engine.get(h, refresh=True).state.value for h in hashes)
            == ["queuedDL", "queuedDL", "stalledDL"]
        )
    )
    queued = [h for h in hashes if engine.get(h).state is TorrentState.QUEUED_DL]
    engine.queue_top([queued[-1]])
    wait_for(lambda: engine.get(queued[-1], refresh=True).state is TorrentState.STALLED_DL)
    assert engine.get(queued[-1]).priority == 1


def test_set_listen_port_takes_effect(
    make_engine: Engines, bare_session: Fn, payload_factory: Fn, wait_for: Fn, tmp_path: Path
) -> None:
    payload = payload_factory("portable", [200_000])
    engine = make_engine()
    info_hash = engine.add_torrent_file(payload.torrent, AddTorrentOptions(save_path=payload.root))
    wait_for(lambda: engine.get(info_hash).state.is_complete)
    old = engine.listen_port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        wanted = probe.getsockname()[1]
    new = engine.set_listen_port(wanted)
    assert new == wanted != old and engine.transfer_info().listen_port == new
    leecher = bare_session()
    handle = leecher.add(payload, tmp_path / "leech", seed=False)
    handle.connect_peer(("127.0.0.1", new))
    wait_for(lambda: handle.status().is_seeding)
    assert os.path.getsize(tmp_path / "leech" / "portable") == 200_000


def test_a_taken_port_at_start_is_not_swapped_for_the_next_one(
    make_engine: Engines, wait_for: Fn
) -> None:
    with socket.socket() as tcp, socket.socket(type=socket.SOCK_DGRAM) as udp:
        tcp.bind(("127.0.0.1", 0))
        tcp.listen()
        taken = tcp.getsockname()[1]
        udp.bind(("127.0.0.1", taken))
        engine = make_engine(listen_port=taken)
        time.sleep(0.5)  # time for a retry on the next ports, had one been allowed
        assert engine.listen_port not in range(taken + 1, taken + 11)
        assert engine.transfer_info().listen_port != taken + 1


def test_global_rate_limit_applies_to_loopback_peers(
    make_engine: Engines, seeder: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("throttled", [600_000])
    port = seeder(payload)
    engine = make_engine(download_rate_limit=400_000)
    info_hash = engine.add_torrent_file(payload.torrent)
    started = time.monotonic()
    engine.add_peers([info_hash], [f"127.0.0.1:{port}"])
    wait_for(lambda: engine.get(info_hash).state.is_complete)
    assert time.monotonic() - started > 0.9, "600 kB at 400 kB/s cannot finish in under a second"
    assert engine.transfer_info().dl_rate_limit == 400_000


@pytest.mark.parametrize("allowed", [False, True], ids=["one-per-ip", "many-per-ip"])
def test_multiple_connections_from_one_ip_follow_the_setting(
    make_engine: Engines, seeder: Fn, payload_factory: Fn, wait_for: Fn, allowed: bool
) -> None:
    """Two seeders on 127.0.0.1: libtorrent keeps one of them unless the setting allows both."""
    payload = payload_factory("crowded", [2_000_000])
    ports = [seeder(payload), seeder(payload)]
    engine = make_engine(allow_multiple_connections_per_ip=allowed)
    info_hash = engine.add_torrent_file(payload.torrent, AddTorrentOptions(download_limit=50_000))
    engine.add_peers([info_hash], [f"127.0.0.1:{port}" for port in ports])
    if allowed:
        wait_for(lambda: len(engine.peers(info_hash)) == 2)
        return
    wait_for(lambda: engine.peers(info_hash))
    time.sleep(1.0)  # both connection attempts have been made, and one refused
    assert len(engine.peers(info_hash)) == 1
    # switched on while running: the second seeder is accepted now
    engine.update_settings(
        engine.settings.model_copy(update={"allow_multiple_connections_per_ip": True})
    )
    engine.add_peers([info_hash], [f"127.0.0.1:{port}" for port in ports])
    wait_for(lambda: len(engine.peers(info_hash)) == 2)


def test_hostile_names_in_metadata_from_peers_are_refused(
    tmp_path: Path, make_engine: Engines, bare_session: Fn, wait_for: Fn
) -> None:
    """A magnet's metadata is as untrusted as an uploaded .torrent (libtorrent would only
    rewrite '..' to '_'; we refuse and say why)."""
    info: Any = {
        b"name": b"evil",
        b"piece length": 16384,
        b"pieces": b"\x01" * 20,
        b"files": [{b"length": 10, b"path": [b"..", b"..", b"pwned.txt"]}],
    }
    raw = bytes(lt.bencode({b"info": info}))
    peer = bare_session()
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(raw)
    params.save_path = str(tmp_path / "peer")
    peer.handles.append(peer.session.add_torrent(params))
    info_hash = str(params.ti.info_hashes().v1)

    engine = make_engine()
    events: list[Any] = []
    engine.subscribe(events.append)
    engine.add_magnet(f"magnet:?xt=urn:btih:{info_hash}&dn=evil")
    engine.add_peers([info_hash], [f"127.0.0.1:{peer.port}"])
    refused = wait_for(
        lambda: (i := engine.get(info_hash, refresh=True)).state is TorrentState.ERROR and i
    )
    assert "refused metadata" in refused.error and "traversal" in refused.error
    assert any(e.kind.value == "error" for e in events)
    resume_dir = tmp_path / "config" / "qbittorrent" / "BT_backup"
    assert ResumeStore(resume_dir).read_torrent(info_hash) is None
    assert not list(tmp_path.rglob("pwned.txt"))


def test_runtime_settings_and_export(
    tmp_path: Path, make_engine: Engines, payload_factory: Fn
) -> None:
    engine = make_engine()
    payload = payload_factory("exported", [50_000])
    info_hash = engine.add_torrent_file(payload.torrent, AddTorrentOptions(paused=True))
    assert engine.export_torrent(info_hash) == payload.torrent
    engine.create_category("tv")

    elsewhere = tmp_path / "elsewhere"
    engine.update_settings(
        engine.settings.model_copy(
            update={
                "save_path": elsewhere,
                "upload_rate_limit": 1000,
                "max_active_downloads": 7,
                "content_layout": ContentLayout.SUBFOLDER,
            }
        )
    )
    assert engine.categories()["tv"].resolved_save_path == str(elsewhere / "tv")
    assert engine.transfer_info().up_rate_limit == 1000
    single = payload_factory("one.mkv", [50_000])
    added = engine.add_torrent_file(single.torrent, AddTorrentOptions(paused=True))
    assert engine.files(added)[0].name == "one/one.mkv"
    assert engine.get(added).save_path == str(elsewhere)
    with pytest.raises(InvalidArgumentError):
        engine.update_settings(engine.settings.model_copy(update={"config_dir": tmp_path / "x"}))


def test_reannounce_reaches_libtorrent(make_engine: Engines, payload_factory: Fn) -> None:
    payload = payload_factory("announced", [50_000])
    engine = make_engine()
    info_hash = engine.add_torrent_file(payload.torrent, AddTorrentOptions())
    engine.add_trackers(info_hash, ["http://127.0.0.1:9/announce"])
    engine.reannounce([info_hash])  # the bindings' (seconds, tracker index) form overflowed
    engine.reannounce(["0" * 40])  # unknown hashes are ignored, as qBittorrent does


def test_snapshots_follow_every_kind_of_change(
    make_engine: Engines, payload_factory: Fn, wait_for: Fn
) -> None:
    """Snapshots are cached between changes; each kind of change must still show at once."""
    payload = payload_factory("cached", [50_000])
    engine = make_engine()
    engine.create_category("tv")
    info_hash = engine.add_torrent_file(payload.torrent, AddTorrentOptions(paused=True))
    wait_for(lambda: engine.get(info_hash, refresh=True).state is TorrentState.STOPPED_DL)
    first = engine.get(info_hash)
    assert engine.get(info_hash) is first  # nothing changed: the same snapshot
    engine.set_category([info_hash], "tv")  # the meta
    assert engine.get(info_hash).category == "tv"
    engine.set_download_limit([info_hash], 70_000)  # the record
    assert engine.get(info_hash).dl_limit == 70_000
    engine.edit_category("tv", "", ShareLimits(ratio_limit=1.5))  # engine-wide: category limits
    assert engine.get(info_hash).max_ratio == 1.5
    engine.update_settings(engine.settings.model_copy(update={"queueing_enabled": False}))
    assert engine.get(info_hash).priority == 0  # engine-wide: settings
    engine.resume([info_hash])  # a new libtorrent status
    assert engine.get(info_hash).state is not first.state
