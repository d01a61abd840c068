"""Child process for the kill -9 test: download one NZB's files into a job folder.

Usage: python _usenet_download_child.py NZB JOB_DIR PORT
Prints "done" (or the failure) and then its peak RSS in KiB.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from mediastack.usenet.engine import DownloadJob, ServerConfig, ServerPool, parse_nzb


async def main(nzb_path: Path, job_dir: Path, port: int) -> int:
    nzb = parse_nzb(nzb_path.read_bytes())
    config = ServerConfig(
        name="test", host="127.0.0.1", port=port, connections=2, pipelining=2, timeout=10
    )
    async with ServerPool([config]) as pool:
        job = DownloadJob(nzb, job_dir, pool, commit_interval=0.05)
        result = await job.download([f for f in nzb.files if not f.is_par2])
        job.close()
    print("done" if result.ok and result.bad_articles == 0 else f"failed {result}", flush=True)
    print(_peak_rss_kib(), flush=True)
    return 0


def _peak_rss_kib() -> int:
    """VmHWM of this process (ru_maxrss would include the forking parent's size)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))))
