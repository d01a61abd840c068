"""``mediastack serve torrent`` killed with SIGKILL keeps its torrents, categories and data.

The service runs as a real child process configured only by environment variables (as a
Kubernetes pod is), so this also proves the ``service:`` section is read from
``MEDIASTACK_SERVICE__*``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import libtorrent as lt
import qbittorrentapi

from tests.support.services import free_port

from .conftest import LOOPBACK, PASSWORD, client_for

Fn = Callable[..., Any]


def _serve(root: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIASTACK_")}
    env |= {
        "MEDIASTACK_PATHS__DATA_ROOT": str(root),
        "MEDIASTACK_HTTP__HOST": "127.0.0.1",
        "MEDIASTACK_HTTP__PORT": str(port),
        "MEDIASTACK_AUTH__PASSWORD": PASSWORD,
    }
    env |= {f"MEDIASTACK_SERVICE__{k.upper()}": str(v).lower() for k, v in LOOPBACK.items()}
    code = "from mediastack.cli import main; main()"
    log = (root.parent / "serve.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-c", code, "serve", "torrent"], env=env, stdout=log, stderr=log
    )


def _wait_up(url: str, child: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert child.poll() is None, "the service exited"
        try:
            if httpx.get(f"{url}/api/v2/app/webapiVersion", timeout=1).status_code == 403:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("the service did not start")


def test_kill_9_keeps_torrents(
    tmp_path: Path, start_service: Fn, seeder: Fn, payload_factory: Fn, wait_for: Fn
) -> None:
    payload = payload_factory("Crash", [120_000, 80_000])
    port = seeder(payload)
    root = tmp_path / "data"
    root.mkdir()
    web = free_port()
    child = _serve(root, web)
    try:
        url = f"http://127.0.0.1:{web}"
        _wait_up(url, child)
        qbt = client_for(url)
        qbt.torrents_create_category(name="tv")
        qbt.torrents_add(torrent_files=payload.torrent, category="tv", tags="crash")
        wait_for(lambda: qbt.torrents_info(torrent_hashes=payload.info_hash))
        qbt.torrents_add_peers(peers=f"127.0.0.1:{port}", torrent_hashes=payload.info_hash)
        wait_for(lambda: qbt.torrents_info(torrent_hashes=payload.info_hash)[0]["progress"] == 1)
        time.sleep(1.5)  # one periodic resume save (resume_save_interval = 1 s)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL

    with start_service(root) as svc:
        again: qbittorrentapi.Client = client_for(svc.url)
        rows = again.torrents_info()
        assert [t["hash"] for t in rows] == [payload.info_hash]
        assert rows[0]["category"] == "tv" and rows[0]["tags"] == "crash"
        assert "tv" in again.torrents_categories()
        wait_for(lambda: again.torrents_info()[0]["progress"] == 1)
        for rel, data in payload.files.items():
            assert (root / "downloads" / "torrents" / "tv" / rel).read_bytes() == data


def _tiny_torrents(count: int) -> list[bytes]:
    """Metadata-only torrents (one 16 KiB file, a random piece hash): cheap to add."""
    blobs = []
    for i in range(count):
        fs = lt.file_storage()
        fs.add_file(f"tiny-{i:03d}.bin", 16384)
        with warnings.catch_warnings():  # the file_storage constructor is deprecated
            warnings.simplefilter("ignore", DeprecationWarning)
            ct = lt.create_torrent(fs, 16384, flags=lt.create_torrent.v1_only)
        ct.set_hash(0, os.urandom(20))
        blobs.append(lt.bencode(ct.generate()))
    return blobs


def test_kill_9_right_after_bulk_adds_keeps_every_torrent(
    tmp_path: Path, start_service: Fn
) -> None:
    """Adds answered ``Ok.`` are durable at once, even when a request carries many files."""
    blobs = _tiny_torrents(80)
    hashes = {str(lt.torrent_info(b).info_hashes().v1) for b in blobs}
    root = tmp_path / "data"
    root.mkdir()
    web = free_port()
    child = _serve(root, web)
    try:
        url = f"http://127.0.0.1:{web}"
        _wait_up(url, child)
        with httpx.Client(base_url=f"{url}/api/v2/", timeout=30) as http:
            login = http.post("auth/login", data={"username": "admin", "password": PASSWORD})
            assert login.text == "Ok."
            for start in range(0, len(blobs), 40):
                files = [
                    ("torrents", (f"t{start + i}.torrent", blob, "application/x-bittorrent"))
                    for i, blob in enumerate(blobs[start : start + 40])
                ]
                answer = http.post("torrents/add", data={"stopped": "true"}, files=files)
                assert answer.status_code == 200 and answer.text == "Ok."
    finally:
        os.kill(child.pid, signal.SIGKILL)  # no time for anything after the last answer
        child.wait(timeout=10)

    with start_service(root) as svc:
        rows = client_for(svc.url).torrents_info()
        assert {t["hash"] for t in rows} == hashes
        assert {t["state"] for t in rows} <= {"stoppedDL", "pausedDL"}, "added stopped"
