"""TV library API benchmark: ``GET /api/v3/series`` and ``/api/v3/episode?seriesId=`` on a
library of 2,000 series and 200,000 episodes, on SQLite and on PostgreSQL.

Usage::

    python benchmarks/tv_library_bench.py [--series 2000] [--requests 30]
        [--cold-requests 10] [--bulk-requests 3] [--episode-requests 200]
        [--backends sqlite,postgres] [--pg-url URL]
        [--scratch /tmp/tvlib] [--json]

The TV service runs as its own process (``mediastack serve tv``), as in production; the
library is written into its database in bulk after it has migrated it
(``benchmarks/tv_bench_library.py``), and this process times sequential requests over
loopback with one keep-alive connection: wall-clock latency per request, median and p95.
``GET /series`` is timed with the library unchanged between requests, after a change to one
episode (through the API) before each request, and after a change to every series (written
into the database directly) before each request, which makes the service read the whole
list again.
Without ``--pg-url`` a throwaway PostgreSQL cluster is started from Debian's server binaries
(the way ``scripts/test`` does) on a free loopback port and removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_postgres import free_port, on_backends, report_head  # noqa: E402
from tv_bench_library import library, populate  # noqa: E402

API_KEY = "0123456789abcdef0123456789abcdef"


@contextmanager
def tv_service(
    root: Path, database_url: str | None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MEDIASTACK_")},
        "MEDIASTACK_PATHS__DATA_ROOT": str(root),
        "MEDIASTACK_HTTP__HOST": "127.0.0.1",
        "MEDIASTACK_HTTP__PORT": str(port),
        "MEDIASTACK_AUTH__API_KEY": API_KEY,
        "MEDIASTACK_SERVICE__METADATA__TVMAZE_URL": f"http://127.0.0.1:{free_port()}",
        "MEDIASTACK_SERVICE__METADATA__DOWNLOAD_IMAGES": "false",
    }
    if database_url:
        env["MEDIASTACK_DATABASE__URL"] = database_url
    exe = Path(sys.executable).with_name("mediastack")
    log = (root / "service.log").open("wb")
    proc = subprocess.Popen(
        [str(exe), "serve", "tv"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{url}/ping", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the TV service did not start; see {root / 'service.log'}")
        time.sleep(0.2)
    try:
        yield url, proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(
    client: httpx.Client, path: str, params: dict[str, Any] | None = None
) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(path, params=params)
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed, len(response.content)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def bench_backend(
    name: str, root: Path, database_url: str | None, args: argparse.Namespace
) -> dict[str, Any]:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    series = library(args.series)
    with tv_service(root, database_url) as (url, proc):
        engine_url = database_url or f"sqlite:///{root / 'config' / 'sonarr' / 'sonarr.db'}"
        if not database_url and not Path(engine_url.removeprefix("sqlite:///")).exists():
            found = sorted((root / "config").glob("*/*.db"))
            engine_url = f"sqlite:///{found[0]}"
        engine = create_engine(engine_url.replace("postgresql://", "postgresql+psycopg://"))
        loaded = time.perf_counter()
        episodes = populate(engine, series)
        load_s = time.perf_counter() - loaded
        rng = random.Random(3)
        with httpx.Client(
            base_url=f"{url}/api/v3", headers={"X-Api-Key": API_KEY}, timeout=120
        ) as client:
            listed = client.get("/series").json()
            assert len(listed) == len(series), len(listed)
            for _ in range(3):  # warm-up
                timed(client, "/series")
                timed(client, "/episode", {"seriesId": rng.choice(series).id})
            cpu_before = cpu_seconds(proc.pid)
            series_times, sizes = [], []
            for _ in range(args.requests):
                elapsed, size = timed(client, "/series")
                series_times.append(elapsed)
                sizes.append(size)
            cpu_series = (cpu_seconds(proc.pid) - cpu_before) / args.requests
            # cold: a change in between (an episode's monitored flag through the API), so the
            # answer is rebuilt from the database each time
            cold_times, cold_cpu = [], 0.0
            episode_id = client.get("/episode", params={"seriesId": series[0].id}).json()[0]["id"]
            for i in range(args.cold_requests):
                client.put(f"/episode/{episode_id}", json={"monitored": i % 2 == 0})
                cpu_before = cpu_seconds(proc.pid)
                elapsed, _size = timed(client, "/series")
                cold_cpu += cpu_seconds(proc.pid) - cpu_before
                cold_times.append(elapsed)
            # a change to every series at once (written around the API, as an importer or a
            # bulk edit of the database would): the whole list is read again
            bulk_times, bulk_cpu = [], 0.0
            for i in range(args.bulk_requests):
                with engine.begin() as connection:
                    connection.execute(text("UPDATE series SET monitored = :m"), {"m": i % 2 == 1})
                cpu_before = cpu_seconds(proc.pid)
                elapsed, _size = timed(client, "/series")
                bulk_cpu += cpu_seconds(proc.pid) - cpu_before
                bulk_times.append(elapsed)
            cpu_before = cpu_seconds(proc.pid)
            episode_times = []
            for _ in range(args.episode_requests):
                elapsed, _size = timed(client, "/episode", {"seriesId": rng.choice(series).id})
                episode_times.append(elapsed)
            cpu_episode = (cpu_seconds(proc.pid) - cpu_before) / args.episode_requests
        engine.dispose()
    return {
        "backend": name,
        "series": len(series),
        "episodes": episodes,
        "load_s": round(load_s, 1),
        "series_list": {
            "median_ms": round(statistics.median(series_times) * 1000, 1),
            "p95_ms": round(p95(series_times) * 1000, 1),
            "server_cpu_ms": round(cpu_series * 1000, 1),
            "bytes": statistics.median(sizes),
        },
        "series_list_after_change": {
            "median_ms": round(statistics.median(cold_times) * 1000, 1),
            "p95_ms": round(p95(cold_times) * 1000, 1),
            "server_cpu_ms": round(cold_cpu / len(cold_times) * 1000, 1),
        },
        "series_list_after_bulk_change": {
            "median_ms": round(statistics.median(bulk_times) * 1000, 1) if bulk_times else None,
            "p95_ms": round(p95(bulk_times) * 1000, 1) if bulk_times else None,
            "server_cpu_ms": round(bulk_cpu / max(1, len(bulk_times)) * 1000, 1),
        },
        "episode_list": {
            "median_ms": round(statistics.median(episode_times) * 1000, 1),
            "p95_ms": round(p95(episode_times) * 1000, 1),
            "server_cpu_ms": round(cpu_episode * 1000, 1),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--cold-requests", type=int, default=10)
    parser.add_argument("--episode-requests", type=int, default=200)
    parser.add_argument("--bulk-requests", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--pg-url", default=os.environ.get("MEDIASTACK_TEST_POSTGRES_URL"))
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/tv-library-bench"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = on_backends(
        args.backends,
        args.pg_url,
        lambda name, url: bench_backend(name, args.scratch / name, url, args),
    )
    report = report_head() | {"results": results}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"machine: {report['machine']}; load {report['load']}")
    for r in results:
        s, e, c = r["series_list"], r["episode_list"], r["series_list_after_change"]
        b = r["series_list_after_bulk_change"]
        print(
            f"{r['backend']:>8}: {r['series']} series / {r['episodes']} episodes (loaded in "
            f"{r['load_s']} s)\n"
            f"          GET /series            median {s['median_ms']} ms, p95 {s['p95_ms']} ms, "
            f"server CPU {s['server_cpu_ms']} ms, {s['bytes'] / 1e6:.1f} MB (target p95 < 300 ms)\n"
            f"          ... after a change     median {c['median_ms']} ms, p95 {c['p95_ms']} ms, "
            f"server CPU {c['server_cpu_ms']} ms\n"
            f"          ... every series changed median {b['median_ms']} ms, p95 {b['p95_ms']} ms, "
            f"server CPU {b['server_cpu_ms']} ms\n"
            f"          GET /episode?seriesId= median {e['median_ms']} ms, p95 {e['p95_ms']} ms, "
            f"server CPU {e['server_cpu_ms']} ms"
        )


if __name__ == "__main__":
    main()
