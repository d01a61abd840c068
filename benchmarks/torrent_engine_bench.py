#!/usr/bin/env python3
"""Loopback throughput: our TorrentEngine vs a bare libtorrent session, same seeder.

  python benchmarks/torrent_engine_bench.py --scratch /tmp/tbench --size-mib 1024 --runs 3

Uses the shared bench rig beside the repository (``../shared/bench/torrent``): its
``make_payload.py`` writes the payload, its ``seeder.py`` seeds it on 127.0.0.1 (TCP only),
its ``leech_lt.py`` is the bare-libtorrent reference. Our engine runs in a child process of
this script (``--child``) so its CPU time and anonymous RSS are its own. Each run downloads
the whole payload into a fresh folder; the medians are printed as one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = REPO.parent / "shared" / "bench" / "torrent"


def _rss_anon_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def child(torrent: Path, save: Path, config: Path, seed_port: int) -> dict[str, Any]:
    """One engine download; returns the measurements."""
    from mediastack.torrent.engine import (
        EngineEvent,
        EventKind,
        TorrentEngine,
        TorrentEngineSettings,
    )

    settings = TorrentEngineSettings(
        save_path=save,
        config_dir=config,
        listen_interface="127.0.0.1",
        listen_port=0,
        enable_dht=False,
        enable_pex=False,
        enable_lsd=False,
        enable_upnp=False,
        enable_natpmp=False,
    )
    done = threading.Event()
    states: list[tuple[float, str]] = []
    engine = TorrentEngine(settings)
    engine.start()

    def on_event(event: EngineEvent) -> None:
        if event.kind is EventKind.FINISHED:
            done.set()

    engine.subscribe(on_event)
    data = torrent.read_bytes()
    anon_max = 0.0
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.monotonic()
    info_hash = engine.add_torrent_file(data)
    engine.add_peers([info_hash], [f"127.0.0.1:{seed_port}"])
    while not done.wait(0.25):
        state = engine.get(info_hash).state.value
        if not states or states[-1][1] != state:
            states.append((round(time.monotonic() - t0, 2), state))
        anon_max = max(anon_max, _rss_anon_mib())
        if time.monotonic() - t0 > 600:
            break
    wall = time.monotonic() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    size = engine.get(info_hash).total_size
    engine.stop()
    cpu = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
    return {
        "client": "mediastack-engine",
        "completed": done.is_set(),
        "bytes": size,
        "wall_s": round(wall, 2),
        "MBps": round(size / 1e6 / wall, 1),
        "cpu_s": round(cpu, 2),
        "rss_anon_mib_sampled_max": round(anon_max, 1),
        "peak_rss_mib": round(cpu1.ru_maxrss / 1024.0, 1),
        "states": states,
    }


def _run_json(cmd: list[str]) -> dict[str, Any]:
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--scratch", type=Path, required=True)
    ap.add_argument("--size-mib", type=int, default=1024)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--seed-port", type=int, default=6891)
    ap.add_argument("--child", nargs=4, metavar=("TORRENT", "SAVE", "CONFIG", "PORT"))
    a = ap.parse_args(argv)

    if a.child:
        torrent, save, config, port = a.child
        print(json.dumps(child(Path(torrent), Path(save), Path(config), int(port))))
        return 0

    py = sys.executable
    seed_dir = a.scratch / "seed"
    torrent = seed_dir / "bench.torrent"
    if not torrent.exists():
        subprocess.run(
            [py, str(a.bench_dir / "make_payload.py"), "--out", str(seed_dir), "--name", "bench",
             "--size-mib", str(a.size_mib)],
            check=True,
        )  # fmt: skip
    with open(seed_dir / "bench", "rb") as f:  # warm the page cache (README: cold reads dominate)
        while f.read(16 << 20):
            pass
    seeder = subprocess.Popen(
        [py, str(a.bench_dir / "seeder.py"), "--port", str(a.seed_port), "--data", str(seed_dir),
         "--trust-data", str(torrent)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    results: dict[str, list[dict[str, Any]]] = {"bare": [], "engine": []}
    try:
        assert seeder.stdout is not None
        ready = seeder.stdout.readline()
        if not ready.startswith("READY"):
            raise RuntimeError(f"seeder did not start: {ready!r}")
        for run in range(a.runs):
            for kind in ("bare", "engine"):
                target = a.scratch / f"{kind}-{run}"
                shutil.rmtree(target, ignore_errors=True)
                if kind == "bare":
                    cmd = [py, str(a.bench_dir / "leech_lt.py"), "--torrent", str(torrent),
                           "--save", str(target / "data"), "--seed-port", str(a.seed_port),
                           "--port", str(a.seed_port + 1)]  # fmt: skip
                else:
                    cmd = [py, __file__, "--scratch", str(a.scratch), "--child",
                           str(torrent), str(target / "data"), str(target / "config"),
                           str(a.seed_port)]  # fmt: skip
                result = _run_json(cmd)
                results[kind].append(result)
                shown = {k: v for k, v in result.items() if k != "progress_samples"}
                print(kind, run, json.dumps(shown), file=sys.stderr, flush=True)
                shutil.rmtree(target, ignore_errors=True)
    finally:
        seeder.terminate()
        seeder.wait(10)

    def median(kind: str, key: str) -> float:
        return float(statistics.median(float(r[key]) for r in results[kind]))

    summary = {
        "size_mib": a.size_mib,
        "runs": a.runs,
        "bare_MBps_median": median("bare", "MBps"),
        "engine_MBps_median": median("engine", "MBps"),
        "engine_vs_bare": round(median("engine", "MBps") / median("bare", "MBps"), 3),
        "bare_cpu_s_median": median("bare", "cpu_s"),
        "engine_cpu_s_median": median("engine", "cpu_s"),
        "bare_rss_anon_mib_max_median": median("bare", "rss_anon_mib_sampled_max"),
        "engine_rss_anon_mib_max_median": median("engine", "rss_anon_mib_sampled_max"),
        "engine_first_states": results["engine"][0].get("states", [])[:4],
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
