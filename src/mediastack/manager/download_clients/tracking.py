"""Tracked downloads: what the manager knows about every job it has in a download client.

The clients are the source of truth for *progress*; the manager is the source of truth
for *what happens next* (import pending, importing, imported, failed, ignored). A
``DownloadTracker`` merges the two on every refresh: it polls every enabled client
concurrently, keys jobs by (client id, download id), moves each through its lifecycle, and
marks the ones that vanished from their client. A client that cannot be reached keeps its
jobs as they were (a restart of qBittorrent must not look like every torrent was deleted)
and reports the error on its own.

In memory for now; persisting it (so that "imported" survives a restart) belongs to the
database layer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import PurePath

from mediastack.manager.download_clients.base import (
    DownloadClientItem,
    DownloadClientProvider,
    DownloadItemStatus,
    Protocol,
)

log = logging.getLogger(__name__)

TrackingKey = tuple[int, str]  # (client id, download id as the client spells it, lowered)


class TrackedDownloadState(StrEnum):
    """Where the job is in the manager's lifecycle (Sonarr's ``TrackedDownloadState``)."""

    DOWNLOADING = "downloading"
    IMPORT_PENDING = "importPending"
    IMPORTING = "importing"
    IMPORTED = "imported"
    FAILED = "failed"
    IGNORED = "ignored"


class TrackedDownloadStatus(StrEnum):
    """How healthy the job looks: shown as the queue row's colour."""

    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


# States the manager decided; a client refresh never moves a job out of them.
_MANAGER_OWNED = frozenset(
    {
        TrackedDownloadState.IMPORTING,
        TrackedDownloadState.IMPORTED,
        TrackedDownloadState.FAILED,
        TrackedDownloadState.IGNORED,
    }
)
# States that no longer belong in the queue view.
_FINISHED = frozenset({TrackedDownloadState.IMPORTED, TrackedDownloadState.IGNORED})


@dataclass(frozen=True, slots=True)
class StatusMessage:
    """A titled group of messages (Sonarr's ``TrackedDownloadStatusMessage``)."""

    title: str
    messages: tuple[str, ...] = ()


@dataclass(slots=True)
class TrackedDownload:
    """One job in one client, with the manager's view of it."""

    client_id: int
    client_name: str
    protocol: Protocol
    item: DownloadClientItem
    state: TrackedDownloadState
    first_seen: datetime
    last_seen: datetime
    status_messages: list[StatusMessage] = field(default_factory=list)
    failure_reason: str | None = None  # set by the manager (import failed, blocklisted...)
    vanished_at: datetime | None = None

    @property
    def status(self) -> TrackedDownloadStatus:
        """Error when failed, warning when the client or the importer has a complaint."""
        if (
            self.state is TrackedDownloadState.FAILED
            or self.item.status is DownloadItemStatus.FAILED
        ):
            return TrackedDownloadStatus.ERROR
        if self.item.status is DownloadItemStatus.WARNING or self.status_messages:
            return TrackedDownloadStatus.WARNING
        return TrackedDownloadStatus.OK

    @property
    def error(self) -> str | None:
        """The one-line reason shown in the queue: the manager's, else the client's."""
        if self.failure_reason:
            return self.failure_reason
        if self.item.status is DownloadItemStatus.FAILED:
            return self.item.message or "The download client reports the download failed"
        if self.item.status is DownloadItemStatus.WARNING:
            return self.item.message
        return None

    @property
    def key(self) -> TrackingKey:
        return (self.client_id, self.item.download_id.lower())

    @property
    def download_id(self) -> str:
        return self.item.download_id

    @property
    def title(self) -> str:
        return self.item.title

    @property
    def progress(self) -> float:
        return self.item.progress

    @property
    def vanished(self) -> bool:
        """The client no longer lists the job (removed by hand, or by the client itself)."""
        return self.vanished_at is not None

    def estimated_completion(self, now: datetime) -> datetime | None:
        """When the client expects to finish; None if it cannot say."""
        remaining = self.item.remaining_time
        if remaining is None:
            return None
        return now + timedelta(seconds=remaining)

    def warn(self, title: str, *messages: str) -> None:
        """Attach the importer's complaint (replacing an older one with the same title)."""
        self.status_messages = [m for m in self.status_messages if m.title != title]
        self.status_messages.append(StatusMessage(title, messages))


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One row of the queue the API shows, flattened; the API layer picks the casing."""

    client_id: int
    client_name: str
    protocol: Protocol
    download_id: str
    title: str
    category: str | None
    size: int
    size_left: int
    progress: float
    time_left: float | None
    estimated_completion_time: datetime | None
    client_status: DownloadItemStatus
    state: TrackedDownloadState
    status: TrackedDownloadStatus
    status_messages: tuple[StatusMessage, ...]
    error_message: str | None
    output_path: PurePath | None


@dataclass(frozen=True, slots=True)
class RefreshResult:
    """What a refresh saw: which clients answered, and the error of each that did not."""

    polled: tuple[int, ...]
    errors: dict[int, str]


def _now() -> datetime:
    return datetime.now(UTC)


def _apply_client_view(tracked: TrackedDownload) -> None:
    """Advance the lifecycle from the client's latest item; manager-owned states stay."""
    if tracked.state in _MANAGER_OWNED:
        return
    status = tracked.item.status
    if status is DownloadItemStatus.COMPLETED:
        tracked.state = TrackedDownloadState.IMPORT_PENDING
    elif status is DownloadItemStatus.FAILED:
        tracked.state = TrackedDownloadState.FAILED
    else:
        # Includes a completed job turning into a warning (e.g. a path problem): it is not
        # importable any more, so it is not pending an import.
        tracked.state = TrackedDownloadState.DOWNLOADING


class DownloadTracker:
    """Polls the enabled clients and keeps every job they hold, keyed by (client, id).

    ``providers`` is called on every refresh, so enabling, disabling or editing a client
    takes effect on the next poll without rebuilding the tracker. Providers must carry a
    ``client_id``.
    """

    def __init__(
        self,
        providers: Callable[[], Iterable[DownloadClientProvider]],
        *,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._providers = providers
        self._clock = clock
        self._tracked: dict[TrackingKey, TrackedDownload] = {}
        self.client_errors: dict[int, str] = {}
        self._lock = asyncio.Lock()

    # ------------------------------------------------------------------ refresh

    async def refresh(self) -> RefreshResult:
        """Poll every enabled client once, concurrently, and merge what they report."""
        async with self._lock:
            providers = [p for p in self._providers() if p.client_id is not None]
            results = await asyncio.gather(
                *(p.get_items() for p in providers), return_exceptions=True
            )
            now = self._clock()
            polled: list[int] = []
            errors: dict[int, str] = {}
            for provider, result in zip(providers, results, strict=True):
                client_id = provider.client_id
                assert client_id is not None
                if isinstance(result, BaseException):
                    if not isinstance(result, Exception):
                        raise result
                    errors[client_id] = f"{type(result).__name__}: {result}"
                    log.warning("download client %s unavailable: %s", provider.name, result)
                    continue
                polled.append(client_id)
                self._merge(provider, result, now)
            configured = {p.client_id for p in providers}
            for tracked in self._tracked.values():
                if tracked.client_id not in configured and tracked.vanished_at is None:
                    tracked.vanished_at = now  # the client was disabled or deleted
            self.client_errors = errors
            return RefreshResult(tuple(polled), errors)

    def _merge(
        self, provider: DownloadClientProvider, items: list[DownloadClientItem], now: datetime
    ) -> None:
        client_id = provider.client_id
        assert client_id is not None
        seen: set[TrackingKey] = set()
        for item in items:
            key = (client_id, item.download_id.lower())
            seen.add(key)
            tracked = self._tracked.get(key)
            if tracked is None:
                tracked = TrackedDownload(
                    client_id=client_id,
                    client_name=provider.name,
                    protocol=provider.protocol,
                    item=item,
                    state=TrackedDownloadState.DOWNLOADING,
                    first_seen=now,
                    last_seen=now,
                )
                self._tracked[key] = tracked
            else:
                tracked.item = item
                tracked.client_name = provider.name
                tracked.last_seen = now
                tracked.vanished_at = None
            _apply_client_view(tracked)
        for key, tracked in self._tracked.items():
            if key[0] == client_id and key not in seen and tracked.vanished_at is None:
                tracked.vanished_at = now
                tracked.item.removed = True

    # ------------------------------------------------------------------ lifecycle

    def get(self, client_id: int, download_id: str) -> TrackedDownload | None:
        return self._tracked.get((client_id, download_id.lower()))

    def find(self, download_id: str) -> TrackedDownload | None:
        """By download id alone (ids are unique in practice: info-hashes, nzo_ids)."""
        wanted = download_id.lower()
        return next((t for t in self._tracked.values() if t.key[1] == wanted), None)

    def _require(self, client_id: int, download_id: str) -> TrackedDownload:
        tracked = self.get(client_id, download_id)
        if tracked is None:
            raise KeyError(f"no tracked download {download_id!r} in client {client_id}")
        return tracked

    def mark_importing(self, client_id: int, download_id: str) -> TrackedDownload:
        tracked = self._require(client_id, download_id)
        tracked.state = TrackedDownloadState.IMPORTING
        return tracked

    def mark_imported(self, client_id: int, download_id: str) -> TrackedDownload:
        tracked = self._require(client_id, download_id)
        tracked.state = TrackedDownloadState.IMPORTED
        return tracked

    def mark_import_blocked(
        self, client_id: int, download_id: str, title: str, *messages: str
    ) -> TrackedDownload:
        """The import could not proceed (no match, path not found): back to pending + why."""
        tracked = self._require(client_id, download_id)
        tracked.state = TrackedDownloadState.IMPORT_PENDING
        tracked.warn(title, *messages)
        return tracked

    def mark_failed(self, client_id: int, download_id: str, reason: str) -> TrackedDownload:
        tracked = self._require(client_id, download_id)
        tracked.state = TrackedDownloadState.FAILED
        tracked.failure_reason = reason
        return tracked

    def mark_removed(self, client_id: int, download_id: str) -> TrackedDownload:
        """The manager removed the job from its client: it leaves the queue now, not at the
        next poll (a search queued meanwhile must not see it)."""
        tracked = self._require(client_id, download_id)
        tracked.vanished_at = self._clock()
        tracked.item.removed = True
        return tracked

    def ignore(self, client_id: int, download_id: str) -> TrackedDownload:
        """The user chose to stop tracking it (it stays in the client)."""
        tracked = self._require(client_id, download_id)
        tracked.state = TrackedDownloadState.IGNORED
        return tracked

    def forget_vanished(self, older_than: timedelta) -> int:
        """Drop jobs gone from their client for longer than ``older_than``; returns how many."""
        cutoff = self._clock() - older_than
        stale = [k for k, t in self._tracked.items() if t.vanished_at and t.vanished_at < cutoff]
        for key in stale:
            del self._tracked[key]
        return len(stale)

    # ------------------------------------------------------------------ views

    def all(self) -> list[TrackedDownload]:
        return list(self._tracked.values())

    def queue(self) -> list[QueueEntry]:
        """Jobs still present in a client and not finished with, soonest first.

        Ordering: by estimated completion (unknown last), then title, which is what a user
        reading the queue expects.
        """
        now = self._clock()
        entries = [
            self._entry(t, now)
            for t in self._tracked.values()
            if not t.vanished and t.state not in _FINISHED
        ]
        far = datetime.max.replace(tzinfo=UTC)
        entries.sort(key=lambda e: (e.estimated_completion_time or far, e.title.lower()))
        return entries

    @staticmethod
    def _entry(tracked: TrackedDownload, now: datetime) -> QueueEntry:
        item = tracked.item
        return QueueEntry(
            client_id=tracked.client_id,
            client_name=tracked.client_name,
            protocol=tracked.protocol,
            download_id=item.download_id,
            title=item.title,
            category=item.category,
            size=item.total_size,
            size_left=item.remaining_size,
            progress=item.progress,
            time_left=item.remaining_time,
            estimated_completion_time=tracked.estimated_completion(now),
            client_status=item.status,
            state=tracked.state,
            status=tracked.status,
            status_messages=tuple(tracked.status_messages),
            error_message=tracked.error,
            output_path=item.output_path,
        )
