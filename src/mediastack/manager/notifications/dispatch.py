"""Sending events to the notification connections subscribed to them.

Events are handed over with :meth:`Notifier.submit`, which only queues them: one worker
thread delivers them in order, each event to all its connections at once, every call
bounded by a timeout. Nothing here raises into the grab, the import or the API call that
caused the event. Media servers collect their refreshes while a batch of events is
delivered and refresh once per item at the end of the batch, as the originals do.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from mediastack.core.health import HealthLevel
from mediastack.core.http import FieldError
from mediastack.manager.notifications.apprise import Apprise
from mediastack.manager.notifications.base import (
    NotificationFailure,
    NotificationProvider,
    ProviderContext,
    failure_text,
)
from mediastack.manager.notifications.definitions import EVENT_SUBSCRIPTION, EventType
from mediastack.manager.notifications.events import ItemKind, NotificationEvent, probe_event
from mediastack.manager.notifications.media_browser import MediaBrowser
from mediastack.manager.notifications.plex_server import PlexServer
from mediastack.manager.notifications.status import NotificationStatus
from mediastack.manager.notifications.store import Notification, NotificationStore
from mediastack.manager.notifications.webhook import Webhook
from mediastack.manager.tags import TagStore

log = logging.getLogger(__name__)

#: The most one connection may take for one event (its HTTP calls have their own limit).
DELIVERY_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class Delivery:
    notification_id: int
    name: str
    error: str | None  # None: delivered


def providers() -> dict[str, NotificationProvider]:
    found: list[NotificationProvider] = [Webhook(), MediaBrowser(), PlexServer(), Apprise()]
    return {p.definition.implementation: p for p in found}


def _health_wanted(notification: Notification, level: HealthLevel | None) -> bool:
    """Errors always; warnings only for connections that ask for them."""
    if level is HealthLevel.ERROR:
        return True
    return level is HealthLevel.WARNING and notification.include_health_warnings


class Notifier:
    """Best-effort delivery of events; also a service component (its worker thread)."""

    name = "notifications"

    def __init__(
        self,
        store: NotificationStore,
        *,
        app_name: str,
        version: str,
        media_kind: ItemKind,
        instance_name: str = "",
        application_url: str = "",
        tags: TagStore | None = None,
        status: NotificationStatus | None = None,
    ) -> None:
        self.store = store
        self.app_name = app_name
        self.version = version
        self.media_kind: ItemKind = media_kind
        self.instance_name = instance_name or app_name
        self.application_url = application_url
        self.tags = tags
        self.status = status or NotificationStatus()
        self.providers = providers()
        self.test_payload: Mapping[str, Any] = {}  # the domain's made-up item for "Test"
        self.client_identifier = str(
            uuid.uuid5(uuid.NAMESPACE_URL, f"mediastack:{app_name}:{self.instance_name}")
        )
        self._inbox: queue.Queue[NotificationEvent | None] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()
        self._busy = 0
        self._idle = threading.Condition(self._lock)

    # ---- what an event goes to ---------------------------------------------------------

    def tag_labels(self, tag_ids: Iterable[int]) -> list[str]:
        """Tag labels, sorted, as the originals put them in payloads."""
        wanted = set(tag_ids)
        if not wanted or self.tags is None:
            return []
        return sorted(t.label for t in self.tags.list() if t.id in wanted and t.label)

    @staticmethod
    def _filtered_out(n: Notification, event: NotificationEvent) -> bool:
        """The originals' extra rules: upgrades and upgrade-deletes need their own flag,
        health events their level."""
        if event.type is EventType.DOWNLOAD and event.is_upgrade:
            return not n.subscribed("on_upgrade")
        if event.type is EventType.EPISODE_FILE_DELETE and event.delete_reason == "upgrade":
            return not n.subscribed("on_episode_file_delete_for_upgrade")
        if event.type in (EventType.HEALTH, EventType.HEALTH_RESTORED):
            return not _health_wanted(n, event.health_level)
        return False

    def targets(self, event: NotificationEvent) -> list[Notification]:
        flag = EVENT_SUBSCRIPTION.get(event.type)
        if flag is None:
            return []
        item_tags = event.item.tags if event.item else None
        out = []
        for n in self.store.list():
            if not n.subscribed(flag) or not n.covers(item_tags):
                continue
            if self._filtered_out(n, event):
                continue
            out.append(n)
        return out

    # ---- delivering ----------------------------------------------------------------------

    def context(self, http: httpx.AsyncClient) -> ProviderContext:
        return ProviderContext(
            http=http,
            app_name=self.app_name,
            version=self.version,
            client_identifier=self.client_identifier,
            media_kind=self.media_kind,
            instance_name=self.instance_name,
            application_url=self.application_url,
        )

    def _provider(self, notification: Notification) -> NotificationProvider | None:
        return self.providers.get(notification.definition.implementation)

    async def _guarded(self, notification: Notification, work: Any, what: str) -> str | None:
        error: str | None = None
        try:
            await asyncio.wait_for(work, DELIVERY_TIMEOUT_SECONDS)
        except NotificationFailure as exc:
            error = failure_text(exc)
            log.warning("%s to %s failed: %s", what, notification.name, error)
        except TimeoutError:
            error = f"No answer within {DELIVERY_TIMEOUT_SECONDS:g} seconds"
            log.warning("%s to %s failed: %s", what, notification.name, error)
        except Exception as exc:  # a notifier must never break the caller
            error = failure_text(exc)
            log.exception("%s to %s failed", what, notification.name)
        self.status.record(notification.id, error)
        return error

    async def send(
        self, notification: Notification, event: NotificationEvent, ctx: ProviderContext
    ) -> Delivery:
        provider = self._provider(notification)
        if provider is None:
            return Delivery(notification.id, notification.name, "Unsupported implementation")
        work = provider.handle(notification.id, notification.settings, event, ctx)
        error = await self._guarded(notification, work, f"{event.type.value} notification")
        return Delivery(notification.id, notification.name, error)

    async def process_queues(
        self, notifications: Iterable[Notification], ctx: ProviderContext
    ) -> None:
        """The media servers' batched refreshes, one pass per connection."""
        for n in notifications:
            provider = self._provider(n)
            if provider is not None and provider.has_pending(n.id):
                work = provider.process_queue(n.id, n.settings, ctx)
                await self._guarded(n, work, "Library update")

    async def deliver(self, events: list[NotificationEvent]) -> list[Delivery]:
        """Deliver ``events`` in order, then run the refreshes they queued."""
        deliveries: list[Delivery] = []
        touched: dict[int, Notification] = {}
        async with httpx.AsyncClient() as http:
            ctx = self.context(http)
            for event in events:
                try:
                    targets = await asyncio.to_thread(self.targets, event)
                except Exception:
                    log.exception("could not list the notifications for %s", event.type)
                    continue
                touched.update((n.id, n) for n in targets)
                deliveries += await asyncio.gather(*(self.send(n, event, ctx) for n in targets))
            await self.process_queues(touched.values(), ctx)
        return deliveries

    async def notify(self, event: NotificationEvent) -> list[Delivery]:
        """Deliver one event now (the worker's way, for callers already off the hot path)."""
        return await self.deliver([event])

    async def test(self, notification: Notification) -> FieldError | None:
        """The API's test: a real round trip, answered with the setting to blame."""
        provider = self._provider(notification)
        if provider is None:
            return FieldError("Implementation", "Unsupported implementation")
        event = probe_event(self.app_name, self.test_payload)
        async with httpx.AsyncClient() as http:
            try:
                return await asyncio.wait_for(
                    provider.test(notification.settings, event, self.context(http)),
                    DELIVERY_TIMEOUT_SECONDS,
                )
            except TimeoutError:
                return FieldError("Host", "Unable to send test message: no answer")
            except Exception as exc:
                log.exception("testing %s failed", notification.name)
                return FieldError("Host", f"Unable to send test message: {failure_text(exc)}")

    # ---- the worker ----------------------------------------------------------------------

    def submit(self, event: NotificationEvent) -> None:
        """Queue ``event`` for delivery; returns at once and never raises."""
        try:
            with self._lock:
                self._busy += 1
                if self._worker is None or not self._worker.is_alive():
                    self._worker = threading.Thread(
                        target=self._run, name="notifications", daemon=True
                    )
                    self._worker.start()
            self._inbox.put(event)
        except Exception:
            log.exception("could not queue the %s notification", event.type)

    def _run(self) -> None:
        while True:
            first = self._inbox.get()
            if first is None:
                return
            batch = [first]
            while True:
                try:
                    more = self._inbox.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._inbox.put(None)  # stop after this batch
                    break
                batch.append(more)
            try:
                asyncio.run(self.deliver(batch))
            except Exception:
                log.exception("delivering %d notification events failed", len(batch))
            finally:
                with self._lock:
                    self._busy -= len(batch)
                    self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until every submitted event was delivered (tests, shutdown)."""
        with self._lock:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        await asyncio.to_thread(self.wait_idle, 5.0)
        with self._lock:
            worker = self._worker
        if worker is not None and worker.is_alive():
            self._inbox.put(None)
            await asyncio.to_thread(worker.join, 5.0)
