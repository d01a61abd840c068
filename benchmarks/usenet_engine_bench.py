"""Throughput of the download engine against the shared benchmark NNTP server.

Starts ``nntp_server.py`` from the shared bench folder on a release made by its
``make_release.py``, downloads the release with :class:`DownloadJob` (or the full
:class:`JobPipeline` with ``--pipeline``), and prints one JSON line: wall time, MB/s (wire
and payload), CPU seconds per GB of this process, peak RSS. With ``--verify`` every payload
file is compared with the manifest's MD5.

    python benchmarks/usenet_engine_bench.py --release /tmp/bench-r1g --connections 8
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mediastack.usenet.engine import (
    DownloadJob,
    JobPipeline,
    JobSettings,
    ServerConfig,
    ServerPool,
    parse_nzb,
)

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "usenet"


def md5(path: Path) -> str:
    digest = hashlib.md5()
    with path.open("rb") as f:
        while chunk := f.read(8 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _cpu() -> float:
    """User + system seconds of this process and its reaped children (par2, 7z)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


async def run(args: argparse.Namespace, port: int, work: Path) -> dict[str, object]:
    release = Path(args.release)
    manifest = json.loads((release / "manifest.json").read_text())
    nzb = parse_nzb((release / manifest["nzb"]).read_bytes())
    config = ServerConfig(
        name="bench",
        host="127.0.0.1",
        port=port,
        connections=args.connections,
        pipelining=args.pipelining,
        ssl=args.tls,
        ssl_verify=False,
        timeout=30,
    )
    job_dir = work / "incomplete" / manifest["name"]
    cpu0 = _cpu()
    t0 = time.perf_counter()
    async with ServerPool([config]) as pool:
        if args.pipeline:
            settings = JobSettings(complete_dir=work / "complete")
            pipeline = JobPipeline(
                nzb, name=manifest["name"], job_dir=job_dir, pool=pool, settings=settings
            )
            result = await pipeline.run()
            ok, out_dir = result.status == "Completed", result.storage
            stages = result.stage_log
        else:
            job = DownloadJob(nzb, job_dir, pool)
            files = [f for f in nzb.files if f.par2_volume_blocks is None]
            downloaded = await job.download(files)
            job.close()
            ok, out_dir = downloaded.ok and downloaded.bad_articles == 0, job_dir
            stages = []
        wall = time.perf_counter() - t0
        wire = pool.bytes_received
    cpu = _cpu() - cpu0
    payload = sum(m["size"] for m in manifest["files"] if not (m["par2"] and ".vol" in m["name"]))
    verified = None
    if args.verify and out_dir is not None:
        verified = all(
            md5(out_dir / m["name"]) == m["md5"] for m in manifest["files"] if not m["par2"]
        )
    return {
        "ok": ok,
        "verified": verified,
        "connections": args.connections,
        "pipelining": args.pipelining,
        "tls": args.tls,
        "wall_s": round(wall, 3),
        "payload_MBps": round(payload / wall / 1e6, 1),
        "decoded_MBps": round(wire / wall / 1e6, 1),
        "cpu_s": round(cpu, 2),
        "cpu_s_per_GB": round(cpu / (payload / 1e9), 2),
        "peak_rss_MiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "stages": stages,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--release", required=True, help="folder written by make_release.py")
    ap.add_argument("--bench", default=str(BENCH), help="shared bench/usenet folder")
    ap.add_argument("--port", type=int, default=11199)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--pipelining", type=int, default=4)
    ap.add_argument("--tls", action="store_true")
    ap.add_argument("--missing-pct", type=float, default=0.0, help="server: %% answering 430")
    ap.add_argument("--drop-pct", type=float, default=0.0, help="server: %% of bodies cut off")
    ap.add_argument("--delay-ms", type=float, default=0.0, help="server: latency per response")
    ap.add_argument("--pipeline", action="store_true", help="full job incl. post-processing")
    ap.add_argument("--verify", action="store_true")
    ap.add_argument("--workdir", default=None, help="where to download (default: a temp dir)")
    args = ap.parse_args()

    server_cmd = [
        sys.executable,
        str(Path(args.bench) / "nntp_server.py"),
        "--store",
        str(Path(args.release) / "store"),
        "--port",
        str(args.port),
        "--missing-pct",
        str(args.missing_pct),
        "--drop-pct",
        str(args.drop_pct),
        "--delay-ms",
        str(args.delay_ms),
    ] + (["--tls"] if args.tls else [])
    server = subprocess.Popen(server_cmd, stdout=subprocess.PIPE, text=True)
    work = Path(tempfile.mkdtemp(prefix="usenet-bench-", dir=args.workdir))
    try:
        assert server.stdout is not None
        for line in server.stdout:
            if "serving" in line:
                break
        subprocess.run(["sync"], check=False)
        result = asyncio.run(run(args, args.port, work))
        print(json.dumps(result))
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
