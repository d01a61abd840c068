"""Which events API changes and ended commands announce, on a small real ASGI app."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Response
from fastapi.testclient import TestClient

from mediastack.core.jobs import CommandRecord, CommandStatus, CommandTrigger
from mediastack.manager.signalr.broadcast import Broadcaster
from mediastack.manager.signalr.events import LIBRARY_RESOURCES, ApiChangeEvents, command_events

TV = LIBRARY_RESOURCES["tv"]


class Recorder(Broadcaster):
    """Records what would be broadcast; pretends a client is connected."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str, Any]] = []

    @property
    def has_subscribers(self) -> bool:
        return True

    def publish(self, name: str, action: str, resource: Any = None) -> None:
        self.sent.append((name, action, resource))


def app_with(recorder: Recorder) -> TestClient:
    app = FastAPI()

    @app.put("/api/v3/series/{item_id}")
    def put_series(item_id: int) -> dict[str, Any]:
        return {"id": item_id, "title": "Show"}

    @app.put("/api/v3/episode/monitor")
    def monitor() -> list[dict[str, Any]]:
        return [{"id": 1}]

    @app.post("/api/v3/episodefile/bulk")
    def bulk() -> Response:
        return Response(status_code=202)

    @app.delete("/api/v3/series/{item_id}")
    def delete_series(item_id: int) -> Response:
        return Response(status_code=404 if item_id == 404 else 200)

    @app.delete("/api/v3/queue/{item_id}")
    def remove(item_id: int) -> dict[str, Any]:
        return {}

    @app.post("/api/v3/release")
    def grab() -> dict[str, Any]:
        return {"guid": "x"}

    @app.put("/api/v3/qualityprofile/{item_id}")
    def other(item_id: int) -> dict[str, Any]:
        return {"id": item_id}

    app.add_middleware(ApiChangeEvents, broadcaster=recorder, prefix="/api/v3", library=TV)
    return TestClient(app)


def test_api_changes_become_events() -> None:
    recorder = Recorder()
    client = app_with(recorder)
    client.put("/api/v3/series/3", json={})
    client.delete("/api/v3/series/3")
    client.delete("/api/v3/series/404")  # failed: nothing is announced
    client.put("/api/v3/episode/monitor", json={})
    client.post("/api/v3/episodefile/bulk")
    client.delete("/api/v3/queue/9")
    client.post("/api/v3/release", json={})
    client.put("/api/v3/qualityprofile/1", json={})  # not a library resource
    client.get("/api/v3/series/3")  # reads change nothing
    assert recorder.sent == [
        ("series", "updated", {"id": 3, "title": "Show"}),
        ("series", "deleted", {"id": 3}),
        ("episode", "sync", None),
        ("episodefile", "sync", None),
        ("queue", "sync", None),
        ("queue", "sync", None),
    ]


class Nobody(Recorder):
    @property
    def has_subscribers(self) -> bool:
        return False


def test_nothing_is_announced_without_listeners() -> None:
    recorder = Nobody()
    client = app_with(recorder)
    assert client.put("/api/v3/series/3", json={}).json() == {"id": 3, "title": "Show"}
    assert client.delete("/api/v3/series/3").status_code == 200
    assert recorder.sent == []


def record(name: str, status: CommandStatus) -> CommandRecord:
    now = datetime.now(UTC)
    return CommandRecord(
        id=1,
        name=name,
        body={},
        status=status,
        priority="normal",
        trigger=CommandTrigger.MANUAL,
        message=None,
        queued_at=now,
        started_at=now,
        ended_at=now if status is CommandStatus.COMPLETED else None,
    )


def test_ended_commands_announce_what_they_changed() -> None:
    recorder = Recorder()
    listener = command_events(recorder, TV)
    listener(record("CheckHealth", CommandStatus.STARTED))
    assert [(n, a) for n, a, _ in recorder.sent] == [("command", "updated")]
    assert recorder.sent[0][2]["status"] == "started"
    expected = {
        "CheckHealth": {"health"},
        "RefreshMonitoredDownloads": {"queue"},
        "EpisodeSearch": {"queue"},
        "RefreshSeries": {"series"},
        "RescanSeries": {"episodefile"},
        "DownloadedEpisodesScan": {"queue", "episodefile"},
        "Housekeeping": set(),
    }
    for name, names in expected.items():
        recorder.sent.clear()
        listener(record(name, CommandStatus.COMPLETED))
        assert recorder.sent[0][0] == "command"
        assert {n for n, a, _ in recorder.sent[1:] if a == "sync"} == names, name


def test_event_frames_are_json_with_the_resource() -> None:
    async def scenario() -> str:
        broadcaster = Broadcaster()
        subscription = broadcaster.subscribe()
        command_events(broadcaster, TV)(record("Backup", CommandStatus.COMPLETED))
        await asyncio.sleep(0)
        return subscription.queue.get_nowait()

    frame = json.loads(asyncio.run(scenario())[:-1])
    assert frame["arguments"][0]["body"]["resource"]["name"] == "Backup"
