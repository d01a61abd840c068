"""Failed download handling: a failed job removed from its client leaves the queue at once.

The search queued for its items runs before the next poll of the client; it must not find
the job still "in the queue". The tracker is the real one, the client a scripted stand-in
(the provider interface), the history a list of the job's grab events.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace

from mediastack.manager.download_clients.base import (
    DownloadClientInfo,
    DownloadClientItem,
    DownloadClientProvider,
    DownloadItemStatus,
    ValidationFailure,
)
from mediastack.manager.download_clients.completion import CompletionHandler
from mediastack.manager.download_clients.tracking import DownloadTracker, TrackedDownloadState
from mediastack.manager.history import HistoryEvent, HistoryEventType


class Sab(DownloadClientProvider):
    protocol = "usenet"
    implementation = "Scripted"

    def __init__(self) -> None:
        super().__init__(client_id=1, name="sab")
        self.items: list[DownloadClientItem] = []
        self.removed: list[str] = []

    @property
    def category(self) -> str | None:
        return "tv"

    async def test(self) -> list[ValidationFailure]:
        return []

    async def get_items(self) -> list[DownloadClientItem]:
        return [replace(i) for i in self.items]

    async def remove_item(self, download_id: str, delete_data: bool) -> None:
        self.removed.append(download_id)
        self.items = [i for i in self.items if i.download_id != download_id]

    async def get_status(self) -> DownloadClientInfo:
        return DownloadClientInfo(is_localhost=True)


class Grabs:
    """The history the handler reads: one GRABBED event for the job."""

    def __init__(self, download_id: str) -> None:
        self.events = [
            HistoryEvent(
                1, HistoryEventType.GRABBED, 7, 70, "Show.S01E01.1080p.WEB-DL-GRP", {}, [], [],
                0, download_id, datetime.now(UTC), {},
            )
        ]  # fmt: skip

    def for_download(self, download_id: str) -> list[HistoryEvent]:
        return [e for e in self.events if e.download_id == download_id]


def failed_job(download_id: str) -> DownloadClientItem:
    return DownloadClientItem(
        download_id=download_id,
        title="Show.S01E01.1080p.WEB-DL-GRP",
        category="tv",
        total_size=1000,
        remaining_size=0,
        remaining_time=0,
        status=DownloadItemStatus.FAILED,
        message="Repair failed",
    )


class Searches:
    """The search queued after a failure: its items, and the queue it saw when it ran."""

    def __init__(self, tracker: DownloadTracker) -> None:
        self.tracker = tracker
        self.items: list[list[int]] = []
        self.queue_seen: list[str] = []

    def __call__(self, grabs: Sequence[HistoryEvent]) -> None:
        self.items.append([g.child_id for g in grabs])
        self.queue_seen.extend(e.download_id for e in self.tracker.queue())


def handler(sab: Sab, remove_failed: bool) -> tuple[CompletionHandler, Searches]:
    tracker = DownloadTracker(lambda: [sab])
    searches = Searches(tracker)
    client = SimpleNamespace(remove_failed_downloads=remove_failed, name="sab")
    done = CompletionHandler(
        tracker=tracker,
        history=Grabs("nzo_1"),  # type: ignore[arg-type]
        importer=None,
        client_for=lambda _id: client,  # type: ignore[arg-type,return-value]
        provider_for=lambda _client: sab,
        on_failed=lambda grabs, reason: None,
        search_again=searches,
    )
    return done, searches


def test_a_removed_failed_job_is_out_of_the_queue_before_the_search_runs() -> None:
    sab = Sab()
    sab.items = [failed_job("nzo_1")]
    done, searches = handler(sab, remove_failed=True)

    async def run() -> None:
        await done.tracker.refresh()
        summary = await done.handle()
        assert summary.failed == ["Show.S01E01.1080p.WEB-DL-GRP"] and summary.removed

    asyncio.run(run())
    assert sab.removed == ["nzo_1"] and searches.items == [[70]]
    assert searches.queue_seen == [] and done.tracker.queue() == []


def test_a_kept_failed_job_stays_in_the_queue_as_failed() -> None:
    sab = Sab()
    sab.items = [failed_job("nzo_1")]
    done, searches = handler(sab, remove_failed=False)

    async def run() -> None:
        await done.tracker.refresh()
        await done.handle()

    asyncio.run(run())
    assert sab.removed == [] and searches.items == [[70]] and searches.queue_seen == ["nzo_1"]
    [entry] = done.tracker.queue()
    assert entry.state is TrackedDownloadState.FAILED and entry.error_message == "Repair failed"
