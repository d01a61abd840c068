"""The ``/signalr/messages`` hub, driven by signalrcore (the client Bazarr uses) and raw sockets.

A real TV manager runs on loopback with the recorded TVmaze stand-in, so adding and updating
a series goes through the real library code and the events arrive over a real WebSocket.
"""

from __future__ import annotations

import json
import os
import queue
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from signalrcore.hub_connection_builder import HubConnectionBuilder
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

from mediastack.core.auth import SESSION_COOKIE
from mediastack.core.roles import Role
from mediastack.manager.signalr.hub import MessageHub
from tests.support.fake_tvmaze import fake_tvmaze
from tests.support.library_services import api_client, library_service, wait_command
from tests.support.services import RunningService, clear_mediastack_env, running_service

FLASH_TVDB = 279121
RS = "\x1e"
Event = dict[str, Any]


@pytest.fixture(scope="module")
def tv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningService]:
    with fake_tvmaze() as tvmaze:
        service = {"metadata": {"tvmaze_url": tvmaze.url, "rate_limit_backoff_seconds": 0.01}}
        with library_service(Role.TV, tmp_path_factory.mktemp("tv"), service) as svc:
            # signalrcore's stop() waits for a frame to wake its reader thread: frequent
            # pings keep each test's disconnect short.
            svc.ctx.extras["signalr_hub"].keepalive_seconds = 0.3
            yield svc


@pytest.fixture
def api(tv: RunningService) -> Iterator[httpx.Client]:
    with api_client(tv) as client:
        yield client


@pytest.fixture
def events(tv: RunningService) -> Iterator[queue.Queue[Event]]:
    """A signalrcore connection as Bazarr opens it: key in ``access_token``, negotiated."""
    received: queue.Queue[Event] = queue.Queue()
    opened = threading.Event()
    connection = (
        HubConnectionBuilder()
        .with_url(f"{tv.url}/signalr/messages?access_token={tv.api_key}")
        .build()
    )
    connection.on("receiveMessage", lambda args: [received.put(a) for a in args])
    connection.on_open(opened.set)
    connection.start()
    assert opened.wait(10), "hub connection did not open"
    try:
        yield received
    finally:
        connection.stop()


def next_event(events: queue.Queue[Event], name: str, action: str, timeout: float = 10) -> Event:
    while True:
        event = events.get(timeout=timeout)
        if event["name"] == name and event["body"]["action"] == action:
            return event


def ws_url(tv: RunningService, query: str) -> str:
    return tv.url.replace("http://", "ws://") + "/signalr/messages" + query


def read_frames(ws: ClientConnection, timeout: float = 5) -> list[dict[str, Any]]:
    data = ws.recv(timeout=timeout)
    assert isinstance(data, str) and data.endswith(RS)
    return [json.loads(part) for part in data.split(RS)[:-1]]


def test_command_events_follow_the_command_through_its_states(
    events: queue.Queue[Event], api: httpx.Client
) -> None:
    queued = api.post("/command", json={"name": "Housekeeping"}).json()
    assert wait_command(api, queued)["status"] == "completed"
    seen: list[str] = []
    while "completed" not in seen:
        event = next_event(events, "command", "updated")
        resource = event["body"]["resource"]
        if resource["id"] == queued["id"]:
            assert resource["name"] == "Housekeeping" and resource["commandName"]
            seen.append(resource["status"])
    assert seen[-1] == "completed" and "started" in seen


def test_series_update_and_delete_are_pushed(
    events: queue.Queue[Event], api: httpx.Client, tv: RunningService
) -> None:
    root = (tv.settings.media_dir / "tv").resolve()
    body = {"tvdbId": FLASH_TVDB, "title": "The Flash", "qualityProfileId": 1}
    added = api.post("/series", json={**body, "rootFolderPath": str(root), "monitored": True})
    assert added.status_code == 201, added.text
    series = added.json()
    assert next_event(events, "series", "updated")["body"]["resource"]["id"] == series["id"]

    changed = api.put(f"/series/{series['id']}", json={**series, "monitored": False})
    assert changed.status_code in (200, 202), changed.text
    event = next_event(events, "series", "updated")
    assert event["body"]["resource"]["id"] == series["id"]
    assert event["body"]["resource"]["monitored"] is False

    assert api.delete(f"/series/{series['id']}").status_code == 200
    deleted = next_event(events, "series", "deleted")
    assert deleted["body"]["resource"] == {"id": series["id"]}


def test_health_and_queue_sync_after_their_commands(
    events: queue.Queue[Event], api: httpx.Client
) -> None:
    for name, event in (("CheckHealth", "health"), ("RefreshMonitoredDownloads", "queue")):
        wait_command(api, api.post("/command", json={"name": name}).json())
        assert next_event(events, event, "sync")["body"] == {"action": "sync"}


def test_negotiate_versions_and_wrong_key(tv: RunningService) -> None:
    url = f"{tv.url}/signalr/messages/negotiate"
    v1 = httpx.post(url, params={"negotiateVersion": 1, "access_token": tv.api_key}).json()
    assert v1["negotiateVersion"] == 1 and v1["connectionToken"] != v1["connectionId"]
    assert v1["availableTransports"] == [{"transport": "WebSockets", "transferFormats": ["Text"]}]
    v0 = httpx.post(url, headers={"X-Api-Key": tv.api_key}).json()
    assert v0["negotiateVersion"] == 0 and "connectionToken" not in v0
    assert httpx.post(url, params={"access_token": "wrong"}).status_code == 401
    assert httpx.post(url).status_code == 401
    with pytest.raises(InvalidStatus) as refused:
        connect(ws_url(tv, "?access_token=wrong"), open_timeout=5)
    assert refused.value.response.status_code == 401
    with pytest.raises(InvalidStatus) as unknown:
        connect(ws_url(tv, f"?access_token={tv.api_key}&id=never-negotiated"), open_timeout=5)
    assert unknown.value.response.status_code == 404


def test_handshake_version_message_and_unknown_protocol(tv: RunningService) -> None:
    token = httpx.post(
        f"{tv.url}/signalr/messages/negotiate",
        params={"negotiateVersion": 1, "access_token": tv.api_key},
    ).json()["connectionToken"]
    with connect(ws_url(tv, f"?access_token={tv.api_key}&id={token}")) as ws:
        ws.send('{"protocol":"json",' + '"version":1}' + RS)  # may arrive split or joined
        frames = read_frames(ws)
        while len(frames) < 2:
            frames += read_frames(ws)
        assert frames[0] == {}
        assert frames[1]["type"] == 1 and frames[1]["target"] == "receiveMessage"
        assert frames[1]["arguments"][0] == {
            "name": "version",
            "body": {"version": tv.ctx.version},
        }
        ws.send(json.dumps({"type": 7}) + RS)
        while (last := read_frames(ws)[-1])["type"] == 6:  # a keep-alive may come first
            pass
        assert last == {"type": 7}
    with connect(ws_url(tv, f"?access_token={tv.api_key}")) as ws:  # skipNegotiation
        ws.send(json.dumps({"protocol": "messagepack", "version": 1}) + RS)
        [answer] = read_frames(ws)
        assert answer == {"error": "The protocol 'messagepack' is not supported."}


def test_pings_both_ways_and_silent_clients_are_dropped(tv: RunningService) -> None:
    hub = tv.ctx.extras["signalr_hub"]
    assert isinstance(hub, MessageHub)
    saved = hub.keepalive_seconds, hub.client_timeout_seconds
    hub.keepalive_seconds, hub.client_timeout_seconds = 0.1, 1.0
    try:
        with connect(ws_url(tv, f"?access_token={tv.api_key}")) as ws:
            ws.send(json.dumps({"protocol": "json", "version": 1}) + RS)
            types: list[int] = []
            while types.count(6) < 3:  # the server pings while it has nothing else to say
                types += [f.get("type", 0) for f in read_frames(ws)]
                ws.send(json.dumps({"type": 6}) + RS)  # and our pings keep us connected
            pinged = [f for f in read_frames(ws) if f.get("type") == 6]
            assert pinged
            while True:  # now silent: the server closes with the reason
                last = read_frames(ws, timeout=5)[-1]
                if last["type"] == 7:
                    break
            assert "timeout" in last["error"]
    finally:
        hub.keepalive_seconds, hub.client_timeout_seconds = saved


def test_ui_session_cookie_and_key_header_are_accepted(tv: RunningService) -> None:
    cookie = f"{SESSION_COOKIE}={tv.ctx.auth.issue_session()}"
    for headers in ({"Cookie": cookie}, {"X-Api-Key": tv.api_key}):
        with connect(ws_url(tv, ""), additional_headers=headers) as ws:
            ws.send(json.dumps({"protocol": "json", "version": 1}) + RS)
            assert read_frames(ws)[0] == {}
    with pytest.raises(InvalidStatus):
        connect(ws_url(tv, ""), additional_headers={"Cookie": f"{SESSION_COOKIE}=forged"})


@pytest.mark.parametrize(("role", "api"), [(Role.MOVIES, "/api/v3"), (Role.MUSIC, "/api/v1")])
def test_radarr_and_lidarr_hubs_push_their_changes(
    role: Role, api: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    saved = clear_mediastack_env()
    try:
        with running_service(role, tmp_path_factory.mktemp(role.value)) as svc:
            headers = {"X-Api-Key": svc.api_key}
            with connect(ws_url(svc, f"?access_token={svc.api_key}")) as ws:
                ws.send(json.dumps({"protocol": "json", "version": 1}) + RS)
                received: list[dict[str, Any]] = []
                while len(received) < 2:  # the handshake answer and the version message
                    received += read_frames(ws)
                tag = httpx.post(f"{svc.url}{api}/tag", json={"label": "hd"}, headers=headers)
                assert tag.status_code in (200, 201), tag.text
                httpx.delete(f"{svc.url}{api}/tag/{tag.json()['id']}", headers=headers)
                events: list[Any] = []
                while len(events) < 2:
                    events += [
                        f["arguments"][0]["body"]
                        for f in read_frames(ws)
                        if f.get("type") == 1 and f["arguments"][0]["name"] == "tag"
                    ]
                assert events == [
                    {"action": "updated", "resource": tag.json()},
                    {"action": "deleted", "resource": {"id": tag.json()["id"]}},
                ]
    finally:
        os.environ.update(saved)
