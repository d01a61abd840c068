"""Two replicas of a manager on one PostgreSQL database: one schedules, the other takes over.

Real processes (`mediastack serve tv`), a real PostgreSQL, a real SIGKILL.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from mediastack.core.db import normalise_url
from tests.support.databases import fresh_postgres_database
from tests.support.services import free_port

LEASE_SECONDS = 3
INTERVAL_SECONDS = 2


def start_replica(data_root: Path, url: str, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIASTACK_")}
    env.update(
        {
            "MEDIASTACK_PATHS__DATA_ROOT": str(data_root),
            "MEDIASTACK_HTTP__HOST": "127.0.0.1",
            "MEDIASTACK_HTTP__PORT": str(port),
            "DATABASE_URL": url,
            "MEDIASTACK_JOBS__LEASE_SECONDS": str(LEASE_SECONDS),
            "MEDIASTACK_JOBS__TICK_SECONDS": "0.3",
            "MEDIASTACK_JOBS__TASK_INTERVALS_SECONDS": f'{{"Housekeeping": {INTERVAL_SECONDS}}}',
        }
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "mediastack", "serve", "tv"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("replica did not start")


def lease_holder(engine: object) -> str | None:
    with engine.connect() as connection:  # type: ignore[attr-defined]
        return connection.execute(
            text("SELECT holder FROM leases WHERE name = 'scheduler:tv'")
        ).scalar()


def test_one_replica_schedules_and_the_other_takes_over(tmp_path: Path) -> None:
    with fresh_postgres_database() as url:
        engine = create_engine(normalise_url(url))
        first = start_replica(tmp_path, url, free_port())
        second = start_replica(tmp_path, url, free_port())
        try:
            time.sleep(INTERVAL_SECONDS * 3)
            holder = lease_holder(engine)
            assert holder is not None and f":{first.pid}:" in holder
            first.send_signal(signal.SIGKILL)
            first.wait()
            killed_at = time.monotonic()
            while f":{second.pid}:" not in (lease_holder(engine) or ""):
                assert time.monotonic() - killed_at < LEASE_SECONDS + 5, "no takeover"
                time.sleep(0.2)
            time.sleep(INTERVAL_SECONDS * 3)
            with engine.connect() as connection:
                rows = connection.execute(
                    text(
                        "SELECT queued_at, holder, status FROM commands "
                        "WHERE name = 'Housekeeping' ORDER BY queued_at"
                    )
                ).all()
        finally:
            for proc in (first, second):
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
                    proc.wait(timeout=30)
            engine.dispose()
    holders = {r.holder for r in rows if r.holder}
    assert any(f":{first.pid}:" in h for h in holders)  # the first ran scheduled work ...
    assert any(f":{second.pid}:" in h for h in holders)  # ... and the second took over
    gaps = [b.queued_at - a.queued_at for a, b in itertools.pairwise(rows)]
    # never scheduled twice: every run is at least one interval after the previous one
    assert all(gap >= timedelta(seconds=INTERVAL_SECONDS * 0.9) for gap in gaps), gaps
    assert all(r.status in ("completed", "failed") for r in rows[:-1])
