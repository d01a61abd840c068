"""Real transfers over loopback between the engine and a bare libtorrent seeder."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mediastack.torrent.engine import (
    AddTorrentOptions,
    ContentLayout,
    EngineEvent,
    EventKind,
    TorrentEngine,
    TorrentState,
)
from mediastack.torrent.engine.resume import ResumeStore

Fn = Callable[..., Any]
Engines = Callable[..., TorrentEngine]


def _assert_identical(payload: Any, save_path: Path) -> None:
    for rel, data in payload.files.items():
        assert (save_path / rel).read_bytes() == data, rel


def _complete(engine: TorrentEngine, info_hash: str, peer: str = "") -> Callable[[], Any]:
    """Probe for ``wait_for``; re-offers ``peer`` now and then, as a real client would after
    a failed first connection attempt (libtorrent backs off for a long time otherwise)."""
    polls = 0

    def probe() -> Any:
        nonlocal polls
        polls += 1
        info = engine.get(info_hash)
        if peer and polls % 40 == 0 and info.nb_connections == 0:
            engine.add_peers([info_hash], [peer])
        return info if info.state.is_complete else None

    return probe


def test_torrent_file_downloads_into_category_path(
    tmp_path: Path, make_engine: Engines, seeder: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("Show.S01", [700_000, 300_000, 1_500_000])
    port = seeder(payload)
    engine = make_engine()
    events: list[EngineEvent] = []
    engine.subscribe(events.append)
    engine.create_category("tv-sonarr")

    info_hash = engine.add_torrent_file(
        payload.torrent, AddTorrentOptions(category="tv-sonarr", tags=["sonarr"])
    )
    assert info_hash == payload.info_hash
    assert engine.add_peers([info_hash], [f"127.0.0.1:{port}"]) == {info_hash: (1, 0)}

    done = wait_for(_complete(engine, info_hash))
    category_dir = tmp_path / "downloads" / "torrents" / "tv-sonarr"
    _assert_identical(payload, category_dir)
    assert done.save_path == str(category_dir)
    assert done.content_path == str(category_dir / "Show.S01")
    assert done.progress == 1.0 and done.amount_left == 0
    assert done.category == "tv-sonarr" and done.tags == ("sonarr",)
    assert done.size == done.total_size == 2_500_000
    files = engine.files(info_hash)
    assert [f.name for f in files] == sorted(payload.files)
    assert all(f.progress == 1.0 and f.priority == 1 for f in files)
    wait_for(lambda: EventKind.FINISHED in {e.kind for e in events})
    assert [t.hash for t in engine.torrents(category="tv-sonarr")] == [info_hash]
    assert engine.torrents(category="") == []
    assert engine.transfer_info().dl_info_data >= 2_500_000 or wait_for(
        lambda: engine.transfer_info().dl_info_data >= 2_500_000
    )


def test_single_file_with_subfolder_layout(
    tmp_path: Path, make_engine: Engines, seeder: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("single.mkv", [600_000])
    port = seeder(payload)
    engine = make_engine()
    info_hash = engine.add_torrent_file(
        payload.torrent, AddTorrentOptions(content_layout=ContentLayout.SUBFOLDER)
    )
    engine.add_peers([info_hash], [f"127.0.0.1:{port}"])
    done = wait_for(_complete(engine, info_hash))
    target = tmp_path / "downloads" / "torrents" / "single" / "single.mkv"
    assert target.read_bytes() == payload.files["single.mkv"]
    assert done.content_path == str(target.parent)
    assert engine.files(info_hash)[0].name == "single/single.mkv"


def test_magnet_gets_metadata_then_data(
    tmp_path: Path, make_engine: Engines, seeder: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("magnetic", [400_000, 900_000])
    port = seeder(payload)
    engine = make_engine()
    info_hash = engine.add_magnet(payload.magnet)

    before = engine.get(info_hash)
    assert before.state in (
        TorrentState.META_DL,
        TorrentState.QUEUED_DL,
        TorrentState.CHECKING_RESUME_DATA,
    )
    assert before.content_path == "" and not before.has_metadata
    assert before.name == "magnetic"
    assert engine.files(info_hash) == []

    engine.add_peers([info_hash], [f"127.0.0.1:{port}"])
    done = wait_for(_complete(engine, info_hash))
    _assert_identical(payload, tmp_path / "downloads" / "torrents")
    assert done.name == "magnetic" and done.total_size == 1_300_000
    stored = ResumeStore(tmp_path / "config" / "qbittorrent" / "BT_backup").read_torrent(info_hash)
    assert stored, "metadata from peers must be saved as a .torrent"


def test_pause_resume_and_force_start(
    make_engine: Engines, seeder: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("pausable", [1_000_000])
    port = seeder(payload)
    engine = make_engine()
    info_hash = engine.add_torrent_file(payload.torrent, AddTorrentOptions(paused=True))
    # libtorrent passes through checking_resume_data first (qBittorrent shows that too)
    paused = wait_for(
        lambda: (i := engine.get(info_hash, refresh=True)).state is TorrentState.STOPPED_DL and i
    )
    assert paused.state_legacy == "pausedDL"
    assert paused.eta == 8_640_000

    engine.resume([info_hash])
    engine.add_peers([info_hash], [f"127.0.0.1:{port}"])
    wait_for(_complete(engine, info_hash, f"127.0.0.1:{port}"))

    engine.pause([info_hash])
    stopped = engine.get(info_hash, refresh=True)
    assert stopped.state is TorrentState.STOPPED_UP and stopped.state_legacy == "pausedUP"
    engine.resume([info_hash])
    assert engine.get(info_hash, refresh=True).state in (
        TorrentState.STALLED_UP,
        TorrentState.UPLOADING,
        TorrentState.QUEUED_UP,
    )
    engine.set_force_start([info_hash], True)
    forced = engine.get(info_hash, refresh=True)
    assert forced.state is TorrentState.FORCED_UP and forced.force_start


def test_delete_with_files_removes_only_the_torrents_files(
    tmp_path: Path, make_engine: Engines, seeder: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    first = payload_factory("first", [300_000, 300_000])
    second = payload_factory("second.bin", [300_000])
    port_first, port_second = seeder(first), seeder(second)
    engine = make_engine()
    engine.create_category("movies")
    options = AddTorrentOptions(category="movies")
    h1 = engine.add_torrent_file(first.torrent, options)
    h2 = engine.add_torrent_file(second.torrent, options)
    engine.add_peers([h1], [f"127.0.0.1:{port_first}"])
    engine.add_peers([h2], [f"127.0.0.1:{port_second}"])
    wait_for(lambda: all(t.state.is_complete for t in engine.torrents()))

    category_dir = tmp_path / "downloads" / "torrents" / "movies"
    bystander = category_dir / "first" / "not-from-the-torrent.txt"
    bystander.write_text("keep me")

    engine.delete([h1], delete_files=True)
    assert not engine.has_torrent(h1)
    first_files = [category_dir / rel for rel in first.files]
    wait_for(lambda: not any(path.exists() for path in first_files))  # deleted on disk thread
    assert bystander.read_text() == "keep me"
    assert (category_dir / "second.bin").read_bytes() == second.files["second.bin"]
    resume_dir = tmp_path / "config" / "qbittorrent" / "BT_backup"
    assert h1 not in {s.meta.info_hash for s in ResumeStore(resume_dir).load_all()}

    engine.delete([h2], delete_files=False)
    assert (category_dir / "second.bin").exists()
    engine.delete(["0" * 40])  # unknown hashes are ignored, as in qBittorrent


def test_session_speed_holds_steady_during_a_download(
    make_engine: Engines, seeder: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    """``transfer/info`` speeds come from libtorrent's counters, which move on its own
    tick; asked for more often (status every 0.2 s here), a download must not read 0."""
    payload = payload_factory("steady", [4_000_000])
    port = seeder(payload)
    engine = make_engine()
    info_hash = engine.add_torrent_file(
        payload.torrent, AddTorrentOptions(download_limit=1_000_000)
    )
    engine.add_peers([info_hash], [f"127.0.0.1:{port}"])
    wait_for(lambda: engine.transfer_info().dl_info_speed > 200_000)  # past the ramp-up
    readings = []
    deadline = time.monotonic() + 1.2
    while time.monotonic() < deadline:
        readings.append(engine.transfer_info().dl_info_speed)
        time.sleep(0.05)
    assert not engine.get(info_hash, refresh=True).state.is_complete, "still downloading"
    assert min(readings) > 0, readings
    assert 300_000 < statistics.median(readings) < 2_000_000, readings
