"""What the torrent service keeps out of its process until it is needed.

Each check runs in a fresh interpreter: the test process has long imported everything, so
only a new process shows what serving the torrent role loads by itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

_SCRIPT = """
import json, sys, urllib.request
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from mediastack.core.roles import Role
from tests.support.services import running_service

def loaded():
    return {name: name in sys.modules for name in ("jinja2", "mediastack.web.manager")}

with running_service(Role.TORRENT, Path(sys.argv[1]), auth={"password": "footprint-pw-1"}) as svc:
    started = loaded()
    with urllib.request.urlopen(svc.url + "/login") as answer:
        page = answer.read().decode()
    print(json.dumps({"started": started, "page": page, "after_page": loaded()}))
"""


def test_jinja_and_manager_pages_load_only_when_needed(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(tmp_path / "data"), str(REPO)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=tmp_path,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["started"] == {"jinja2": False, "mediastack.web.manager": False}
    assert "<form" in result["page"] and 'name="password"' in result["page"]
    assert result["after_page"] == {"jinja2": True, "mediastack.web.manager": False}
