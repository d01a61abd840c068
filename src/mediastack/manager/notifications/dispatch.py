"""Sending an event to every notification subscribed to it."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mediastack.manager.notifications.definitions import EVENT_SUBSCRIPTION
from mediastack.manager.notifications.store import Notification, NotificationStore
from mediastack.manager.notifications.webhook import send_webhook

log = logging.getLogger(__name__)

Sender = Callable[[Mapping[str, Any], Mapping[str, Any]], Awaitable[str | None]]


@dataclass(frozen=True, slots=True)
class Delivery:
    notification_id: int
    name: str
    error: str | None  # None: delivered


def _senders() -> dict[str, Sender]:
    return {"Webhook": send_webhook}


class Notifier:
    """Best-effort, concurrent delivery; nothing here raises into the event's source."""

    def __init__(
        self, store: NotificationStore, instance_name: str, application_url: str = ""
    ) -> None:
        self.store = store
        self.instance_name = instance_name
        self.application_url = application_url
        self._threads: set[threading.Thread] = set()
        self._lock = threading.Lock()

    def envelope(self, event_type: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = {"eventType": event_type}
        body.update(payload)
        body.setdefault("instanceName", self.instance_name)
        body.setdefault("applicationUrl", self.application_url)
        return body

    def targets(self, event_type: str, payload: Mapping[str, Any]) -> list[Notification]:
        flag = EVENT_SUBSCRIPTION.get(event_type)
        if flag is None:
            return []
        if event_type == "Download" and payload.get("isUpgrade"):
            flag = "on_upgrade"
        return [n for n in self.store.list() if n.subscribed(flag)]

    async def send(self, notification: Notification, body: Mapping[str, Any]) -> Delivery:
        sender = _senders().get(notification.definition.implementation)
        if sender is None:
            return Delivery(notification.id, notification.name, "Unsupported implementation")
        try:
            error = await sender(notification.settings, body)
        except Exception as exc:  # a notifier must never break the caller
            log.exception("notification %s failed", notification.name)
            error = str(exc) or type(exc).__name__
        return Delivery(notification.id, notification.name, error)

    async def notify(self, event_type: str, payload: Mapping[str, Any]) -> list[Delivery]:
        """Send to every enabled notification subscribed to ``event_type``."""
        try:
            targets = await asyncio.to_thread(self.targets, event_type, payload)
        except Exception:
            log.exception("could not list the notifications for %s", event_type)
            return []
        if not targets:
            return []
        body = self.envelope(event_type, payload)
        return list(await asyncio.gather(*(self.send(n, body) for n in targets)))

    def submit(self, event_type: str, payload: Mapping[str, Any]) -> threading.Thread:
        """Fire and forget from any thread or loop: the event goes out on its own thread,
        so a slow receiver never holds up a grab or an import."""

        def run() -> None:
            try:
                asyncio.run(self.notify(event_type, payload))
            except Exception:
                log.exception("sending %s notifications failed", event_type)
            finally:
                with self._lock:
                    self._threads.discard(thread)

        thread = threading.Thread(target=run, name=f"notify-{event_type}", daemon=True)
        with self._lock:
            self._threads.add(thread)
        thread.start()
        return thread
