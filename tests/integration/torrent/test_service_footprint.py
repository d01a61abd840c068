"""What the torrent service keeps out of its process until it is needed.

Each check runs in a fresh interpreter: the test process has long imported everything, so
only a new process shows what serving the torrent role loads by itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]

_SCRIPT = """
import ctypes, json, sys, urllib.request
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from mediastack.core.roles import Role
from tests.support.services import running_service

def loaded():
    return {name: name in sys.modules for name in ("jinja2", "mediastack.web.manager")}

class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd",
                                               "usmblks", "fsmblks", "uordblks", "fordblks",
                                               "keepcost")]

def mapped_blocks():
    # hblks: the chunks glibc mapped on their own
    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = MallInfo2
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    before = libc.mallinfo2().hblks
    blocks = [libc.malloc(16384) for _ in range(2048)]
    mapped = libc.mallinfo2().hblks - before
    for block in blocks:
        libc.free(block)
    return mapped

with running_service(Role.TORRENT, Path(sys.argv[1]), auth={"password": "footprint-pw-1"}) as svc:
    started = loaded()
    blocks = mapped_blocks()
    with urllib.request.urlopen(svc.url + "/login") as answer:
        page = answer.read().decode()
    print(json.dumps({"started": started, "page": page, "after_page": loaded(),
                      "mapped_blocks": blocks}))
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One fresh service process, started, asked for a page, and stopped."""
    tmp_path = tmp_path_factory.mktemp("footprint")
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_MMAP_THRESHOLD_"}
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(tmp_path / "data"), str(REPO)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=tmp_path,
        env=env,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_jinja_and_manager_pages_load_only_when_needed(served: dict[str, Any]) -> None:
    result = served
    assert result["started"] == {"jinja2": False, "mediastack.web.manager": False}
    assert "<form" in result["page"] and 'name="password"' in result["page"]
    assert result["after_page"] == {"jinja2": True, "mediastack.web.manager": False}


def test_the_running_service_maps_libtorrent_sized_blocks(served: dict[str, Any]) -> None:
    """The service sets the threshold at start (``memory.map_large_blocks``)."""
    assert served["mapped_blocks"] >= 1536  # of 2,048: the rest fit in free heap space
