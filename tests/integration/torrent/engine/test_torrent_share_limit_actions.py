"""Share limits act on real transfers: the engine seeds to (or leeches from) a bare peer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mediastack.torrent.engine import (
    AddTorrentOptions,
    EngineEvent,
    EventKind,
    ShareLimitAction,
    TorrentEngine,
    TorrentState,
)

Fn = Callable[..., Any]
Engines = Callable[..., TorrentEngine]


def test_ratio_limit_reached_pauses_the_torrent(
    tmp_path: Path, make_engine: Engines, bare_session: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("shared", [1_000_000, 500_000])
    engine = make_engine()
    info_hash = engine.add_torrent_file(
        payload.torrent, AddTorrentOptions(save_path=payload.root, ratio_limit=1.0)
    )
    seeding = wait_for(lambda: (i := engine.get(info_hash)).state.is_complete and i)
    assert seeding.max_ratio == 1.0 and seeding.ratio == 0.0

    leecher = bare_session()
    handle = leecher.add(payload, tmp_path / "leech", seed=False)
    handle.connect_peer(("127.0.0.1", engine.listen_port))
    wait_for(lambda: handle.status().is_seeding)

    stopped = wait_for(lambda: (i := engine.get(info_hash)).state is TorrentState.STOPPED_UP and i)
    assert stopped.ratio >= 1.0 and stopped.uploaded >= 1_500_000
    wait_for(lambda: engine.transfer_info().up_info_data >= 1_500_000)
    # libtorrent counts only non-local peers as proof of reachability ("connected")
    assert engine.transfer_info().connection_status == "firewalled"


def test_global_ratio_limit_with_remove_action(
    make_engine: Engines, seeder: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("leaving", [500_000])
    port = seeder(payload)
    engine = make_engine(max_ratio=0.0, share_limit_action=ShareLimitAction.REMOVE)
    events: list[EngineEvent] = []
    engine.subscribe(events.append)
    info_hash = engine.add_torrent_file(payload.torrent)
    engine.add_peers([info_hash], [f"127.0.0.1:{port}"])
    wait_for(lambda: EventKind.REMOVED in {e.kind for e in events})
    kinds = [e.kind for e in events if e.info_hash == info_hash]
    assert kinds[-2:] == [EventKind.SHARE_LIMIT_REACHED, EventKind.REMOVED]
    assert not engine.has_torrent(info_hash)
    assert engine.settings.save_path.joinpath("leaving").exists(), "remove keeps the data"


def test_no_limit_on_torrent_overrides_global(
    make_engine: Engines, seeder: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("staying", [300_000])
    port = seeder(payload)
    engine = make_engine(max_ratio=0.0)
    info_hash = engine.add_torrent_file(payload.torrent, AddTorrentOptions(ratio_limit=-1))
    engine.add_peers([info_hash], [f"127.0.0.1:{port}"])
    wait_for(lambda: engine.get(info_hash).state.is_complete)
    engine.check_share_limits()
    info = engine.get(info_hash, refresh=True)
    assert not info.state.is_stopped and info.max_ratio == -1
