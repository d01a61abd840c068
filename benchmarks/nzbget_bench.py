"""Drive nzbget through one download over its JSON-RPC API and measure it.

The nzbget counterpart of ``shared/bench/usenet/sab_api_bench.py`` (which speaks SABnzbd's
API): the same timing definition and the same /proc sampling, so the numbers compare.

1. waits for ``version`` to answer
2. adds the NZB with ``append`` (content base64, ``DupeMode=FORCE`` so a repeated add of
   the same release is not refused as a duplicate)
3. polls ``listgroups`` / ``history`` every 0.1 s until the job is in history (nzbget
   keeps a job in ``listgroups`` through post-processing: par check, repair, unpack, move)
4. samples CPU seconds (user+sys, reaped children included) and RSS of ``--pid`` and its
   process tree from /proc, and the NNTP server's CPU with ``--server-pid``
5. prints one JSON object with the keys ``sab_api_bench.py`` uses (``status`` is
   ``Completed`` when nzbget's history status starts with ``SUCCESS``)

``wall_s`` runs from the ``append`` call returning to the job appearing in history with a
final status, exactly as sab_api_bench times add -> ``Completed`` in history.

It can also write a minimal nzbget.conf for the benchmark (``write_config``) and start
nzbget in the foreground (``start_nzbget``); ``usenet_service_bench.py`` uses both.

    python benchmarks/nzbget_bench.py --url http://127.0.0.1:6789 --user nzbget \\
        --password bench --nzb /tmp/r1g/release.nzb --pid 1234 --label nzbget-8conn
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

CLK = os.sysconf("SC_CLK_TCK")
FINAL_PREFIXES = ("SUCCESS", "FAILURE", "WARNING", "DELETED")


def proc_tree(pid: int) -> list[int]:
    """pid plus all descendants (via /proc/*/stat ppid)."""
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                st = f.read()
            ppid = int(st[st.rindex(")") + 2 :].split()[1])
            kids.setdefault(ppid, []).append(int(d))
        except (OSError, ValueError):
            continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def cpu_seconds(pid: int) -> float:
    """utime+stime of pid including reaped children (cutime/cstime)."""
    with open(f"/proc/{pid}/stat") as f:
        st = f.read()
    fields = st[st.rindex(")") + 2 :].split()
    ut, stt, cut, cst = (int(x) for x in fields[11:15])
    return (ut + stt + cut + cst) / CLK


def rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, lifetime peak RSS) in MiB."""
    cur = peak = 0.0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                cur = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return cur, peak


class Rpc:
    """Minimal nzbget JSON-RPC client (POST /jsonrpc, credentials in the URL path)."""

    def __init__(self, url: str, user: str, password: str, timeout: float = 30) -> None:
        base = url.rstrip("/")
        scheme, rest = base.split("://", 1)
        self.url = f"{scheme}://{rest}/{user}:{password}/jsonrpc"
        self.timeout = timeout
        self._id = 0

    def call(self, method: str, *params: Any) -> Any:
        self._id += 1
        body = json.dumps({"method": method, "params": list(params), "id": self._id}).encode()
        req = urllib.request.Request(
            self.url, data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(req, timeout=self.timeout) as r:
            reply = json.loads(r.read().decode("utf-8"))
        if reply.get("error"):
            raise RuntimeError(f"nzbget {method}: {reply['error']}")
        return reply["result"]


def _size(entry: dict[str, Any]) -> int:
    return int(entry.get("FileSizeHi", 0)) * (1 << 32) + int(entry.get("FileSizeLo", 0))


def measure(
    rpc: Rpc,
    nzb: Path,
    pid: int = 0,
    server_pid: int = 0,
    poll: float = 0.1,
    timeout: float = 3600,
    label: str = "",
) -> dict[str, Any]:
    deadline = time.time() + 120
    while True:
        try:
            version = rpc.call("version")
            break
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.5)

    content = base64.b64encode(nzb.read_bytes()).decode("ascii")
    pids = proc_tree(pid) if pid else []
    cpu0 = {p: cpu_seconds(p) for p in pids if os.path.exists(f"/proc/{p}")}
    srv_cpu0 = cpu_seconds(server_pid) if server_pid else 0.0
    t_add = time.time()
    nzb_id = rpc.call("append", nzb.name, content, "", 0, False, False, "", 0, "FORCE", [])
    if not isinstance(nzb_id, int) or nzb_id <= 0:
        return {"label": label, "error": "append failed", "response": nzb_id}

    peak_rss = 0.0
    t_download_done = None
    final: dict[str, Any] | None = None
    group_status = ""
    while time.time() - t_add < timeout:
        time.sleep(poll)
        if pid:
            with contextlib.suppress(OSError):
                peak_rss = max(peak_rss, sum(rss_mb(p)[0] for p in proc_tree(pid)))
        group = next((g for g in rpc.call("listgroups", 0) if g.get("NZBID") == nzb_id), None)
        if group is not None:
            group_status = group.get("Status", "")
            downloading = group_status in ("QUEUED", "DOWNLOADING", "FETCHING", "PAUSED")
            if t_download_done is None and not downloading:
                t_download_done = time.time()
            continue
        if t_download_done is None:
            t_download_done = time.time()
        hist = next((h for h in rpc.call("history", False) if h.get("NZBID") == nzb_id), None)
        if hist and str(hist.get("Status", "")).startswith(FINAL_PREFIXES):
            final = hist
            break
    t_end = time.time()
    srv_cpu = cpu_seconds(server_pid) - srv_cpu0 if server_pid else None

    cpu = 0.0
    for p in list(cpu0):
        # an exited child is counted in the parent's cutime/cstime once reaped
        with contextlib.suppress(OSError):
            cpu += cpu_seconds(p) - cpu0[p]
    hwm = 0.0
    if pid:
        with contextlib.suppress(OSError):
            hwm = rss_mb(pid)[1]

    wall = t_end - t_add
    size_b = _size(final) if final else 0
    status = "timeout"
    if final:
        status = "Completed" if str(final.get("Status", "")).startswith("SUCCESS") else "Failed"
    return {
        "label": label,
        "version": version,
        "nzo_id": nzb_id,
        "status": status,
        "nzbget_status": final.get("Status") if final else group_status,
        "bytes": size_b,
        "wall_s": round(wall, 2),
        "wall_MBps": round(size_b / 1e6 / wall, 1) if wall else 0,
        "queue_leave_s": round((t_download_done or t_end) - t_add, 2),
        "api_download_time_s": final.get("DownloadTimeSec") if final else None,
        "api_postproc_time_s": final.get("PostTotalTimeSec") if final else None,
        "par_status": final.get("ParStatus") if final else None,
        "cpu_s": round(cpu, 2),
        "server_cpu_s": round(srv_cpu, 2) if srv_cpu is not None else None,
        "peak_rss_MiB_sampled": round(peak_rss, 1),
        "peak_rss_MiB_vmhwm": round(hwm, 1),
        "storage": (final.get("FinalDir") or final.get("DestDir")) if final else None,
    }


def write_config(
    path: Path,
    main_dir: Path,
    control_port: int,
    password: str,
    nntp_port: int,
    connections: int,
    tls: bool,
) -> None:
    """A minimal nzbget.conf: the Debian defaults for everything that affects a download
    (ArticleCache=0, DirectWrite=yes, CrcCheck, ParCheck=auto, ParRepair, Unpack), paths
    under ``main_dir``, one server on loopback, control on 127.0.0.1 only."""
    lines = {
        "MainDir": str(main_dir),
        "DestDir": "${MainDir}/dst",
        "InterDir": "${MainDir}/inter",
        "NzbDir": "${MainDir}/nzb",
        "QueueDir": "${MainDir}/queue",
        "TempDir": "${MainDir}/tmp",
        "ScriptDir": "${MainDir}/scripts",
        "LockFile": "${MainDir}/nzbget.lock",
        "LogFile": "${MainDir}/nzbget.log",
        "WebDir": "/usr/share/nzbget/webui/",
        "ConfigTemplate": "/usr/share/nzbget/webui/nzbget.conf",
        "Server1.Active": "yes",
        "Server1.Name": "bench",
        "Server1.Level": "0",
        "Server1.Host": "127.0.0.1",
        "Server1.Port": str(nntp_port),
        "Server1.Username": "",
        "Server1.Password": "",
        "Server1.Encryption": "yes" if tls else "no",
        "Server1.Connections": str(connections),
        "CertCheck": "no",
        "ControlIP": "127.0.0.1",
        "ControlPort": str(control_port),
        "ControlUsername": "nzbget",
        "ControlPassword": password,
        "UpdateCheck": "none",
        "DaemonUsername": "root",
        "AppendCategoryDir": "no",
        "OutputMode": "loggable",
        "WriteLog": "append",
        "DiskSpace": "250",
        "UnrarCmd": "unrar",
        "SevenZipCmd": "7z",
    }
    path.write_text("".join(f"{k}={v}\n" for k, v in lines.items()))


def start_nzbget(conf: Path, log: Path) -> subprocess.Popen[bytes]:
    """nzbget in server mode, foreground (``-s``), so its pid is ours to sample."""
    with log.open("ab") as out:
        return subprocess.Popen(
            ["nzbget", "-c", str(conf), "-s"],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--url", default="http://127.0.0.1:6789")
    ap.add_argument("--user", default="nzbget")
    ap.add_argument("--password", required=True)
    ap.add_argument("--nzb", required=True)
    ap.add_argument("--pid", type=int, default=0, help="nzbget process (children included)")
    ap.add_argument("--server-pid", type=int, default=0, help="NNTP server: report its CPU")
    ap.add_argument("--poll", type=float, default=0.1)
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--label", default="")
    ap.add_argument("--out", default=None, help="append the result JSON to this file")
    args = ap.parse_args()
    result = measure(
        Rpc(args.url, args.user, args.password),
        Path(args.nzb),
        pid=args.pid,
        server_pid=args.server_pid,
        poll=args.poll,
        timeout=args.timeout,
        label=args.label,
    )
    print(json.dumps(result, indent=1))
    if args.out:
        with open(args.out, "a") as f:
            f.write(json.dumps(result) + "\n")
    return 0 if result.get("status") == "Completed" else 2


if __name__ == "__main__":
    sys.exit(main())
