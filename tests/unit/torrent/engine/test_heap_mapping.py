"""libtorrent-sized blocks mapped on their own, so freeing them hands the memory back.

Each case runs in a fresh interpreter: the threshold is process-wide and the test process's
heap has a history.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

_SCRIPT = """
import ctypes, json, re, sys
from mediastack.torrent.engine.memory import BLOCK_SIZE, map_large_blocks

class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd",
                                               "usmblks", "fsmblks", "uordblks", "fordblks",
                                               "keepcost")]

libc = ctypes.CDLL(None)
libc.mallinfo2.restype = MallInfo2
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]

def anon_kib():
    return int(re.search(r"RssAnon:\\s+(\\d+)", open("/proc/self/status").read()).group(1))

mapped = map_large_blocks() if sys.argv[1] == "map" else False
blocks = []
for _ in range(2048):  # 32 MiB of blocks, more than any free space the heap has
    pointer = libc.malloc(BLOCK_SIZE)
    ctypes.memset(pointer, 1, BLOCK_SIZE)  # touch it, as a received block is
    blocks.append(pointer)
held = anon_kib()
mapped_blocks = libc.mallinfo2().hblks
for pointer in blocks:
    libc.free(pointer)
print(json.dumps({"mapped": mapped, "mapped_blocks": mapped_blocks,
                  "released_kib": held - anon_kib()}))
"""


def _run(mode: str, env: dict[str, str] | None = None) -> dict[str, int]:
    if env is None:  # glibc's defaults, whatever the environment running the tests says
        env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT, mode],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env=env,
    )
    result: dict[str, int] = json.loads(out.stdout)
    return result


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_blocks_are_mapped_and_freeing_them_returns_the_memory() -> None:
    mapped = _run("map")
    assert mapped["mapped"]
    assert mapped["mapped_blocks"] >= 1536  # most blocks: the rest fit in free heap space
    assert mapped["released_kib"] >= 24 * 1024
    # without the threshold glibc keeps the freed blocks in the heap
    default = _run("default")
    assert default["mapped_blocks"] < 16
    assert default["released_kib"] < mapped["released_kib"] - 16 * 1024


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_an_operators_own_threshold_is_left_alone() -> None:
    env = {**os.environ, "MALLOC_MMAP_THRESHOLD_": str(1 << 20)}
    result = _run("map", env)
    assert not result["mapped"]
    assert result["mapped_blocks"] < 16
