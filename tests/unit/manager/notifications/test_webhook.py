"""The Webhook client: what it sends (method, JSON, basic auth, headers) and how it fails."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field

import httpx

from mediastack.core.health import HealthLevel, HealthResult
from mediastack.manager.notifications.definitions import EVENT_FLAGS, WEBHOOK, EventType
from mediastack.manager.notifications.dispatch import Notifier
from mediastack.manager.notifications.events import MediaItem, NotificationEvent, health_event
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


def notification(
    nid: int, url: str, tags: list[int] | None = None, warnings: bool = False, **events: bool
) -> Notification:
    flags = {col: events.get(col, False) for col in EVENT_FLAGS.values()}
    return Notification(
        nid,
        f"n{nid}",
        WEBHOOK,
        flags,
        include_health_warnings=warnings,
        settings={"url": url},
        tags=tags or [],
    )


def notifier(*items: Notification) -> Notifier:
    return Notifier(
        FakeStore(list(items)),  # type: ignore[arg-type]
        app_name="Sonarr",
        version="4.0.15.2941",
        media_kind="series",
    )


ITEM = MediaItem(1, "series", "Show", 2020, "/tv/Show", "/tv", tags=frozenset({5}))


async def test_notifier_sends_to_subscribers_only_and_survives_failures() -> None:
    sender = notifier(
        notification(1, "http://127.0.0.1:9/dead", on_grab=True),
        notification(2, "http://x.example/", on_download=True),
    )
    deliveries = await sender.notify(NotificationEvent(EventType.GRAB, {"downloadId": "d1"}))
    assert [(d.notification_id, d.error is not None) for d in deliveries] == [(1, True)]
    assert sender.status.failing().keys() == {1}  # shown on System > Status
    assert await sender.notify(NotificationEvent(EventType.RENAME, {})) == []


def test_targets_follow_the_originals_rules() -> None:
    sender = notifier(
        notification(1, "u", on_download=True),
        notification(2, "u", on_download=True, on_upgrade=True),
        notification(3, "u", tags=[9], on_download=True, on_upgrade=True),
        notification(4, "u", on_episode_file_delete=True),
        notification(5, "u", on_episode_file_delete=True, on_episode_file_delete_for_upgrade=True),
        notification(6, "u", on_health_issue=True),
        notification(7, "u", warnings=True, on_health_issue=True),
    )

    def ids(event: NotificationEvent) -> list[int]:
        return [n.id for n in sender.targets(event)]

    download = NotificationEvent(EventType.DOWNLOAD, {}, item=ITEM)
    assert ids(download) == [1, 2]  # 3's tag is not on the series
    assert ids(NotificationEvent(EventType.DOWNLOAD, {}, item=ITEM, is_upgrade=True)) == [2]
    deleted = NotificationEvent(EventType.EPISODE_FILE_DELETE, {}, item=ITEM)
    assert ids(deleted) == [4, 5]
    upgrade = NotificationEvent(
        EventType.EPISODE_FILE_DELETE, {}, item=ITEM, delete_reason="upgrade"
    )
    assert ids(upgrade) == [5]
    warning = health_event(HealthResult("IndexerCheck", HealthLevel.WARNING, "slow"))
    error = health_event(HealthResult("IndexerCheck", HealthLevel.ERROR, "down"))
    assert ids(warning) == [7] and ids(error) == [6, 7]


async def test_submit_never_blocks_and_delivers_in_the_background() -> None:
    sender = notifier(notification(1, "http://127.0.0.1:9/dead", on_grab=True))
    sender.submit(NotificationEvent(EventType.GRAB, {}))
    assert sender.wait_idle(15)
    assert sender.status.failing().keys() == {1}
    await sender.stop()
