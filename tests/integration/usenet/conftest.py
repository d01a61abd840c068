"""Fixtures for engine tests against a real (in-process) NNTP server."""

from __future__ import annotations

import hashlib
import json
import stat
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from mediastack.usenet.engine import JobPipeline, JobResult, JobSettings, ServerConfig, ServerPool
from mediastack.usenet.engine.nzb import parse_nzb
from mediastack.usenet.engine.postprocess.par2 import find_par2
from tests.support.nntp_server import NntpTestServer
from tests.support.releases import Release, build_release, random_files


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


@pytest.fixture
def md5() -> Callable[[Path], str]:
    return _md5


def _server_config(server: NntpTestServer, name: str = "primary", **kw: Any) -> ServerConfig:
    defaults: dict[str, Any] = {"connections": 4, "timeout": 10}
    return ServerConfig(name=name, host=server.host, port=server.port, **{**defaults, **kw})


@pytest.fixture
def payload(tmp_path: Path) -> Callable[..., list[Path]]:
    """Random payload files in a fresh source folder."""

    def make(sizes: dict[str, int], seed: int = 1) -> list[Path]:
        return random_files(tmp_path / "source", sizes, seed)

    return make


@pytest.fixture
def release(payload: Callable[..., list[Path]]) -> Release:
    """Two data files (~3 MB), 10% par2 in 64 KiB blocks, 64 KiB articles."""
    files = payload({"movie.part1.bin": 1_700_000, "movie.part2.bin": 1_300_000})
    return build_release(files, part_size=64 * 1024, par2_redundancy=10)


async def _run_job(
    release: Release,
    servers: Sequence[ServerConfig],
    tmp_path: Path,
    *,
    password: str | None = None,
    name: str | None = None,
    **settings: Any,
) -> JobResult:
    nzb = parse_nzb(release.nzb)
    job_settings = JobSettings(complete_dir=tmp_path / "complete", **settings)
    async with ServerPool(servers) as pool:
        job = JobPipeline(
            nzb,
            name=name or release.name,
            job_dir=tmp_path / "incomplete" / release.name,
            pool=pool,
            settings=job_settings,
            password=password,
        )
        return await job.run()


@pytest.fixture
async def serve() -> AsyncIterator[Callable[..., Any]]:
    """Start NntpTestServers; all are stopped at the end of the test."""
    started: list[NntpTestServer] = []

    async def start(articles: dict[str, bytes], **kw: Any) -> NntpTestServer:
        server = await NntpTestServer(articles, **kw).start()
        started.append(server)
        return server

    yield start
    for server in started:
        await server.stop()


@pytest.fixture
def server_config() -> Callable[..., ServerConfig]:
    """ServerConfig pointing at a test server (4 connections, 10 s timeout by default)."""
    return _server_config


@pytest.fixture
def run_job(tmp_path: Path) -> Callable[..., Any]:
    """Run a release through a whole JobPipeline; returns the JobResult."""

    async def run(release: Release, servers: Sequence[ServerConfig], **kw: Any) -> JobResult:
        return await _run_job(release, servers, tmp_path, **kw)

    return run


@pytest.fixture
def par2_calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[list[str]]]:
    """Reads every par2 command line the jobs of this test ran (the real par2 still does
    the work): ``MEDIASTACK_PAR2`` points at a recorder that execs it."""
    real = find_par2()
    log = tmp_path / "par2-calls.jsonl"
    log.touch()
    recorder = tmp_path / "par2-recorder"
    recorder.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        f"with open({str(log)!r}, 'a') as out:\n"
        "    out.write(json.dumps(sys.argv[1:]) + '\\n')\n"
        f"os.execv({real!r}, [{real!r}, *sys.argv[1:]])\n"
    )
    recorder.chmod(recorder.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("MEDIASTACK_PAR2", str(recorder))

    def read() -> list[list[str]]:
        return [json.loads(line) for line in log.read_text().splitlines()]

    return read
