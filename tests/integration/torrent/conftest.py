"""Loopback fixtures for the torrent engine: payloads, a bare libtorrent seeder, engines.

Helpers are handed out as fixtures (``wait_for``, ``payload_factory``, ``seeder``,
``make_engine``...) rather than imported, so the test folders need no ``__init__.py``.
Everything binds to 127.0.0.1 with DHT, LSD, UPnP and NAT-PMP off and the torrents carry no
trackers, so nothing leaves the machine. Ports are ephemeral (bind to port 0, read back).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import libtorrent as lt
import pytest

from mediastack.torrent.engine import TorrentEngine, TorrentEngineSettings

PIECE = 16 * 1024


def wait_for(predicate: Callable[[], Any], timeout: float = 20.0, interval: float = 0.05) -> Any:
    """Poll ``predicate`` until it returns something truthy; fail the test on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {predicate}")
        time.sleep(interval)


@dataclass(frozen=True)
class Payload:
    """Random data on disk plus its .torrent."""

    name: str
    root: Path  # folder holding the payload (the seeder's save path)
    torrent: bytes
    info_hash: str
    files: dict[str, bytes]  # relative path -> content

    @property
    def magnet(self) -> str:
        return f"magnet:?xt=urn:btih:{self.info_hash}&dn={self.name}"


def make_payload(root: Path, name: str, sizes: list[int], *, folder: bool | None = None) -> Payload:
    """Write files of the given sizes under ``root/name`` (one file: ``root/name``)."""
    root.mkdir(parents=True, exist_ok=True)
    multi = len(sizes) > 1 if folder is None else folder
    files: dict[str, bytes] = {}
    for i, size in enumerate(sizes):
        rel = f"{name}/part{i:02d}.bin" if multi else name
        data = os.urandom(size)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        files[rel] = data
    ct = lt.create_torrent(lt.list_files(str(root / name)), PIECE, flags=lt.create_torrent.v1_only)
    ct.set_creator("mediastack tests")
    lt.set_piece_hashes(ct, str(root))
    blob = lt.bencode(ct.generate())
    info_hash = str(lt.torrent_info(blob).info_hashes().v1)
    return Payload(name=name, root=root, torrent=blob, info_hash=info_hash, files=files)


def loopback_pack(port: int = 0) -> dict[str, Any]:
    return {
        "listen_interfaces": f"127.0.0.1:{port}",
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_incoming_utp": False,
        "enable_outgoing_utp": False,
        "alert_mask": lt.alert.category_t.status_notification
        | lt.alert.category_t.error_notification,
    }


class BareSession:
    """A plain libtorrent session (the "other peer"): seeds or leeches one payload."""

    def __init__(self) -> None:
        params = lt.session_params()
        pack: Any = loopback_pack()
        params.settings = pack
        self.session = lt.session(params)
        self.port = self._wait_listening()
        self.handles: list[Any] = []

    def _wait_listening(self) -> int:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            self.session.wait_for_alert(200)
            for alert in self.session.pop_alerts():
                if isinstance(alert, lt.listen_succeeded_alert) and str(alert.socket_type) == "tcp":
                    return int(alert.port)
        raise RuntimeError("bare session did not start listening")

    def add(self, payload: Payload, save_path: Path, *, seed: bool) -> Any:
        p = lt.add_torrent_params()
        p.ti = lt.torrent_info(payload.torrent)
        p.save_path = str(save_path)
        p.flags &= ~lt.torrent_flags.auto_managed
        p.flags &= ~lt.torrent_flags.paused
        if seed:
            p.flags |= lt.torrent_flags.seed_mode
        handle = self.session.add_torrent(p)
        self.handles.append(handle)
        return handle

    def close(self) -> None:
        for handle in self.handles:
            self.session.remove_torrent(handle)
        del self.session


@pytest.fixture
def bare_session() -> Iterator[Callable[[], BareSession]]:
    made: list[BareSession] = []

    def factory() -> BareSession:
        session = BareSession()
        made.append(session)
        return session

    yield factory
    for session in made:
        session.close()


@pytest.fixture
def seeder(bare_session: Callable[[], BareSession]) -> Callable[[Payload], int]:
    """Start seeding a payload from a bare session; returns the seeder's port."""

    def start(payload: Payload) -> int:
        session = bare_session()
        session.add(payload, payload.root, seed=True)
        return session.port

    return start


def engine_settings(base: Path, **overrides: Any) -> TorrentEngineSettings:
    """Loopback-only engine settings under ``base`` with short housekeeping intervals."""
    values: dict[str, Any] = {
        "save_path": base / "downloads" / "torrents",
        "config_dir": base / "config" / "qbittorrent",
        "listen_interface": "127.0.0.1",
        "listen_port": 0,
        "enable_dht": False,
        "enable_pex": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_incoming_utp": False,
        "enable_outgoing_utp": False,
        "status_interval": 0.2,
        "share_limit_interval": 0.5,
        "resume_save_interval": 1.0,
        "stop_timeout": 5.0,
    }
    values.update(overrides)
    return TorrentEngineSettings(**values)


@pytest.fixture
def engine_settings_for(tmp_path: Path) -> Callable[..., TorrentEngineSettings]:
    """The settings ``make_engine`` uses, for engines run elsewhere (a child process)."""

    def factory(**overrides: Any) -> TorrentEngineSettings:
        return engine_settings(tmp_path, **overrides)

    return factory


@pytest.fixture
def make_engine(tmp_path: Path) -> Iterator[Callable[..., TorrentEngine]]:
    """Start engines under ``tmp_path`` (same folders each call unless overridden)."""
    engines: list[TorrentEngine] = []

    def factory(**overrides: Any) -> TorrentEngine:
        engine = TorrentEngine(engine_settings(tmp_path, **overrides))
        engine.start()
        engines.append(engine)
        return engine

    yield factory
    for engine in engines:
        engine.stop()


@pytest.fixture
def payload_factory(tmp_path: Path) -> Callable[..., Payload]:
    """``payload_factory(name, sizes)`` writes a payload under ``tmp_path/seed``."""

    def factory(name: str, sizes: list[int], *, folder: bool | None = None) -> Payload:
        return make_payload(tmp_path / "seed", name, sizes, folder=folder)

    return factory


@pytest.fixture(name="wait_for")
def wait_for_fixture() -> Callable[..., Any]:
    return wait_for
