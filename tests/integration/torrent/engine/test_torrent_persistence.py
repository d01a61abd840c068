"""Torrents, their settings and their progress survive a clean restart and a ``kill -9``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mediastack.torrent.engine import AddTorrentOptions, TorrentEngine, TorrentState
from mediastack.torrent.engine.resume import ResumeStore

Fn = Callable[..., Any]
Engines = Callable[..., TorrentEngine]


def _restored(engine: TorrentEngine, info_hash: str) -> Callable[[], Any]:
    """Probe: the torrent once libtorrent has read its resume data (progress is 0 before)."""

    def probe() -> Any:
        info = engine.get(info_hash, refresh=True)
        return None if info.state is TorrentState.CHECKING_RESUME_DATA else info

    return probe


def test_stop_mid_download_then_restart_continues(
    tmp_path: Path, make_engine: Engines, seeder: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("resumable", [2_000_000, 1_000_000])
    port = seeder(payload)
    engine = make_engine()
    engine.create_category("tv")
    info_hash = engine.add_torrent_file(
        payload.torrent,
        AddTorrentOptions(category="tv", tags=["keep"], download_limit=500_000, ratio_limit=2.5),
    )
    engine.add_peers([info_hash], [f"127.0.0.1:{port}"])
    midway = wait_for(lambda: (i := engine.get(info_hash, refresh=True)).progress >= 0.25 and i)
    peers = engine.peers(info_hash)
    assert [(p.ip, p.connection, p.is_seed) for p in peers] == [("127.0.0.1", "BT", True)]
    assert engine.get(info_hash, refresh=True).state.value in ("downloading", "stalledDL")
    engine.stop()

    again = make_engine()
    restored = wait_for(_restored(again, info_hash))
    assert restored.category == "tv" and restored.tags == ("keep",)
    assert restored.ratio_limit == 2.5 and restored.dl_limit == 500_000
    # Every piece that had passed its hash check before the stop is kept. (``progress``
    # also counts received blocks still queued for the disk, which a stop may drop, so
    # comparing progress would be off by a few blocks.)
    assert restored.pieces_have >= midway.pieces_have > 0, "a restart must not start over"
    assert restored.progress < 1.0
    assert "tv" in again.categories() and "keep" in again.tags()

    again.set_download_limit([info_hash], 0)
    again.add_peers([info_hash], [f"127.0.0.1:{port}"])
    wait_for(lambda: again.get(info_hash).state.is_complete)
    for rel, data in payload.files.items():
        assert (tmp_path / "downloads" / "torrents" / "tv" / rel).read_bytes() == data


def test_restart_does_not_recheck_complete_data(
    make_engine: Engines, seeder: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("complete", [1_500_000])
    port = seeder(payload)
    engine = make_engine()
    info_hash = engine.add_torrent_file(payload.torrent)
    engine.add_peers([info_hash], [f"127.0.0.1:{port}"])
    wait_for(lambda: engine.get(info_hash).state.is_complete)
    engine.stop()

    again = make_engine()
    states: set[TorrentState] = set()

    def seeding() -> bool:
        info = again.get(info_hash, refresh=True)
        states.add(info.state)
        return info.state.is_complete and info.progress == 1.0

    wait_for(seeding, interval=0.005)
    assert not states & {TorrentState.CHECKING_UP, TorrentState.CHECKING_DL}
    assert again.get(info_hash).pieces_have == again.get(info_hash).pieces_num


def test_kill_9_keeps_every_torrent_and_its_progress(
    tmp_path: Path,
    make_engine: Engines,
    seeder: Fn,
    payload_factory: Fn,
    wait_for: Fn,
    engine_settings_for: Fn,
) -> None:
    payload = payload_factory("crashy", [3_000_000])
    orphan = payload_factory("orphan", [100_000])
    port = seeder(payload)
    torrent_file = tmp_path / "crashy.torrent"
    torrent_file.write_bytes(payload.torrent)
    settings = engine_settings_for(resume_save_interval=0.3)
    child = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("engine_child.py")),
            settings.model_dump_json(),
            str(torrent_file),
            str(port),
            orphan.magnet,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("PROGRESS") and float(line.split()[1]) >= 0.3:
                break
        else:
            raise AssertionError(f"child exited early with {child.wait()}")
        store = ResumeStore(settings.resume_dir)  # read beside the child, as SQLite allows
        first = wait_for(lambda: store.read_fastresume(payload.info_hash))
        wait_for(lambda: store.read_fastresume(payload.info_hash) != first)  # saved mid-download
        store.close()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL

    engine = make_engine()
    assert set(engine.hashes()) == {payload.info_hash, orphan.info_hash}
    crashed = wait_for(_restored(engine, payload.info_hash))
    assert crashed.category == "tv" and crashed.tags == ("crash",)
    assert crashed.pieces_have > 0 and crashed.progress > 0.1, "progress must survive kill -9"
    magnet = engine.get(orphan.info_hash)
    assert magnet.tags == ("orphan",) and not magnet.has_metadata

    engine.set_download_limit([payload.info_hash], 0)
    engine.add_peers([payload.info_hash], [f"127.0.0.1:{port}"])
    wait_for(lambda: engine.get(payload.info_hash).state.is_complete)
    target = tmp_path / "downloads" / "torrents" / "tv" / "crashy"
    assert target.read_bytes() == payload.files["crashy"]


def test_deleted_data_shows_missing_files_instead_of_downloading_again(
    make_engine: Engines, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("vanishing", [300_000])
    engine = make_engine()
    info_hash = engine.add_torrent_file(payload.torrent, AddTorrentOptions(save_path=payload.root))
    wait_for(lambda: engine.get(info_hash, refresh=True).state.is_complete)
    engine.stop()
    data = payload.root / "vanishing"
    kept = data.read_bytes()
    data.unlink()

    again = make_engine()
    missing = wait_for(
        lambda: (i := again.get(info_hash, refresh=True)).state is TorrentState.MISSING_FILES and i
    )
    assert "mismatching file size" in missing.error
    assert not data.exists(), "nothing may be re-created while files are missing"

    data.write_bytes(kept)  # the user puts the files back, rechecks and resumes
    again.recheck([info_hash])
    again.resume([info_hash])
    done = wait_for(lambda: (i := again.get(info_hash, refresh=True)).state.is_complete and i)
    assert done.progress == 1.0 and done.error == ""


def test_per_torrent_settings_survive_a_restart(
    make_engine: Engines, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("settled", [100_000, 100_000])
    engine = make_engine()
    info_hash = engine.add_torrent_file(payload.torrent, AddTorrentOptions(paused=True))
    engine.set_sequential([info_hash], True)
    engine.set_first_last_piece_priority([info_hash], True)
    engine.set_download_limit([info_hash], 123_000)
    engine.set_upload_limit([info_hash], 45_000)
    engine.set_file_priority(info_hash, [1], 0)
    engine.add_trackers(info_hash, ["http://127.0.0.1:9/announce"])
    engine.stop()

    info = wait_for(_restored(make_engine(), info_hash))
    assert info.seq_dl and info.f_l_piece_prio
    assert (info.dl_limit, info.up_limit) == (123_000, 45_000)
    assert info.trackers_count == 1 and "tr=http" in info.magnet_uri
    assert info.size < info.total_size  # file 1 still skipped
