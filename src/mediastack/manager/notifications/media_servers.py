"""What Emby/Jellyfin and Plex share: the per-item refresh queue and path mapping.

The originals never refresh a media server inline. Each event only queues its item (a
series, a movie) per connection, merging repeated events for one item; a later pass sends
one refresh per item. Ten episodes imported in one pass cost one library refresh, not ten.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from mediastack.manager.download_clients.remote_path_mapping import parse_client_path
from mediastack.manager.notifications.base import NotificationProvider, ProviderContext, flag
from mediastack.manager.notifications.events import MediaItem, NotificationEvent, UpdateType


@dataclass(slots=True)
class PendingUpdate:
    item: MediaItem
    kinds: set[UpdateType | None] = field(default_factory=set)

    @property
    def update_type(self) -> UpdateType | None:
        """One kind of change is passed on; a mix is left to the server to work out."""
        return next(iter(self.kinds)) if len(self.kinds) == 1 else None


class UpdateQueue:
    """Pending refreshes per connection (its id), merged per library item."""

    def __init__(self) -> None:
        self._pending: dict[int, dict[int, PendingUpdate]] = {}
        self._lock = threading.Lock()

    def add(self, key: int, item: MediaItem, kind: UpdateType | None) -> None:
        with self._lock:
            pending = self._pending.setdefault(key, {})
            entry = pending.get(item.id)
            if entry is None:
                entry = pending[item.id] = PendingUpdate(item)
            else:
                entry.item = item  # the newest view of the item (a renamed folder)
            entry.kinds.add(kind)

    def take(self, key: int) -> list[PendingUpdate]:
        with self._lock:
            return list(self._pending.pop(key, {}).values())

    def pending(self, key: int) -> int:
        with self._lock:
            return len(self._pending.get(key, {}))


def map_path(path: str, map_from: str, map_to: str) -> str:
    """``path`` as the media server sees it: ``map_from`` swapped for ``map_to`` (the
    servers often mount the library elsewhere); unchanged when unset or not under it."""
    if not map_from or not map_to:
        return path
    source, parsed = parse_client_path(map_from), parse_client_path(path)
    if type(source) is not type(parsed) or not parsed.is_relative_to(source):
        return path
    target: PurePath = parse_client_path(map_to)
    return str(target.joinpath(*parsed.relative_to(source).parts))


def relative_to_root(path: str, root: str) -> str:
    """The item's folder below its library root (``Show`` for ``/tv/Show``)."""
    parsed, base = parse_client_path(path), parse_client_path(root)
    if root and type(parsed) is type(base) and parsed.is_relative_to(base):
        return str(parsed.relative_to(base))
    return parsed.name


class MediaServer(NotificationProvider):
    """A provider that refreshes a media server's library: events queue their item,
    ``process_queue`` hands the merged batch to ``refresh``."""

    def __init__(self) -> None:
        self.queue = UpdateQueue()

    def queue_refresh(
        self, key: int, settings: Mapping[str, Any], event: NotificationEvent
    ) -> None:
        if event.item is not None and event.update_type and flag(settings, "updateLibrary", True):
            self.queue.add(key, event.item, event.update_type)

    def has_pending(self, key: int) -> bool:
        return self.queue.pending(key) > 0

    async def process_queue(
        self, key: int, settings: Mapping[str, Any], ctx: ProviderContext
    ) -> None:
        while pending := self.queue.take(key):
            if not flag(settings, "updateLibrary", True):
                return
            await self.refresh(settings, pending, ctx)

    async def refresh(
        self, settings: Mapping[str, Any], pending: list[PendingUpdate], ctx: ProviderContext
    ) -> None:
        raise NotImplementedError
