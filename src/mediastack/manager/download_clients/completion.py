"""Completed and failed download handling: what happens when a tracked job finishes.

Completed: the job's grab history says which items it was for; the domain's importer puts
the files into the library; an imported job is removed from the client when the client is
set to remove completed downloads and the client says it may go (Usenet at once, torrents
after their seeding goals). Failed: the grab is recorded as failed and blocklisted, and the
items are searched again. Jobs nobody grabbed (added by hand to the client) are left alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from mediastack.manager.download_clients.base import DownloadClientProvider, DownloadItemStatus
from mediastack.manager.download_clients.store import DownloadClient
from mediastack.manager.download_clients.tracking import (
    DownloadTracker,
    TrackedDownload,
    TrackedDownloadState,
)
from mediastack.manager.history import HistoryEvent, HistoryEventType, HistoryStore
from mediastack.manager.importing.model import CompletedDownloadImporter, ImportResult

log = logging.getLogger(__name__)

_OPEN = (TrackedDownloadState.DOWNLOADING, TrackedDownloadState.IMPORT_PENDING)


@dataclass
class CompletionSummary:
    imported: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def text(self) -> str:
        return (
            f"{len(self.imported)} imported, {len(self.blocked)} waiting for import, "
            f"{len(self.failed)} failed, {len(self.removed)} removed from clients"
        )


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """How the import of a completed download ended, for the notifications: all of it
    imported (``result.all_imported``), or stuck until someone steps in (``messages``)."""

    tracked: TrackedDownload
    grabs: Sequence[HistoryEvent]
    client: DownloadClient | None
    result: ImportResult | None  # None: the import raised
    messages: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.result is not None and self.result.all_imported


@dataclass
class CompletionHandler:
    tracker: DownloadTracker
    history: HistoryStore
    importer: CompletedDownloadImporter | None
    client_for: Callable[[int], DownloadClient | None]
    provider_for: Callable[[DownloadClient], DownloadClientProvider]
    on_failed: Callable[[Sequence[HistoryEvent], str], None]
    search_again: Callable[[Sequence[HistoryEvent]], None] | None = None
    #: told when a download was imported, and once per distinct reason when its import
    #: needs a person (the originals' ImportComplete and ManualInteractionRequired)
    on_outcome: Callable[[ImportOutcome], None] | None = None
    _told: dict[tuple[int, str], tuple[str, ...]] = field(default_factory=dict)

    def _tell(
        self,
        tracked: TrackedDownload,
        grabs: Sequence[HistoryEvent],
        result: ImportResult | None,
        messages: Sequence[str] = (),
    ) -> None:
        if self.on_outcome is None:
            return
        outcome = ImportOutcome(
            tracked, grabs, self.client_for(tracked.client_id), result, tuple(messages)
        )
        if not outcome.complete:
            if self._told.get(tracked.key) == outcome.messages:
                return  # retried on every refresh: one notice per reason
            self._told[tracked.key] = outcome.messages
        try:
            self.on_outcome(outcome)
        except Exception:
            log.exception("the import outcome of %s could not be told", tracked.title)

    def _grabs(self, tracked: TrackedDownload) -> list[HistoryEvent]:
        return self._events(tracked, HistoryEventType.GRABBED)

    def _events(self, tracked: TrackedDownload, *kinds: HistoryEventType) -> list[HistoryEvent]:
        return [e for e in self.history.for_download(tracked.download_id) if e.event_type in kinds]

    async def _remove(self, tracked: TrackedDownload, summary: CompletionSummary) -> None:
        client = self.client_for(tracked.client_id)
        if client is None or not client.remove_completed_downloads:
            return
        if not tracked.item.can_be_removed or tracked.item.removed:
            return
        try:
            await self.provider_for(client).remove_item(tracked.download_id, True)
        except Exception as exc:  # the next refresh tries again
            log.warning("could not remove %s from %s: %s", tracked.title, client.name, exc)
            return
        summary.removed.append(tracked.title)

    async def _complete(self, tracked: TrackedDownload, summary: CompletionSummary) -> None:
        grabs = self._grabs(tracked)
        if not grabs or self.importer is None:
            return  # not ours to import: Sonarr leaves such jobs for manual import
        self.tracker.mark_importing(tracked.client_id, tracked.download_id)
        try:
            result = await self.importer(tracked.item, grabs)
        except Exception as exc:
            log.exception("import of %s failed", tracked.title)
            self.tracker.mark_import_blocked(
                tracked.client_id, tracked.download_id, "Import failed", str(exc)
            )
            summary.blocked.append(tracked.title)
            self._tell(tracked, grabs, None, (str(exc),))
            return
        if result.all_imported:
            self.tracker.mark_imported(tracked.client_id, tracked.download_id)
            summary.imported.append(tracked.title)
            self._tell(tracked, grabs, result)
            await self._remove(tracked, summary)
            return
        self.tracker.mark_import_blocked(
            tracked.client_id, tracked.download_id, "Not imported", *result.messages()
        )
        summary.blocked.append(tracked.title)
        if not result.temporarily_blocked:  # still unpacking, still being written: wait
            self._tell(tracked, grabs, result, result.messages())

    async def _fail(self, tracked: TrackedDownload, summary: CompletionSummary) -> None:
        events = self._events(
            tracked, HistoryEventType.GRABBED, HistoryEventType.DOWNLOAD_FAILED
        )  # one read: the grabs, and whether a failure was already recorded
        grabs = [e for e in events if e.event_type is HistoryEventType.GRABBED]
        if not grabs:
            return
        reason = tracked.item.message or "The download client reports the download failed"
        handled_before = len(grabs) < len(events)
        self.tracker.mark_failed(tracked.client_id, tracked.download_id, reason)
        if handled_before:
            return  # seen again after a restart: recorded, blocklisted and searched already
        self.on_failed(grabs, reason)
        summary.failed.append(tracked.title)
        client = self.client_for(tracked.client_id)
        if client is not None and client.remove_failed_downloads:
            try:
                await self.provider_for(client).remove_item(tracked.download_id, True)
                self.tracker.mark_removed(tracked.client_id, tracked.download_id)
                summary.removed.append(tracked.title)
            except Exception as exc:
                log.warning("could not remove failed %s: %s", tracked.title, exc)
        if self.search_again is not None:
            self.search_again(grabs)

    async def handle(self) -> CompletionSummary:
        """One pass over the tracker after a refresh."""
        summary = CompletionSummary()
        for tracked in list(self.tracker.all()):
            if tracked.vanished:
                continue
            status = tracked.item.status
            if tracked.state in _OPEN and status is DownloadItemStatus.COMPLETED:
                await self._complete(tracked, summary)
            elif status is DownloadItemStatus.FAILED and tracked.failure_reason is None:
                # the tracker already shows it failed; the manager has not handled it yet
                await self._fail(tracked, summary)
            elif tracked.state is TrackedDownloadState.IMPORTED:
                await self._remove(tracked, summary)  # seeding goals met since the import
        return summary
