#!/usr/bin/env python3
"""The torrent service side by side: ours, a bare libtorrent session and qbittorrent-nox.

One command runs issue 3's torrent benchmarks on loopback:

* throughput: a 1 GiB payload (``make_payload.py``, reused when present) seeded by the
  shared ``seeder.py`` (TCP only), downloaded by

  - ``lt``: the bare libtorrent reference ``leech_lt.py``,
  - ``ours``: ``mediastack serve torrent`` (a fresh data root per run, started once to
    create its database and then again, as a service runs after its first start; the
    first start's idle RssAnon is recorded too), driven through its qBittorrent WebAPI by
    ``leech_qbt_api.py``,
  - ``nox``: qbittorrent-nox with its default (uTP-first, mixed) protocol setting,
  - ``nox-tcp``: qbittorrent-nox with ``Session\\BTProtocol=TCP``,

  interleaved, the order rotating every run, N runs each (``--runs``, default 3) after one
  unrecorded warm-up download by the bare session (the first run on a fresh seeder is
  slower). Reported: MB/s (10^6 B), client CPU seconds, anonymous RSS (sampled max of
  RssAnon; libtorrent maps payload files, so total RSS misleads) and time to first byte
  (the first ``downloading`` state seen by the driver's 0.25 s poll for the API clients, the
  first progress sample > 0 for the bare session; both upper bounds).
* latency: 2,000 tiny metadata-only torrents (16 KiB single-file, v1, random piece hash,
  generated in memory with libtorrent's ``create_torrent``) added paused in batches of 50
  to each service (fresh process), then ``GET torrents/info``, ``GET sync/maindata?rid=0``
  and the incremental ``sync/maindata?rid=<last>`` timed ``--reps`` times each (default
  100) over one persistent HTTP session; median and p95 in ms. ``--profile`` attaches
  ``py-spy record`` to our service during the adds and the latency loop.

    python benchmarks/torrent_service_bench.py --scratch /tmp/tsbench --runs 3

``--ours-env KEY=VALUE`` passes extra environment to our service (e.g. ``MALLOC_ARENA_MAX=2``).
Every result is appended as a JSON line to ``<scratch>/results.jsonl``; the summary tables
(markdown) are printed at the end. ``--summarize FILE`` reprints them without running.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = REPO.parent / "shared" / "bench" / "torrent"
sys.path.insert(0, str(REPO))  # one qBittorrent.conf for the tests and this benchmark
from tests.support.qbittorrent_nox import USERNAME as USER  # noqa: E402
from tests.support.qbittorrent_nox import nox_config  # noqa: E402

PASSWORD = "bench-password-1"
CLIENTS = ("lt", "ours", "nox", "nox-tcp")
OURS_ENV: dict[str, str] = {}  # --ours-env KEY=VALUE: extra environment of our service


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def rss_split(pid: int) -> dict[str, float]:
    out: dict[str, float] = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("RssAnon", "RssFile", "VmHWM"):
                out[key] = round(int(rest.split()[0]) / 1024.0, 1)
    return out


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- payload and seeder ---------------------------------------------------------------------


def ensure_payload(bench: Path, scratch: Path, size_mib: int) -> Path:
    seed = scratch / "seed"
    torrent = seed / "bench-1g.torrent"
    payload = seed / "bench-1g"
    if torrent.exists() and payload.exists() and payload.stat().st_size == size_mib << 20:
        log(f"reusing payload {payload}")
    else:
        free_gib = shutil.disk_usage(scratch).free / 2**30
        if free_gib < size_mib / 1024 * 4 + 1:
            raise SystemExit(f"only {free_gib:.1f} GiB free under {scratch}")
        log(f"making a {size_mib} MiB payload with make_payload.py")
        subprocess.run(
            [
                sys.executable,
                str(bench / "make_payload.py"),
                "--out",
                str(seed),
                "--name",
                "bench-1g",
                "--size-mib",
                str(size_mib),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    with payload.open("rb") as f:  # warm the page cache: the seeder should read from memory
        while f.read(8 << 20):
            pass
    return torrent


@contextlib.contextmanager
def seeder(bench: Path, torrent: Path) -> Iterator[int]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            str(bench / "seeder.py"),
            "--port",
            str(port),
            "--data",
            str(torrent.parent),
            "--trust-data",
            str(torrent),
        ],
        cwd=bench,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line.startswith("READY"):
            raise RuntimeError(f"seeder did not start: {line!r}")
        log(f"seeder pid {proc.pid}: {line.strip()}")
        yield int(line.split()[1])
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- the services ----------------------------------------------------------------------------


def wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"service exited with {proc.returncode}")
        try:
            r = requests.get(url + "/api/v2/app/webapiVersion", timeout=1)
            if r.status_code in (200, 403):
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


class Service:
    """A running WebAPI client: url, pid, where it may save, how to stop it."""

    def __init__(self, name: str, proc: subprocess.Popen[bytes], url: str, save: Path) -> None:
        self.name, self.proc, self.url, self.save = name, proc, url, save
        self.first_start_anon: float | None = None  # ours: idle RssAnon of the first start

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def start_ours(root: Path) -> Service:
    """Our service as it runs after its first start: started once on a fresh data folder
    (which creates and migrates its database, the only time Alembic is loaded), stopped,
    and started again. The first start's idle RssAnon is kept for the record."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    first = _start_ours_once(root)
    time.sleep(IDLE_SETTLE_S)
    first.first_start_anon = rss_split(first.pid).get("RssAnon")
    first.stop()
    svc = _start_ours_once(root)
    svc.first_start_anon = first.first_start_anon
    return svc


IDLE_SETTLE_S = 2.0


def _start_ours_once(root: Path) -> Service:
    port = free_port()
    env = {
        **os.environ,
        "MEDIASTACK_PATHS__DATA_ROOT": str(root),
        "MEDIASTACK_HTTP__HOST": "127.0.0.1",
        "MEDIASTACK_HTTP__PORT": str(port),
        "MEDIASTACK_AUTH__PASSWORD": PASSWORD,
        "MEDIASTACK_SERVICE__LISTEN_INTERFACE": "127.0.0.1",
        "MEDIASTACK_SERVICE__LISTEN_PORT": str(free_port()),
        "MEDIASTACK_SERVICE__ENABLE_DHT": "false",
        "MEDIASTACK_SERVICE__ENABLE_PEX": "false",
        "MEDIASTACK_SERVICE__ENABLE_LSD": "false",
        "MEDIASTACK_SERVICE__ENABLE_UPNP": "false",
        "MEDIASTACK_SERVICE__ENABLE_NATPMP": "false",
        **OURS_ENV,
    }
    exe = Path(sys.executable).with_name("mediastack")
    with (root / "service.log").open("wb") as out:
        proc = subprocess.Popen(
            [str(exe), "serve", "torrent"], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    svc = Service("ours", proc, f"http://127.0.0.1:{port}", root / "downloads" / "torrents")
    try:
        wait_http(svc.url, proc)
    except Exception:
        svc.stop()
        raise
    return svc


def start_nox(root: Path, tcp_only: bool) -> Service:
    binary = shutil.which("qbittorrent-nox")
    if binary is None:
        raise RuntimeError("qbittorrent-nox is not installed")
    if root.exists():
        shutil.rmtree(root)
    config_dir = root / "profile" / "qBittorrent" / "config"
    config_dir.mkdir(parents=True)
    save = root / "downloads"
    save.mkdir()
    web_port = free_port()
    (config_dir / "qBittorrent.conf").write_text(
        nox_config(web_port, free_port(), save, PASSWORD, tcp_only=tcp_only)
    )
    env = {**os.environ, "HOME": str(root), "QT_QPA_PLATFORM": "offscreen"}
    with (root / "nox.log").open("wb") as out:
        proc = subprocess.Popen(
            [binary, f"--profile={root / 'profile'}", f"--webui-port={web_port}"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=root,
        )
    svc = Service("nox-tcp" if tcp_only else "nox", proc, f"http://127.0.0.1:{web_port}", save)
    try:
        wait_http(svc.url, proc)
    except Exception:
        svc.stop()
        raise
    return svc


def start_service(name: str, root: Path) -> Service:
    if name == "ours":
        return start_ours(root)
    return start_nox(root, tcp_only=name == "nox-tcp")


def nox_version() -> str:
    out = subprocess.run(["qbittorrent-nox", "--version"], capture_output=True, text=True)
    return (out.stdout + out.stderr).strip()


# --- throughput ------------------------------------------------------------------------------


def run_json(cmd: list[str], cwd: Path, timeout: float = 900) -> dict[str, Any]:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"{cmd[1]} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(lines[-1])


def first_download_time(states: list[list[Any]]) -> float | None:
    for t, state in states:
        if state in ("downloading", "uploading", "stalledUP", "pausedUP", "queuedUP"):
            return float(t)
    return None


def throughput_run(
    name: str, bench: Path, torrent: Path, scratch: Path, seed_port: int, run: int
) -> dict[str, Any]:
    subprocess.run(["sync"], check=False)
    load = loadavg()
    if name == "lt":
        save = scratch / "dl" / f"lt-{run}"
        save.mkdir(parents=True, exist_ok=True)
        try:
            r = run_json(
                [
                    sys.executable,
                    str(bench / "leech_lt.py"),
                    "--torrent",
                    str(torrent),
                    "--save",
                    str(save),
                    "--seed-port",
                    str(seed_port),
                    "--port",
                    str(free_port()),
                ],
                bench,
            )
        finally:
            shutil.rmtree(save, ignore_errors=True)
        ttfb = next((t for t, p in r.get("progress_samples", []) if p > 0), None)
        return {
            "client": name,
            "run": run,
            "load": load,
            "completed": r["completed"],
            "MBps": r["MBps"],
            "wall_s": r["wall_s"],
            "cpu_s": r["cpu_s"],
            "anon_mib": r["rss_anon_mib_sampled_max"],
            "ttfb_s": ttfb,
            "raw": r,
        }
    svc = start_service(name, scratch / "svc" / f"{name}-{run}")
    try:
        save = svc.save / "bench"
        save.mkdir(parents=True, exist_ok=True)
        time.sleep(IDLE_SETTLE_S)
        anon_idle = rss_split(svc.pid).get("RssAnon")
        r = run_json(
            [
                sys.executable,
                str(bench / "leech_qbt_api.py"),
                "--url",
                svc.url,
                "--user",
                USER,
                "--password",
                PASSWORD,
                "--torrent",
                str(torrent),
                "--save",
                str(save),
                "--seed-port",
                str(seed_port),
                "--pid",
                str(svc.pid),
                "--delete-after",
            ],
            bench,
        )
    finally:
        svc.stop()
        shutil.rmtree(svc.save.parent, ignore_errors=True)
    first_start = svc.first_start_anon
    return {
        "client": name,
        "run": run,
        "load": load,
        "completed": r["completed"],
        "MBps": r["MBps"],
        "wall_s": r["wall_s"],
        "cpu_s": r.get("client_cpu_s"),
        "anon_mib": r.get("client_rss_anon_mib_sampled_max"),
        "anon_idle_mib": anon_idle,
        "anon_first_start_mib": first_start,
        "ttfb_s": first_download_time(r.get("states", [])),
        "raw": r,
    }


# --- latency ---------------------------------------------------------------------------------


def tiny_torrents(n: int) -> list[bytes]:
    import libtorrent as lt

    out = []
    for i in range(n):
        fs = lt.file_storage()
        fs.add_file(f"tiny-{i:05d}.bin", 16384)
        with warnings.catch_warnings():  # the file_storage constructor is deprecated
            warnings.simplefilter("ignore", DeprecationWarning)
            ct = lt.create_torrent(fs, 16384, flags=lt.create_torrent.v1_only)
        ct.set_hash(0, os.urandom(20))
        ct.set_creator("mediastack torrent_service_bench")
        out.append(lt.bencode(ct.generate()))
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(session: Any, url: str, reps: int, params: Any = None) -> dict[str, Any]:
    """``reps`` GETs; ``params`` may be a callable giving each request's params."""
    times, size = [], 0
    for _ in range(reps):
        p = params() if callable(params) else params
        t0 = time.perf_counter()
        r = session.get(url, params=p)
        body = r.content
        times.append((time.perf_counter() - t0) * 1000)
        r.raise_for_status()
        size = len(body)
        if callable(params):
            params.last = r.json()  # type: ignore[attr-defined]
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(pct(times, 0.95), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "bytes": size,
    }


class _IncrementalRid:
    """Params for sync/maindata that always ask for the diff since the last answer."""

    last: dict[str, Any] | None = None

    def __call__(self) -> dict[str, str]:
        return {"rid": str(self.last["rid"] if self.last else 0)}


def start_py_spy(pid: int, out: Path) -> subprocess.Popen[bytes]:
    """Sample ``pid`` (Python stacks, collapsed format) until stop_py_spy."""
    spy = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("py-spy")),
            "record",
            "--pid",
            str(pid),
            "--rate",
            "200",
            "--format",
            "raw",
            "--output",
            str(out),
            "--nonblocking",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1)
    return spy


def stop_py_spy(spy: subprocess.Popen[bytes] | None) -> None:
    if spy is not None:
        spy.send_signal(signal.SIGINT)
        spy.wait(timeout=60)


def latency_run(
    name: str, scratch: Path, blobs: list[bytes], reps: int, profile: bool, batch: int = 50
) -> dict[str, Any]:
    import requests

    svc = start_service(name, scratch / "svc" / f"{name}-latency")
    try:
        api = svc.url + "/api/v2/"
        s = requests.Session()
        r = s.post(api + "auth/login", data={"username": USER, "password": PASSWORD})
        if r.text.strip() != "Ok.":
            raise RuntimeError(f"login failed: {r.status_code} {r.text}")
        save = svc.save / "tiny"
        save.mkdir(parents=True, exist_ok=True)
        time.sleep(IDLE_SETTLE_S)
        anon_before = rss_split(svc.pid).get("RssAnon")
        profile = profile and name == "ours"
        spy = start_py_spy(svc.pid, scratch / "profile-ours-add.txt") if profile else None
        cpu0 = cpu_seconds(svc.pid)
        load = loadavg()
        t0 = time.perf_counter()
        for start in range(0, len(blobs), batch):
            files = [
                ("torrents", (f"t{start + i}.torrent", b, "application/x-bittorrent"))
                for i, b in enumerate(blobs[start : start + batch])
            ]
            r = s.post(
                api + "torrents/add",
                data={"savepath": str(save), "paused": "true", "stopped": "true"},
                files=files,
            )
            if r.status_code != 200 or r.text.strip() == "Fails.":
                raise RuntimeError(f"add failed: {r.status_code} {r.text[:200]}")
        post_s = time.perf_counter() - t0
        while True:  # qBittorrent adds asynchronously: wait until all are listed
            count = len(s.get(api + "torrents/info").json())
            if count >= len(blobs) or time.perf_counter() - t0 > 600:
                break
            time.sleep(0.2)
        add_s = time.perf_counter() - t0
        add_cpu = cpu_seconds(svc.pid) - cpu0
        stop_py_spy(spy)
        log(f"{name}: {count} torrents listed after {add_s:.1f} s (posts {post_s:.1f} s)")
        time.sleep(2)  # let the status refresh settle
        for _ in range(3):  # warm-up
            s.get(api + "torrents/info").raise_for_status()
        spy = start_py_spy(svc.pid, scratch / "profile-ours-latency.txt") if profile else None
        cpu1 = cpu_seconds(svc.pid)
        info = timed(s, api + "torrents/info", reps)
        full = timed(s, api + "sync/maindata", reps, {"rid": "0"})
        rid = _IncrementalRid()
        rid.last = s.get(api + "sync/maindata", params={"rid": "0"}).json()
        incr = timed(s, api + "sync/maindata", reps, rid)
        loop_cpu = cpu_seconds(svc.pid) - cpu1
        stop_py_spy(spy)
        return {
            "client": name,
            "kind": "latency",
            "load": load,
            "torrents": count,
            "add_s": round(add_s, 2),
            "add_post_s": round(post_s, 2),
            "add_cpu_s": round(add_cpu, 2),
            "loop_cpu_s": round(loop_cpu, 2),
            "anon_before_mib": anon_before,
            "anon_first_start_mib": svc.first_start_anon,
            "anon_after_mib": rss_split(svc.pid).get("RssAnon"),
            "info": info,
            "maindata_full": full,
            "maindata_incr": incr,
            "reps": reps,
        }
    finally:
        svc.stop()
        shutil.rmtree(svc.save.parent.parent, ignore_errors=True)


# --- summary ---------------------------------------------------------------------------------


def med(rows: list[dict[str, Any]], key: str) -> float | None:
    vals = [r[key] for r in rows if r.get(key) is not None]
    return round(statistics.median(vals), 2) if vals else None


def per_run_ratio(rows: list[dict[str, Any]], ref: str) -> str:
    """Median over runs of ours/ref MB/s, pairing the two downloads of the same run."""
    by_run: dict[tuple[int, int], dict[str, float]] = {}
    for r in rows:
        if r["completed"]:
            by_run.setdefault((r.get("series", 0), r["run"]), {})[r["client"]] = r["MBps"]
    ratios = [v["ours"] / v[ref] for v in by_run.values() if "ours" in v and v.get(ref)]
    return f"{statistics.median(ratios):.2f}x (n={len(ratios)})" if ratios else "-"


def summarize(results: list[dict[str, Any]]) -> str:
    out = []
    tp = [r for r in results if r.get("kind", "throughput") == "throughput"]
    if tp:
        out.append(
            "| client | runs | MB/s (median) | MB/s runs | CPU s | anon RSS MiB | "
            "idle anon MiB (first start) | first byte s | load (1 min) |"
        )
        out.append("|---|---:|---:|---|---:|---:|---:|---:|---|")
        meds: dict[str, dict[str, Any]] = {}
        for c in CLIENTS:
            rows = [r for r in tp if r["client"] == c and r["completed"]]
            if not rows:
                continue
            keys = ("MBps", "cpu_s", "anon_mib", "ttfb_s", "anon_idle_mib", "anon_first_start_mib")
            meds[c] = {k: med(rows, k) for k in keys}
            runs = ", ".join(str(r["MBps"]) for r in rows)
            loads = ", ".join(str(r["load"][0]) for r in rows)
            m = meds[c]
            out.append(
                f"| {c} | {len(rows)} | {m['MBps']} | {runs} | {m['cpu_s']} | "
                f"{m['anon_mib']} | {m['anon_idle_mib']} ({m['anon_first_start_mib'] or '-'}) | "
                f"{m['ttfb_s']} | {loads} |"
            )
        if "ours" in meds:
            out.append("")
            out.append("| ratio | MB/s | MB/s, median of per-run ratios | CPU s | anon RSS |")
            out.append("|---|---:|---:|---:|---:|")
            for ref in ("lt", "nox", "nox-tcp"):
                if ref not in meds:
                    continue
                cells = []
                for k in ("MBps", "cpu_s", "anon_mib"):
                    a, b = meds["ours"][k], meds[ref][k]
                    cells.append(f"{a / b:.2f}x" if a is not None and b else "-")
                    if k == "MBps":
                        cells.append(per_run_ratio(tp, ref))
                out.append(f"| ours / {ref} | " + " | ".join(cells) + " |")
    lat = [r for r in results if r.get("kind") == "latency"]
    if lat:
        out.append("")
        out.append(
            "| client | torrents | add s (CPU s) | anon RSS MiB before/after | "
            "info median / p95 ms | maindata rid=0 median / p95 ms | "
            "maindata incremental median / p95 ms | info bytes | load |"
        )
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        for r in lat:
            i, f, d = r["info"], r["maindata_full"], r["maindata_incr"]
            out.append(
                f"| {r['client']} | {r['torrents']} | {r['add_s']} ({r['add_cpu_s']}) | "
                f"{r['anon_before_mib']} / {r['anon_after_mib']} | "
                f"{i['median_ms']} / {i['p95_ms']} | {f['median_ms']} / {f['p95_ms']} | "
                f"{d['median_ms']} / {d['p95_ms']} | {i['bytes']} | {r['load'][0]} |"
            )
    out.extend(memory_ratios(tp, lat))
    return "\n".join(out)


def memory_ratios(tp: list[dict[str, Any]], lat: list[dict[str, Any]]) -> list[str]:
    """Issue 3's memory target in one table: ours / each nox, anonymous RSS medians."""
    rows: list[str] = []
    for ref in ("nox", "nox-tcp"):
        cells = []
        for kind, key, source in (
            ("idle", "anon_idle_mib", tp),
            ("in the download", "anon_mib", tp),
            ("2,000 torrents", "anon_after_mib", lat),
        ):
            ours = med([r for r in source if r["client"] == "ours"], key)
            theirs = med([r for r in source if r["client"] == ref], key)
            if ours is not None and theirs:
                cells.append(f"{kind}: {ours} / {theirs} MiB = {ours / theirs:.2f}x")
        if cells:
            rows.append(f"| ours / {ref} | " + " | ".join(cells) + " |")
    if not rows:
        return []
    return ["", "| anon RSS (medians) | | | |", "|---|---|---|---|", *rows]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--scratch", type=Path, default=Path("/tmp/tsbench"))
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--size-mib", type=int, default=1024)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--clients", default=",".join(CLIENTS))
    ap.add_argument("--latency-clients", default="ours,nox")
    ap.add_argument("--torrents", type=int, default=2000)
    ap.add_argument("--reps", type=int, default=100)
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--skip-latency", action="store_true")
    ap.add_argument("--profile", action="store_true", help="py-spy on ours during latency")
    ap.add_argument("--summarize", type=Path, nargs="*")
    ap.add_argument(
        "--ours-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for our service (e.g. MALLOC_ARENA_MAX=2)",
    )
    a = ap.parse_args(argv)
    OURS_ENV.update(kv.split("=", 1) for kv in a.ours_env)

    if a.summarize:
        rows = [
            {**json.loads(ln), "series": i}
            for i, p in enumerate(a.summarize)
            for ln in p.read_text().splitlines()
            if ln
        ]
        print(summarize(rows))
        return 0

    a.scratch.mkdir(parents=True, exist_ok=True)
    results_file = a.scratch / "results.jsonl"
    results: list[dict[str, Any]] = []

    def record(row: dict[str, Any]) -> None:
        results.append(row)
        with results_file.open("a") as f:
            f.write(json.dumps(row) + "\n")

    import libtorrent as lt

    log(f"libtorrent {lt.__version__}, {nox_version()}, load {loadavg()}")
    clients = [c for c in a.clients.split(",") if c]
    if not a.skip_throughput:
        torrent = ensure_payload(a.bench, a.scratch, a.size_mib)
        with seeder(a.bench, torrent) as seed_port:
            warm = throughput_run("lt", a.bench, torrent, a.scratch, seed_port, -1)
            log(f"warm-up lt: {warm['MBps']} MB/s")
            for run in range(a.runs):
                order = clients[run % len(clients) :] + clients[: run % len(clients)]
                for name in order:
                    row = throughput_run(name, a.bench, torrent, a.scratch, seed_port, run)
                    row["kind"] = "throughput"
                    record(row)
                    log(
                        f"run {run} {name}: {row['MBps']} MB/s cpu {row['cpu_s']} s "
                        f"anon {row['anon_mib']} MiB ttfb {row['ttfb_s']} s load {row['load']}"
                    )
    if not a.skip_latency:
        blobs = tiny_torrents(a.torrents)
        for name in [c for c in a.latency_clients.split(",") if c]:
            row = latency_run(name, a.scratch, blobs, a.reps, a.profile)
            record(row)
            log(json.dumps(row))
    print(summarize(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
