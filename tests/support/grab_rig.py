"""A TV service with a real grabbed download in its queue, for the Activity page tests.

Built on ``manager_web.tv_rig`` (fake TVmaze, Newznab and SABnzbd wired in): Game of
Thrones is added and one release pushed the way autobrr pushes it, so the queue holds a
grabbed download the test moves along in the fake SABnzbd, and the history its
``grabbed`` event.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.integration.tv.conftest import GOT_TVDB
from tests.support.fake_sabnzbd import FakeJob, FakeSabnzbd
from tests.support.manager_web import ManagerRig, tv_rig
from tests.support.services import RunningService

GB = 1024**3
PUSHED = "Game.of.Thrones.S01E01.720p.HDTV.x264-CTU"


@dataclass
class QueueRig:
    rig: ManagerRig
    series: dict[str, Any]

    @property
    def tv(self) -> RunningService:
        return self.rig.svc

    @property
    def sab(self) -> FakeSabnzbd:
        assert self.rig.sab is not None
        return self.rig.sab

    def push(self, title: str = PUSHED) -> FakeJob:
        """Grab ``title`` through ``release/push``; the job the fake SABnzbd received."""
        with self.rig.api() as api:
            [indexer] = api.get("/indexer").json()
            base = next(f["value"] for f in indexer["fields"] if f["name"] == "baseUrl")
            before = set(self.sab.jobs)
            body = {
                "title": title,
                "downloadUrl": f"{base}/api?t=get&id={title}",
                "size": int(1.2 * GB),
                "indexer": "autobrr",
                "downloadProtocol": "usenet",
            }
            [pushed] = api.post("/release/push", json=body).json()
        assert pushed["approved"] is True, pushed
        [nzo_id] = set(self.sab.jobs) - before
        return self.sab.jobs[nzo_id]


@contextmanager
def queue_rig(root: Path) -> Iterator[QueueRig]:
    with tv_rig(root) as rig, rig.api() as api:
        body = {
            "tvdbId": GOT_TVDB,
            "title": "Game of Thrones",
            "qualityProfileId": 1,
            "rootFolderPath": str((root / "media" / "tv").resolve()),
            "monitored": True,
            "seasonFolder": True,
        }
        added = api.post("/series", json=body)
        assert added.status_code == 201, added.text
        yield QueueRig(rig, added.json())
