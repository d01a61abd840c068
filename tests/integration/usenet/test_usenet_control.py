"""Pause, resume and cancel a running download; routing by retention; no servers at all."""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mediastack.usenet.engine import DownloadJob, ServerConfig, ServerPool, parse_nzb
from mediastack.usenet.engine.pool import ArticleOutcome, ArticleRequest, OutcomeKind
from tests.support.releases import Release, build_release, yenc_article

Fixture = Callable[..., Any]


def slow_release(payload: Fixture) -> Release:
    return build_release(payload({"a.bin": 1_000_000}), part_size=16 * 1024)


async def wait_for(predicate: Callable[[], bool], timeout: float = 10) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)


async def test_pause_stops_fetching_and_resume_finishes(
    payload: Fixture, serve: Fixture, server_config: Fixture, tmp_path: Path, md5: Fixture
) -> None:
    release = slow_release(payload)
    server = await serve(release.articles, body_delay=0.003)
    nzb = parse_nzb(release.nzb)
    async with ServerPool([server_config(server, connections=1, pipelining=1)]) as pool:
        job = DownloadJob(nzb, tmp_path / "job", pool, max_outstanding=2)
        task = asyncio.create_task(job.download())
        await wait_for(lambda: job.stats.articles_done >= 5)
        job.pause()
        await asyncio.sleep(0.1)  # what was in flight lands
        during_pause = sum(server.body_requests.values())
        await asyncio.sleep(0.3)
        assert sum(server.body_requests.values()) == during_pause
        assert job.stats.articles_done < job.stats.articles_total
        job.resume()
        result = await task
        job.close()
    assert result.ok and result.bad_articles == 0
    assert job.stats.bytes_left == 0 and job.stats.articles_done == job.stats.articles_total
    assert all(n == 1 for n in server.body_requests.values())
    assert md5(tmp_path / "job" / "a.bin") == md5(release.files["a.bin"])


async def test_cancel_stops_the_download_promptly(
    payload: Fixture, serve: Fixture, server_config: Fixture, tmp_path: Path
) -> None:
    release = slow_release(payload)
    server = await serve(release.articles, body_delay=0.003)
    nzb = parse_nzb(release.nzb)
    async with ServerPool([server_config(server, connections=2)]) as pool:
        job = DownloadJob(nzb, tmp_path / "job", pool)
        task = asyncio.create_task(job.download())
        await wait_for(lambda: job.stats.articles_done >= 5)
        job.cancel()
        at_cancel = sum(server.body_requests.values())
        result = await asyncio.wait_for(task, 5)
        job.close()
        await asyncio.sleep(0.3)
        # Only commands already pipelined (2 connections x 4) may still be answered.
        requested = sum(server.body_requests.values())
        assert requested <= at_cancel + 2 * 4
    assert result.cancelled and not result.ok
    assert requested < len(release.articles)


async def test_retention_sends_old_articles_to_the_server_that_keeps_them(
    payload: Fixture, serve: Fixture, server_config: Fixture
) -> None:
    crc = zlib.crc32(b"data")
    body = yenc_article(b"data", name="x", part=1, total=1, begin=0, file_size=4, file_crc=crc)
    articles = {"old@x": body, "new@x": body}
    short = await serve(articles)
    long = await serve(articles)
    outcomes: list[ArticleOutcome] = []
    now = time.time()
    servers = [
        server_config(short, name="short", retention=10),
        server_config(long, name="long", retention=4000, priority=1),
    ]
    async with ServerPool(servers) as pool:
        pool.submit(ArticleRequest("old@x", outcomes.append, posted=int(now - 100 * 86400)))
        pool.submit(ArticleRequest("new@x", outcomes.append, posted=int(now - 86400)))
        await wait_for(lambda: len(outcomes) == 2)
    assert short.fetched == {"new@x"} and long.fetched == {"old@x"}
    assert [o.kind for o in outcomes] == [OutcomeKind.OK, OutcomeKind.OK]


async def test_pool_without_servers_reports_unavailable() -> None:
    outcomes: list[ArticleOutcome] = []
    async with ServerPool([]) as pool:
        pool.submit(ArticleRequest("a@x", outcomes.append))
    assert [o.kind for o in outcomes] == [OutcomeKind.UNAVAILABLE]
    assert outcomes[0].message == "no server enabled for this article"


async def test_closing_the_pool_does_not_wait_for_a_silent_server(
    server_config: Fixture, monkeypatch: Any
) -> None:
    """A server that accepts the connection but never greets: the connecting thread is
    stuck until its timeout, but stopping the service must not wait that long."""
    import socket

    from mediastack.usenet.engine import pool as pool_module

    monkeypatch.setattr(pool_module, "_JOIN_TIMEOUT_S", 0.5)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        config = ServerConfig(name="silent", host="127.0.0.1", port=port, timeout=30)
        pool = ServerPool([config])
        pool.submit(ArticleRequest("a@x", lambda outcome: None))
        await asyncio.sleep(0.2)  # the thread is now waiting for a greeting
        started = time.monotonic()
        await pool.close()
        assert time.monotonic() - started < 3
