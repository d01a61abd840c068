"""The Webhook client: what it sends (method, JSON, basic auth, headers) and how it fails."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

import httpx

from mediastack.manager.notifications.definitions import EVENT_FLAGS, WEBHOOK
from mediastack.manager.notifications.dispatch import Notifier
from mediastack.manager.notifications.store import Notification
from mediastack.manager.notifications.webhook import send_webhook

SEEN: list[httpx.Request] = []


def client(status: int = 200) -> httpx.AsyncClient:
    def handler(request: httpx.Request) -> httpx.Response:
        SEEN.append(request)
        return httpx.Response(status)

    SEEN.clear()
    return httpx.AsyncClient(transport=httpx.MockTransport(handler))


async def test_posts_json_with_basic_auth_and_headers() -> None:
    settings = {
        "url": "http://hooks.example/in",
        "method": 1,
        "username": "user",
        "password": "pa:ss",
        "headers": [{"key": "X-Token", "value": "abc"}],
    }
    async with client() as http:
        assert await send_webhook(settings, {"eventType": "Test"}, http) is None
    [request] = SEEN
    assert request.method == "POST" and str(request.url) == "http://hooks.example/in"
    assert json.loads(request.content) == {"eventType": "Test"}
    assert request.headers["content-type"] == "application/json"
    expected = base64.b64encode(b"user:pa:ss").decode()
    assert request.headers["authorization"] == f"Basic {expected}"
    assert request.headers["x-token"] == "abc"


async def test_put_and_no_auth_when_unset() -> None:
    async with client() as http:
        assert await send_webhook({"url": "http://h.example/", "method": 2}, {}, http) is None
    [request] = SEEN
    assert request.method == "PUT" and "authorization" not in request.headers


async def test_failures_are_returned_not_raised() -> None:
    async with client(500) as http:
        error = await send_webhook({"url": "http://h.example/"}, {}, http)
    assert error is not None and "500" in error

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as http:
        error = await send_webhook({"url": "http://h.example/"}, {}, http)
    assert error is not None and "connection refused" in error
    assert await send_webhook({"url": ""}, {}) == "Webhook URL is not set"
    assert await send_webhook({"url": "not a url"}, {}) is not None


@dataclass
class FakeStore:
    items: list[Notification] = field(default_factory=list)

    def list(self) -> list[Notification]:
        return self.items


def notification(nid: int, url: str, **events: bool) -> Notification:
    flags = {col: events.get(col, False) for col in EVENT_FLAGS.values()}
    return Notification(nid, f"n{nid}", WEBHOOK, flags, settings={"url": url})


async def test_notifier_sends_to_subscribers_only_and_survives_failures() -> None:
    store = FakeStore(
        [
            notification(1, "http://127.0.0.1:9/dead", on_grab=True),
            notification(2, "http://x.example/", on_download=True),
        ]
    )
    notifier = Notifier(store, "Sonarr")  # type: ignore[arg-type]
    deliveries = await notifier.notify("Grab", {"downloadId": "d1"})
    assert [(d.notification_id, d.error is not None) for d in deliveries] == [(1, True)]
    assert await notifier.notify("Rename", {}) == []
    assert notifier.targets("Download", {"isUpgrade": True}) == []  # needs onUpgrade
    body: dict[str, Any] = notifier.envelope("Grab", {"downloadId": "d1"})
    assert body["eventType"] == "Grab" and body["instanceName"] == "Sonarr"
