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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
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
