"""Fan-out of change events from any thread to the hub's connections on the event loop.

Commands, imports and health checks run in worker threads while the WebSocket connections
live on the server's loop, so publishing hands each connection its frame with
``call_soon_threadsafe``. Each connection's queue is bounded: a client that stops reading
loses its oldest events (and is told to resync by the next ``sync``) instead of growing
memory. With nobody connected, ``publish`` returns before building anything.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from mediastack.manager.signalr.protocol import encode, invocation

log = logging.getLogger(__name__)

CLIENT_METHOD = "receiveMessage"
DEFAULT_QUEUE_LIMIT = 256


class Subscription:
    """One connection's inbox; only touched on its loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop, limit: int) -> None:
        self.loop = loop
        self.queue: asyncio.Queue[str] = asyncio.Queue(maxsize=limit)
        self.dropped = 0

    def offer(self, frame: str) -> None:
        if self.queue.full():
            self.queue.get_nowait()
            self.dropped += 1
        self.queue.put_nowait(frame)


def event_message(name: str, action: str, resource: Any = None) -> dict[str, Any]:
    """The upstream ``receiveMessage`` argument: ``{name, body: {action, resource}}``."""
    body: dict[str, Any] = {"action": action}
    if resource is not None:
        body["resource"] = resource
    return {"name": name, "body": body}


class Broadcaster:
    def __init__(self, queue_limit: int = DEFAULT_QUEUE_LIMIT) -> None:
        self.queue_limit = queue_limit
        self._subscriptions: set[Subscription] = set()
        self._lock = threading.Lock()

    @property
    def has_subscribers(self) -> bool:
        return bool(self._subscriptions)

    def subscribe(self) -> Subscription:
        """Called on the loop that will read the subscription."""
        subscription = Subscription(asyncio.get_running_loop(), self.queue_limit)
        with self._lock:
            self._subscriptions.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscriptions.discard(subscription)

    def publish(self, name: str, action: str, resource: Any = None) -> None:
        """Send one event to every connection; safe from any thread, never blocks."""
        if not self._subscriptions:
            return
        with self._lock:
            targets = list(self._subscriptions)
        frame = encode(invocation(CLIENT_METHOD, event_message(name, action, resource)))
        for subscription in targets:
            try:
                subscription.loop.call_soon_threadsafe(subscription.offer, frame)
            except RuntimeError:  # that loop has closed: the connection is gone
                self.unsubscribe(subscription)
