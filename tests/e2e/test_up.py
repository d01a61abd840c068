"""`mediastack up` as a user runs it: a subprocess in an empty folder."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

CATEGORY_FIELD = {"tv": "tvCategory", "movies": "movieCategory", "music": "musicCategory"}
DEFAULT_PORTS = {"tv": 8989, "movies": 7878, "music": 8686, "torrent": 8080, "usenet": 8085}


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def pick_offset() -> int:
    for offset in range(21000, 40000, 137):
        if all(_free(p + offset) for p in DEFAULT_PORTS.values()):
            return offset
    raise RuntimeError("no free port range")


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("MEDIASTACK_")}


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"


def start_up(folder: Path, offset: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mediastack",
            "up",
            "--data",
            "data",
            "--host",
            "127.0.0.1",
            "--port-offset",
            str(offset),
        ],
        cwd=folder,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def wait_healthy(offset: int, proc: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    pending = dict(DEFAULT_PORTS)
    while pending:
        if proc.poll() is not None:
            raise AssertionError(proc.stdout.read().decode() if proc.stdout else "up exited")
        if time.monotonic() > deadline:
            raise AssertionError(f"not healthy: {sorted(pending)}")
        for role, port in list(pending.items()):
            try:
                if (
                    httpx.get(f"http://127.0.0.1:{port + offset}/healthz", timeout=1).status_code
                    == 200
                ):
                    del pending[role]
            except httpx.HTTPError:
                pass
        time.sleep(0.3)


def credentials(folder: Path) -> dict[str, dict[str, str]]:
    out = subprocess.run(
        [sys.executable, "-m", "mediastack", "credentials", "--data", "data"],
        cwd=folder,
        env=env(),
        capture_output=True,
        check=True,
    )
    data = json.loads(out.stdout)
    assert isinstance(data, dict)
    return data


def stop(proc: subprocess.Popen[bytes]) -> list[int]:
    kids = children_of(proc.pid)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0
    deadline = time.monotonic() + 10
    while any(alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return [k for k in kids if alive(k)]


def test_up_runs_wires_and_stops_the_whole_stack(tmp_path: Path) -> None:
    offset = pick_offset()
    proc = start_up(tmp_path, offset)
    try:
        wait_healthy(offset, proc)
        assert len(children_of(proc.pid)) == 5
        creds = credentials(tmp_path)
        assert set(creds) == {"tv", "movies", "music", "torrent", "usenet"}
        assert creds["usenet"]["url"].endswith(str(8085 + offset))  # moved off 8080

        for role, api, category in (
            ("tv", "v3", "tv"),
            ("movies", "v3", "movies"),
            ("music", "v1", "music"),
        ):
            clients = httpx.get(
                f"{creds[role]['url']}/api/{api}/downloadclient",
                headers={"X-Api-Key": creds[role]["api_key"]},
            ).json()
            assert sorted(c["implementation"] for c in clients) == ["QBittorrent", "Sabnzbd"]
            for client in clients:
                fields = {f["name"]: f["value"] for f in client["fields"]}
                assert (
                    fields[f"{ {'tv': 'tv', 'movies': 'movie', 'music': 'music'}[role] }Category"]
                    == category
                )
                assert fields["password"] in ("", "********")  # secrets are never echoed

        torrent = creds["torrent"]
        login = httpx.post(
            f"{torrent['url']}/api/v2/auth/login",
            data={"username": torrent["username"], "password": torrent["password"]},
        )
        assert login.text == "Ok."
        usenet = httpx.get(
            f"{creds['usenet']['url']}/api",
            params={"mode": "queue", "output": "json", "apikey": creds["usenet"]["api_key"]},
        )
        assert usenet.json()["queue"]["slots"] == []
    finally:
        leftovers = stop(proc)
    assert leftovers == [], "SIGINT left child processes running"

    # A second `up` in the same folder reuses the same configuration and keys.
    proc = start_up(tmp_path, offset)
    try:
        wait_healthy(offset, proc)
        assert credentials(tmp_path) == creds
    finally:
        assert stop(proc) == []


def test_up_restarts_a_crashed_child(tmp_path: Path) -> None:
    offset = pick_offset()
    proc = start_up(tmp_path, offset)
    try:
        wait_healthy(offset, proc)
        before = set(children_of(proc.pid))
        victim = min(before)
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            now = set(children_of(proc.pid))
            if len(now) == 5 and victim not in now:
                break
            time.sleep(0.2)
        assert victim not in children_of(proc.pid) and len(children_of(proc.pid)) == 5
        wait_healthy(offset, proc)
    finally:
        assert stop(proc) == []


def test_busy_port_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    offset = pick_offset()
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 8989 + offset))
        blocker.listen()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "mediastack",
                "up",
                "--data",
                "data",
                "--host",
                "127.0.0.1",
                "--port-offset",
                str(offset),
            ],
            cwd=tmp_path,
            env=env(),
            capture_output=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert b"already in use" in result.stderr
