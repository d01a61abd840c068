"""A downloader killed with SIGKILL mid-job resumes without fetching finished articles again."""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mediastack.usenet.engine.job import ADMIN_DIR
from mediastack.usenet.engine.state import JobProgress
from tests.support.releases import build_release

Fixture = Callable[..., Any]
CHILD = Path(__file__).with_name("_usenet_download_child.py")


async def start_child(nzb: Path, job_dir: Path, port: int) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(CHILD),
        str(nzb),
        str(job_dir),
        str(port),
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


async def test_sigkill_then_resume_fetches_no_finished_article_twice(
    tmp_path: Path, payload: Fixture, serve: Fixture, md5: Fixture
) -> None:
    files = payload({"a.bin": 2_000_000, "b.bin": 1_500_000})
    release = build_release(files, part_size=32 * 1024)
    total = len(release.articles)
    nzb = tmp_path / "job.nzb"
    nzb.write_bytes(release.nzb)
    job_dir = tmp_path / "incomplete" / "job"
    log = job_dir / ADMIN_DIR / "progress.log"
    server = await serve(release.articles, body_delay=0.01)

    child = await start_child(nzb, job_dir, server.port)
    async with asyncio.timeout(30):
        while not log.exists() or log.read_bytes().count(b"\n") < total // 4:
            await asyncio.sleep(0.02)
    child.kill()
    await child.wait()

    finished = JobProgress(log).done
    assert total // 4 <= len(finished) < total
    first_run = Counter(server.body_requests)
    assert finished <= set(first_run)

    server.body_delay = 0.0
    child = await start_child(nzb, job_dir, server.port)
    out, _ = await child.communicate()
    assert out.decode().split()[0] == "done"

    second_run = server.body_requests - first_run
    assert not finished & set(second_run), "a finished article was fetched again"
    assert set(server.body_requests) == set(release.articles)
    # Only articles in flight (or written but not yet committed) at the kill are fetched twice.
    assert max(server.body_requests.values()) <= 2
    for name in ("a.bin", "b.bin"):
        assert md5(job_dir / name) == md5(release.files[name])


@pytest.mark.slow
async def test_memory_stays_bounded_on_a_larger_release(
    tmp_path: Path, payload: Fixture, serve: Fixture, md5: Fixture
) -> None:
    """200 MB through the real child downloader: its peak RSS must not follow the size."""
    files = payload({f"big{n}.bin": 50_000_000 for n in range(4)})
    release = build_release(files, part_size=700 * 1024)
    nzb = tmp_path / "big.nzb"
    nzb.write_bytes(release.nzb)
    server = await serve(release.articles)
    child = await start_child(nzb, tmp_path / "job", server.port)
    out, _ = await child.communicate()
    status, peak_kib = out.decode().split()
    assert status == "done"
    peak_mib = int(peak_kib) / 1024
    assert peak_mib < 150, f"downloader peaked at {peak_mib:.0f} MiB for 200 MB"
    assert md5(tmp_path / "job" / "big3.bin") == md5(release.files["big3.bin"])
