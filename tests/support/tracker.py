"""A BitTorrent tracker (Debian's ``opentracker``) and a plain libtorrent seeder, on loopback.

A real grab finds its peers through the tracker named in the .torrent; tests that want the
same path start ``opentracker`` bound to 127.0.0.1 on a free port and seed from a bare
libtorrent session that announces to it. Debian builds opentracker in whitelist mode: only
info hashes listed in its access list are tracked, so ``allow()`` adds a hash, makes the
tracker re-read the list (SIGHUP) and waits until it answers for that hash.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote_from_bytes

import httpx
import libtorrent as lt

from tests.support.services import free_port

PIECE = 16 * 1024


def opentracker() -> str | None:
    """Path of the binary, or None (local runs skip; CI installs it and requires it)."""
    path = shutil.which("opentracker")
    if path is None and os.environ.get("MEDIASTACK_REQUIRE_OPENTRACKER") == "1":
        raise RuntimeError("MEDIASTACK_REQUIRE_OPENTRACKER=1 but opentracker is missing")
    return path


@dataclass
class Tracker:
    port: int
    folder: Path
    process: subprocess.Popen[bytes]
    allowed: list[str] = field(default_factory=list)

    @property
    def announce_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/announce"

    def _announce(self, info_hash: str, **params: str) -> bytes:
        """One announce as a client sends it (the info hash as 20 raw bytes)."""
        query = "&".join(
            [f"info_hash={quote_from_bytes(bytes.fromhex(info_hash))}"]
            + [f"{k}={v}" for k, v in params.items()]
        )
        return httpx.get(f"{self.announce_url}?{query}", timeout=5).content

    def allow(self, *info_hashes: str) -> None:
        """Track these torrents from now on."""
        self.allowed.extend(h.lower() for h in info_hashes)
        whitelist = self.folder / "whitelist"
        whitelist.write_text("".join(f"{h}\n" for h in self.allowed))
        whitelist.chmod(0o644)
        self.process.send_signal(signal.SIGHUP)
        # A "stopped" announce of a peer that never started leaves no peer behind and
        # answers a failure until the new list is in force.
        probe = {"peer_id": "-TS0001-probeprobepr", "port": "1", "uploaded": "0"}
        probe |= {"downloaded": "0", "left": "0", "compact": "1", "event": "stopped"}
        deadline = time.monotonic() + 10
        for info_hash in info_hashes:
            while b"failure reason" in self._announce(info_hash, **probe):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"opentracker did not take {info_hash} into its list")
                time.sleep(0.02)


@contextmanager
def running_opentracker(root: Path) -> Iterator[Tracker]:
    """opentracker on 127.0.0.1 (TCP only) with an empty whitelist under ``root``."""
    binary = opentracker()
    if binary is None:
        raise RuntimeError("opentracker is not installed (apt-get install opentracker)")
    folder = root / "opentracker"
    folder.mkdir(parents=True)
    # Started as root, opentracker chroots into the folder and drops to "nobody", who must
    # be able to read the list there.
    folder.chmod(0o755)
    (folder / "whitelist").write_text("")
    (folder / "whitelist").chmod(0o644)
    port = free_port()
    log = (root / "opentracker.log").open("wb")
    process = subprocess.Popen(
        [binary, "-i", "127.0.0.1", "-p", str(port), "-d", str(folder), "-w", "whitelist"],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=folder,
    )
    tracker = Tracker(port, folder, process)
    try:
        deadline = time.monotonic() + 10
        while True:
            if process.poll() is not None:
                output = (root / "opentracker.log").read_text(errors="replace")
                raise RuntimeError(f"opentracker exited with {process.returncode}: {output}")
            try:
                httpx.get(f"http://127.0.0.1:{port}/stats", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError("opentracker did not listen in time") from None
                time.sleep(0.02)
        yield tracker
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


def make_torrent(source: Path, trackers: Sequence[str] = ()) -> bytes:
    """A v1 .torrent of ``source`` (a file or a folder) announcing to ``trackers``."""
    made = lt.create_torrent(lt.list_files(str(source)), PIECE, flags=lt.create_torrent.v1_only)
    for tier, url in enumerate(trackers):
        made.add_tracker(url, tier)
    made.set_creator("mediastack tests")
    lt.set_piece_hashes(made, str(source.parent))
    return bytes(lt.bencode(made.generate()))


def info_hash(torrent: bytes) -> str:
    return str(lt.torrent_info(torrent).info_hashes().v1)


class Seeder:
    """A plain libtorrent session on loopback (DHT, LSD, UPnP, NAT-PMP off) that seeds
    torrents and tells their trackers, the way an ordinary peer of the swarm does.

    It listens, announces and connects from 127.0.0.2, another loopback address, as
    another host would: the tracker then lists it apart from a client on 127.0.0.1.
    (Clients that, like qBittorrent by default, keep one connection per IP address merge
    two peers of one address into one entry, and when the other entry is the client
    itself, nothing is ever downloaded. And when the tracker hands the seeder its own
    address, libtorrent bans the address a self-connection came from: had that been
    127.0.0.1, the client would be banned with it.)
    """

    def __init__(self, address: str = "127.0.0.2") -> None:
        params = lt.session_params()
        pack: Any = {
            "listen_interfaces": f"{address}:0",
            "outgoing_interfaces": address,
            "enable_dht": False,
            "enable_lsd": False,
            "enable_upnp": False,
            "enable_natpmp": False,
            "enable_incoming_utp": False,
            "enable_outgoing_utp": False,
            "alert_mask": lt.alert.category_t.status_notification
            | lt.alert.category_t.error_notification
            | lt.alert.category_t.tracker_notification,
        }
        params.settings = pack
        self.session = lt.session(params)
        self.handles: list[Any] = []
        self.announced: set[str] = set()
        self.errors: list[str] = []
        self.port = 0
        deadline = time.monotonic() + 10
        while not self.port:
            if time.monotonic() > deadline:
                raise RuntimeError("the seeder did not start listening")
            self._pump(0.2)

    def _pump(self, seconds: float) -> None:
        self.session.wait_for_alert(int(seconds * 1000))
        for alert in self.session.pop_alerts():
            if isinstance(alert, lt.listen_succeeded_alert) and str(alert.socket_type) == "tcp":
                self.port = int(alert.port)
            elif isinstance(alert, lt.tracker_reply_alert):
                self.announced.add(str(alert.handle.info_hashes().v1))
            elif isinstance(alert, lt.tracker_error_alert | lt.torrent_error_alert):
                self.errors.append(alert.message())

    def seed(self, torrent: bytes, save_path: Path, timeout: float = 20) -> None:
        """Seed the payload found under ``save_path``; returns once a tracker has answered
        the announce (the swarm now knows this peer)."""
        params = lt.add_torrent_params()
        params.ti = lt.torrent_info(torrent)
        params.save_path = str(save_path)
        params.flags &= ~lt.torrent_flags.auto_managed
        params.flags &= ~lt.torrent_flags.paused
        params.flags |= lt.torrent_flags.seed_mode
        self.handles.append(self.session.add_torrent(params))
        wanted = info_hash(torrent)
        deadline = time.monotonic() + timeout
        while wanted not in self.announced:
            if time.monotonic() > deadline:
                raise RuntimeError(f"no tracker answered the seeder's announce: {self.errors}")
            self._pump(0.1)

    def uploaded(self) -> int:
        return sum(int(h.status().all_time_upload) for h in self.handles)

    def close(self) -> None:
        for handle in self.handles:
            self.session.remove_torrent(handle)
        self.handles.clear()
