"""DownloadTracker: lifecycle, vanished jobs, unreachable clients, the queue view.

The providers here are scripted stand-ins for download clients (they implement the
provider interface and return what a poll would); the tracker under test is the real one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from mediastack.manager.download_clients.base import (
    DownloadClientInfo,
    DownloadClientItem,
    DownloadClientProvider,
    DownloadClientUnavailableError,
    DownloadItemStatus,
    ValidationFailure,
)
from mediastack.manager.download_clients.tracking import (
    DownloadTracker,
    TrackedDownloadState,
    TrackedDownloadStatus,
)

S = DownloadItemStatus
T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


class ScriptedClient(DownloadClientProvider):
    protocol = "torrent"
    implementation = "Scripted"

    def __init__(self, client_id: int, name: str) -> None:
        super().__init__(client_id=client_id, name=name)
        self.items: list[DownloadClientItem] = []
        self.down = False

    @property
    def category(self) -> str | None:
        return "tv"

    async def test(self) -> list[ValidationFailure]:
        return []

    async def get_items(self) -> list[DownloadClientItem]:
        if self.down:
            raise DownloadClientUnavailableError("connection refused")
        return [self._stamp(_copy(i)) for i in self.items]

    async def remove_item(self, download_id: str, delete_data: bool) -> None:
        self.items = [i for i in self.items if i.download_id != download_id]

    async def get_status(self) -> DownloadClientInfo:
        return DownloadClientInfo(is_localhost=True)


def _copy(item: DownloadClientItem) -> DownloadClientItem:
    return replace(item)  # a poll returns fresh objects, as a real client's would


def item(
    download_id: str,
    status: DownloadItemStatus = S.DOWNLOADING,
    *,
    left: int = 500,
    eta: float | None = 60.0,
    message: str | None = None,
) -> DownloadClientItem:
    return DownloadClientItem(
        download_id=download_id,
        title=f"Show.S01E0{download_id[-1]}",
        category="tv",
        total_size=1000,
        remaining_size=left,
        remaining_time=eta,
        status=status,
        message=message,
    )


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def setup() -> tuple[DownloadTracker, ScriptedClient, ScriptedClient, Clock]:
    qbt, sab = ScriptedClient(1, "qBittorrent"), ScriptedClient(2, "SABnzbd")
    clients = [qbt, sab]
    clock = Clock()
    return DownloadTracker(lambda: clients, clock=clock), qbt, sab, clock


async def test_items_are_tracked_per_client_with_progress_and_eta() -> None:
    tracker, qbt, sab, _ = setup()
    qbt.items = [item("ABC1", left=250, eta=120)]
    sab.items = [item("nzo2", S.QUEUED, eta=None)]
    result = await tracker.refresh()
    assert result.polled == (1, 2) and result.errors == {}
    tracked = tracker.get(1, "abc1")  # ids are matched case-insensitively
    assert tracked is not None and tracked.state is TrackedDownloadState.DOWNLOADING
    assert tracked.progress == 0.75
    assert tracked.estimated_completion(T0) == T0 + timedelta(seconds=120)
    queue = tracker.queue()
    assert [e.download_id for e in queue] == ["ABC1", "nzo2"]  # unknown ETA last
    assert queue[0].client_name == "qBittorrent" and queue[0].estimated_completion_time


async def test_completed_becomes_import_pending_then_imported_leaves_the_queue() -> None:
    tracker, qbt, _, _ = setup()
    qbt.items = [item("h1")]
    await tracker.refresh()
    qbt.items = [item("h1", S.COMPLETED, left=0, eta=0)]
    await tracker.refresh()
    assert tracker.get(1, "h1").state is TrackedDownloadState.IMPORT_PENDING  # type: ignore[union-attr]
    tracker.mark_importing(1, "h1")
    await tracker.refresh()  # the client view does not undo the manager's decision
    assert tracker.get(1, "h1").state is TrackedDownloadState.IMPORTING  # type: ignore[union-attr]
    tracker.mark_imported(1, "h1")
    await tracker.refresh()
    assert tracker.queue() == []  # still seeding in the client, but done for the manager


async def test_failed_and_warning_items_carry_their_messages() -> None:
    tracker, qbt, sab, _ = setup()
    qbt.items = [item("h1", S.WARNING, message="The download is stalled with no connections")]
    sab.items = [item("n2", S.FAILED, message="Aborted, cannot be completed")]
    await tracker.refresh()
    stalled, failed = tracker.get(1, "h1"), tracker.get(2, "n2")
    assert stalled is not None and failed is not None
    assert stalled.status is TrackedDownloadStatus.WARNING
    assert stalled.error == "The download is stalled with no connections"
    assert stalled.state is TrackedDownloadState.DOWNLOADING
    assert failed.state is TrackedDownloadState.FAILED
    assert failed.status is TrackedDownloadStatus.ERROR
    assert failed.error == "Aborted, cannot be completed"
    qbt.items = [item("h1")]  # connections came back
    await tracker.refresh()
    assert tracker.get(1, "h1").status is TrackedDownloadStatus.OK  # type: ignore[union-attr]


async def test_import_blocked_keeps_its_warning_across_refreshes() -> None:
    tracker, qbt, _, _ = setup()
    qbt.items = [item("h1", S.COMPLETED, left=0)]
    await tracker.refresh()
    tracker.mark_import_blocked(1, "h1", "Show.S01E01", "No files found are eligible for import")
    await tracker.refresh()
    tracked = tracker.get(1, "h1")
    assert tracked is not None and tracked.state is TrackedDownloadState.IMPORT_PENDING
    assert tracked.status is TrackedDownloadStatus.WARNING
    assert tracker.queue()[0].status_messages[0].messages == (
        "No files found are eligible for import",
    )


async def test_vanished_jobs_are_marked_and_leave_the_queue() -> None:
    tracker, qbt, _, clock = setup()
    qbt.items = [item("h1"), item("h2")]
    await tracker.refresh()
    qbt.items = [item("h2")]
    clock.now = T0 + timedelta(minutes=1)
    await tracker.refresh()
    gone = tracker.get(1, "h1")
    assert gone is not None and gone.vanished and gone.item.removed
    assert [e.download_id for e in tracker.queue()] == ["h2"]
    clock.now = T0 + timedelta(hours=2)
    assert tracker.forget_vanished(timedelta(hours=1)) == 1
    assert tracker.get(1, "h1") is None


async def test_unreachable_client_keeps_its_jobs_and_reports_the_error() -> None:
    tracker, qbt, sab, _ = setup()
    qbt.items = [item("h1")]
    sab.items = [item("n1")]
    await tracker.refresh()
    qbt.down = True
    result = await tracker.refresh()
    assert result.polled == (2,)
    assert "connection refused" in result.errors[1]
    assert tracker.client_errors == result.errors
    h1 = tracker.get(1, "h1")
    assert h1 is not None and not h1.vanished
    assert {e.download_id for e in tracker.queue()} == {"h1", "n1"}


async def test_jobs_of_a_disabled_client_vanish() -> None:
    qbt = ScriptedClient(1, "qBittorrent")
    qbt.items = [item("h1")]
    enabled = [qbt]
    tracker = DownloadTracker(lambda: enabled)
    await tracker.refresh()
    enabled.clear()
    await tracker.refresh()
    assert tracker.queue() == [] and tracker.get(1, "h1").vanished  # type: ignore[union-attr]


async def test_ignore_and_fail_by_the_manager() -> None:
    tracker, qbt, _, _ = setup()
    qbt.items = [item("h1"), item("h2")]
    await tracker.refresh()
    tracker.ignore(1, "h1")
    tracker.mark_failed(1, "h2", "Blocklisted: sample only")
    await tracker.refresh()
    assert tracker.get(1, "h1").state is TrackedDownloadState.IGNORED  # type: ignore[union-attr]
    [entry] = tracker.queue()
    assert (
        entry.state is TrackedDownloadState.FAILED
        and entry.error_message == "Blocklisted: sample only"
    )
    assert tracker.find("H2") is tracker.get(1, "h2")
