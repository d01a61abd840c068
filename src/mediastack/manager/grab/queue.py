"""The queue: tracked downloads joined with the grab history that says what they are for.

One record per item of a download, as the originals' queues have (a season pack of ten
episodes is ten records with one download id; a movie is one). Downloads no grab explains
(added to the client by hand, or by another program in the same category) are "unknown"
items, shown only on request. Record ids are stable across restarts without a table: a
CRC32 of client id, download id and item id.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from mediastack.manager.decisions import QueuedDownload
from mediastack.manager.download_clients.tracking import (
    DownloadTracker,
    QueueEntry,
    TrackedDownloadState,
)
from mediastack.manager.grab.pending import PendingRelease
from mediastack.manager.grab.resources import quality_of
from mediastack.manager.history import HistoryEvent, HistoryEventType, HistoryStore
from mediastack.manager.quality.definitions import AppName


def queue_id(client_id: int, download_id: str, item_id: int | None) -> int:
    key = f"{client_id}:{download_id.lower()}:{item_id or 0}"
    return zlib.crc32(key.encode()) & 0x7FFFFFFF


@dataclass(frozen=True, slots=True)
class QueueRecord:
    id: int
    entry: QueueEntry
    grab: HistoryEvent | None  # the GRABBED event of this item; None: unknown download
    pending: PendingRelease | None = None  # a release a delay holds back (no download yet)

    @property
    def subject_id(self) -> int | None:
        return self.grab.item_id if self.grab else None

    @property
    def item_id(self) -> int | None:
        return self.grab.child_id if self.grab else None

    @property
    def unknown(self) -> bool:
        return self.grab is None


class QueueView:
    def __init__(self, tracker: DownloadTracker, history: HistoryStore, app: AppName) -> None:
        self.tracker = tracker
        self.history = history
        self.app = app

    def records(self, include_unknown: bool = True) -> list[QueueRecord]:
        out: list[QueueRecord] = []
        for entry in self.tracker.queue():
            grabs = [
                e
                for e in self.history.for_download(entry.download_id)
                if e.event_type is HistoryEventType.GRABBED
            ]
            if not grabs:
                if include_unknown:
                    out.append(
                        QueueRecord(queue_id(entry.client_id, entry.download_id, None), entry, None)
                    )
                continue
            seen: set[int] = set()
            for grab in grabs:
                if grab.child_id in seen:
                    continue
                seen.add(grab.child_id)
                rid = queue_id(entry.client_id, entry.download_id, grab.child_id)
                out.append(QueueRecord(rid, entry, grab))
        return out

    def find(self, record_id: int) -> QueueRecord | None:
        return next((r for r in self.records() if r.id == record_id), None)

    def queued_downloads(self) -> tuple[QueuedDownload, ...]:
        """The queue as the decision engine's "already queued" rule reads it.

        A failed job is no download in progress: its items are being searched again
        (blocklisted, or failed in a client that keeps failed jobs), so it must not hold
        back the replacement, as the originals skip failed queue items.
        """
        by_download: dict[str, list[QueueRecord]] = {}
        for record in self.records(include_unknown=False):
            if record.entry.state is TrackedDownloadState.FAILED:
                continue
            by_download.setdefault(record.entry.download_id, []).append(record)
        out = []
        for records in by_download.values():
            grab = records[0].grab
            assert grab is not None
            quality, revision = quality_of(self.app, grab.quality)
            out.append(
                QueuedDownload(
                    title=grab.source_title,
                    item_ids=frozenset(r.grab.child_id for r in records if r.grab),
                    quality=quality,
                    revision=revision,
                    custom_format_score=grab.custom_format_score,
                )
            )
        return tuple(out)
