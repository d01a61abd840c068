"""A restart mid-download resumes without fetching finished articles again; and the
benchmark client from ../shared/bench drives the API end to end."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mediastack.usenet.engine.job import ADMIN_DIR
from mediastack.usenet.engine.state import JobProgress
from tests.integration.usenet.service.conftest import StartService
from tests.support.releases import Release, md5

BENCH = Path("/work/shared/bench/usenet/sab_api_bench.py")


def test_restart_mid_download_resumes_without_refetching(
    start_service: StartService, release: Release, nntp: object
) -> None:
    server = nntp(release.articles, body_delay=0.1)  # type: ignore[operator]
    total = len(release.data_ids) + len(release.ids_of(".par2")) - len(release.ids_of(".vol"))
    with start_service(commit_interval_s=0.2) as sab:
        sab.add_server("main", server.port, connections=1)
        nzo_id = sab.addfile(release.nzb, f"{release.name}.nzb", cat="tv")["nzo_ids"][0]
        incomplete = sab.service.settings.downloads_dir / "usenet" / "incomplete"
        log = incomplete / release.name / ADMIN_DIR / "progress.log"
        deadline = time.monotonic() + 20
        while not log.exists() or log.read_bytes().count(b"\n") < total // 4:
            assert time.monotonic() < deadline, (
                sab.queue_slot(nzo_id),
                sorted(incomplete.rglob("*")),
            )
            time.sleep(0.02)
    finished = JobProgress(log).done
    assert 0 < len(finished) < total
    first_run = dict(server.server.body_requests)

    server.server.body_delay = 0.0
    with start_service() as sab:
        # Back in the queue after the restart (or already finished: nothing slows it now).
        assert sab.queue_slot(nzo_id) is not None or sab.history_slot(nzo_id) is not None
        final = sab.wait_final(nzo_id)
    assert final["status"] == "Completed", final
    storage = Path(final["storage"])
    for name in ("show.part1.bin", "show.part2.bin"):
        assert md5(storage / name) == md5(release.files[name])
    counts = server.server.body_requests
    assert all(counts[m] == first_run[m] for m in finished), "a finished article was refetched"
    assert set(counts) >= set(release.data_ids)


@pytest.mark.skipif(not BENCH.exists(), reason="shared bench not available")
@pytest.mark.parametrize("upload", [False, True])
def test_sab_api_bench_flow(
    start_service: StartService, release: Release, nntp: object, upload: bool
) -> None:
    server = nntp(release.articles)  # type: ignore[operator]
    with start_service() as sab:
        sab.add_server("main", server.port)
        nzb = sab.service.settings.downloads_dir / "bench" / f"{release.name}.nzb"
        nzb.parent.mkdir(parents=True)
        nzb.write_bytes(release.nzb)
        args = [sys.executable, str(BENCH), "--url", sab.service.url]
        args += ["--apikey", sab.service.api_key, "--nzb", str(nzb), "--category", "tv"]
        run = subprocess.run(
            args + (["--upload"] if upload else []), capture_output=True, text=True, timeout=60
        )
        assert run.returncode == 0, run.stdout + run.stderr
        result = json.loads(run.stdout)
        assert result["status"] == "Completed"
        assert result["bytes"] > 1_000_000
        assert result["storage"].endswith(f"/usenet/tv/{release.name}")
        assert isinstance(result["stage_log"], list) and result["stage_log"]


def test_watched_folder_adds_nzbs_with_the_subfolder_as_category(
    start_service: StartService, release: Release, nntp: object, tmp_path: Path
) -> None:
    server = nntp(release.articles)  # type: ignore[operator]
    watch = tmp_path / "watch"
    with start_service(watch_dir=str(watch), watch_interval_s=0.1) as sab:
        sab.add_server("main", server.port)
        (watch / "tv").mkdir(parents=True)
        (watch / "tv" / "Watched.Job.nzb").write_bytes(release.nzb)
        (watch / "broken.nzb").write_bytes(b"<nzb")
        deadline = time.monotonic() + 10
        while (
            not (watch / "broken.nzb.bad").exists() or (watch / "tv" / "Watched.Job.nzb").exists()
        ):
            assert time.monotonic() < deadline, sorted(watch.rglob("*"))
            time.sleep(0.05)
        [slot] = sab.get("history")["history"]["slots"] or sab.get("queue")["queue"]["slots"]
        final = sab.wait_final(slot["nzo_id"])
        assert final["name"] == "Watched.Job" and final["category"] == "tv"
        assert final["status"] == "Completed"
