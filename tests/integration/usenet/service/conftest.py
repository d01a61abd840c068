"""Fixtures for the usenet service tests: a real NNTP server, a small release, the service.

The service runs in-process on loopback (``running_service``) with its own event loop in a
uvicorn thread; the NNTP test server gets its own loop thread too, so the tests themselves
can be plain synchronous code calling the API the way the managers do.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from mediastack.core.roles import Role
from tests.support.nntp_server import NntpTestServer
from tests.support.releases import Release, build_release, random_files
from tests.support.services import RunningService, clear_mediastack_env, running_service


class ThreadedNntp:
    """An :class:`NntpTestServer` on its own event loop thread."""

    def __init__(self, articles: dict[str, bytes], **kw: Any) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        future = asyncio.run_coroutine_threadsafe(NntpTestServer(articles, **kw).start(), self.loop)
        self.server: NntpTestServer = future.result(10)

    @property
    def port(self) -> int:
        return self.server.port

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def nntp() -> Iterator[Callable[..., ThreadedNntp]]:
    started: list[ThreadedNntp] = []

    def start(articles: dict[str, bytes], **kw: Any) -> ThreadedNntp:
        server = ThreadedNntp(articles, **kw)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def release(tmp_path: Path) -> Release:
    """Two data files (~1.2 MB), 10% par2 in 32 KiB blocks, 32 KiB articles."""
    files = random_files(
        tmp_path / "source", {"show.part1.bin": 700_000, "show.part2.bin": 500_000}
    )
    return build_release(
        files,
        name="Show.S01E01.1080p-GRP",
        part_size=32 * 1024,
        par2_redundancy=10,
        par2_block=32 * 1024,
    )


class Sab:
    """The SABnzbd API as the managers call it: GET with apikey and output=json."""

    def __init__(self, service: RunningService) -> None:
        self.service = service
        self.url = f"{service.url}/api"
        self.http = httpx.Client(timeout=30)

    def get(self, mode: str, **params: Any) -> Any:
        query = {"mode": mode, "apikey": self.service.api_key, "output": "json", **params}
        reply = self.http.get(self.url, params=query)
        reply.raise_for_status()
        return reply.json()

    def addfile(self, nzb: bytes, filename: str, **params: Any) -> Any:
        query = {"mode": "addfile", "apikey": self.service.api_key, "output": "json", **params}
        files = {"name": (filename, nzb, "application/x-nzb")}
        reply = self.http.post(self.url, params=query, files=files)
        reply.raise_for_status()
        return reply.json()

    def add_server(self, name: str, port: int, **extra: Any) -> Any:
        params = {
            "section": "servers", "keyword": name, "host": "127.0.0.1", "port": port,
            "ssl": 0, "ssl_verify": 0, "username": "", "password": "", "connections": 4,
            "priority": 0, "enable": 1, **extra,
        }  # fmt: skip
        return self.get("set_config", **params)

    def queue_slot(self, nzo_id: str) -> dict[str, Any] | None:
        slots = self.get("queue", start=0, limit=0)["queue"]["slots"]
        return next((s for s in slots if s["nzo_id"] == nzo_id), None)

    def history_slot(self, nzo_id: str) -> dict[str, Any] | None:
        slots = self.get("history", start=0, limit=60)["history"]["slots"]
        return next((s for s in slots if s["nzo_id"] == nzo_id), None)

    def wait_final(self, nzo_id: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            slot = self.history_slot(nzo_id)
            if slot is not None and slot["status"] in ("Completed", "Failed"):
                return slot
            time.sleep(0.05)
        raise AssertionError(f"{nzo_id} did not finish: {self.queue_slot(nzo_id)}")

    def wait_gone(self, nzo_id: str, timeout: float = 30) -> None:
        """Until a job is in neither queue nor history (and stays out)."""
        deadline = time.monotonic() + timeout
        while self.queue_slot(nzo_id) or self.history_slot(nzo_id):
            assert time.monotonic() < deadline, nzo_id
            time.sleep(0.05)
        time.sleep(0.2)
        assert self.queue_slot(nzo_id) is None and self.history_slot(nzo_id) is None


StartService = Callable[..., AbstractContextManager[Sab]]


@pytest.fixture
def start_service(tmp_path: Path) -> Iterator[StartService]:
    """Start (and stop) the usenet service on ``tmp_path``; call it again for a restart."""
    saved = clear_mediastack_env()

    @contextmanager
    def start(**service: Any) -> Iterator[Sab]:
        with running_service(Role.USENET, tmp_path / "data", service=service) as svc:
            sab = Sab(svc)
            try:
                yield sab
            finally:
                sab.http.close()

    try:
        yield start
    finally:
        os.environ.update(saved)


@pytest.fixture
def sab(start_service: StartService) -> Iterator[Sab]:
    with start_service() as api:
        yield api
