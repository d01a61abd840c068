"""The provider interface every download client implements, and the values it trades in.

The manager never speaks a client's wire protocol. It grabs through ``add_torrent`` /
``add_nzb``, polls ``get_items`` about once a minute, and removes or re-labels jobs after
import. Each provider maps its client's vocabulary (qBittorrent's ``state`` strings,
SABnzbd's queue and history slots) onto the one small status set below, so tracking,
importing and the queue API stay client-agnostic. The shapes follow Sonarr's
``DownloadClientItem`` / ``DownloadClientInfo`` because the managers' API exposes them and
because that is the behaviour users' setups were tuned against.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath
from typing import ClassVar

from mediastack.manager.download_clients.definitions import Protocol

__all__ = [
    "DownloadClientAuthenticationError",
    "DownloadClientError",
    "DownloadClientInfo",
    "DownloadClientItem",
    "DownloadClientProvider",
    "DownloadClientUnavailableError",
    "DownloadItemStatus",
    "Protocol",
    "ReleaseInfo",
    "ReleaseRejectedError",
    "ValidationFailure",
    "ValidationReport",
]


class DownloadItemStatus(StrEnum):
    """What a job is doing, as far as the manager cares.

    ``warning`` means "needs a human or will not import as is" (stalled, disk full, path
    problem) without being a failure that triggers blocklisting and a new search.
    """

    QUEUED = "queued"
    PAUSED = "paused"
    DOWNLOADING = "downloading"
    COMPLETED = "completed"
    FAILED = "failed"
    WARNING = "warning"
    DELAY = "delay"


@dataclass(frozen=True, slots=True)
class ValidationFailure:
    """One finding of a connection test, attached to the settings field it is about.

    ``property_name`` uses the originals' field names (``host``, ``apiKey``,
    ``tvCategory``...) so the API can return it in Sonarr's validation array shape and UIs
    highlight the right field; ``""`` means the client as a whole. Warnings do not block
    saving the client.
    """

    property_name: str
    message: str
    is_warning: bool = False
    detailed_description: str | None = None


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    """What a provider needs to know about the release it is asked to grab.

    ``is_recent`` selects the "recent" or "older" priority, as the originals do for
    episodes aired in the last 14 days (movies: released recently). Seed goals come from
    the indexer's settings; ``None`` leaves the client's own limits in force.
    """

    title: str
    is_recent: bool = False
    seed_ratio: float | None = None
    seed_time_minutes: int | None = None
    tags: tuple[str, ...] = ()


@dataclass(slots=True)
class DownloadClientItem:
    """One job in a download client, in the manager's terms.

    Sizes are bytes. ``remaining_time`` is ``None`` when the client cannot estimate it.
    ``output_path`` is the content path on *our* side (remote path mappings applied):
    the job folder, or the file itself for a single-file torrent; ``None`` until known.
    ``can_move_files`` says whether the import may move instead of copy/hardlink (the
    client is done with the data); ``can_be_removed`` whether the client entry may be
    deleted once imported (torrents: only after the seeding goals are met).
    """

    download_id: str
    title: str
    category: str | None
    total_size: int
    remaining_size: int
    remaining_time: float | None
    status: DownloadItemStatus
    message: str | None = None
    output_path: PurePath | None = None
    can_move_files: bool = False
    can_be_removed: bool = False
    removed: bool = False
    is_encrypted: bool = False
    seed_ratio: float | None = None
    seed_goal_reached: bool = False
    client_id: int | None = None
    client_name: str | None = None
    protocol: Protocol = "torrent"

    @property
    def progress(self) -> float:
        """Fraction done in 0..1 (1 when the size is unknown and the job is finished)."""
        if self.total_size <= 0:
            return 1.0 if self.status is DownloadItemStatus.COMPLETED else 0.0
        done = self.total_size - self.remaining_size
        return min(1.0, max(0.0, done / self.total_size))


@dataclass(frozen=True, slots=True)
class DownloadClientInfo:
    """Facts about the client as a whole, for health checks and import decisions.

    ``output_root_folders`` are where the client puts this manager's jobs (mapped to our
    side): a health check warns when the manager cannot see them.
    ``removes_completed_downloads`` is true when the client deletes finished jobs by itself,
    which races the import and deserves a warning.
    """

    is_localhost: bool
    output_root_folders: tuple[PurePath, ...] = ()
    removes_completed_downloads: bool = False


# --------------------------------------------------------------------------- errors


class DownloadClientError(Exception):
    """The client answered, but not the way the call needed."""


class DownloadClientUnavailableError(DownloadClientError):
    """No answer: connection refused, time-out, TLS failure, 5xx."""


class DownloadClientAuthenticationError(DownloadClientError):
    """Credentials (password or API key) were refused."""


class ReleaseRejectedError(DownloadClientError):
    """The client refused this particular release (unparsable file, no job id returned).

    Distinct from other errors because the right reaction is to blocklist the release and
    try another, not to mark the client unhealthy.
    """


# --------------------------------------------------------------------------- provider


class DownloadClientProvider(abc.ABC):
    """A configured download client; one instance per client row, reused across polls.

    Implementations own one ``httpx.AsyncClient`` (or accept one for tests) and keep
    session state between calls (qBittorrent's SID cookie), so the manager should keep the
    instance rather than build one per request. ``aclose`` releases the connection pool.
    """

    protocol: ClassVar[Protocol]
    implementation: ClassVar[str]

    def __init__(self, *, client_id: int | None = None, name: str = "") -> None:
        self.client_id = client_id
        self.name = name or self.implementation

    @property
    @abc.abstractmethod
    def category(self) -> str | None:
        """The category this manager files its jobs under (None: the client default)."""

    @abc.abstractmethod
    async def test(self) -> list[ValidationFailure]:
        """Check connection, credentials, version and category; never raises for those."""

    async def add_torrent(
        self,
        release: ReleaseInfo,
        torrent: bytes | str,
        *,
        filename: str | None = None,
        category: str | None = None,
    ) -> str:
        """Send a .torrent (bytes) or magnet link (str); return the lower-case info-hash."""
        raise DownloadClientError(f"{self.implementation} does not take torrents")

    async def add_nzb(
        self,
        release: ReleaseInfo,
        nzb: bytes,
        filename: str,
        *,
        category: str | None = None,
        priority: int | None = None,
    ) -> str:
        """Send an NZB; return the client's job id (SABnzbd's ``nzo_id``)."""
        raise DownloadClientError(f"{self.implementation} does not take NZBs")

    @abc.abstractmethod
    async def get_items(self) -> list[DownloadClientItem]:
        """Every job of this manager's category, queued, running or finished."""

    @abc.abstractmethod
    async def remove_item(self, download_id: str, delete_data: bool) -> None:
        """Delete the job from the client, with its files when ``delete_data``."""

    async def mark_item_as_imported(self, download_id: str) -> None:  # noqa: B027
        """Tell the client the manager has imported the job (default: nothing to do)."""

    @abc.abstractmethod
    async def get_status(self) -> DownloadClientInfo:
        """Output root folders and whether the client removes finished jobs by itself."""

    async def aclose(self) -> None:  # noqa: B027
        """Release network resources (default: none held)."""

    def _stamp(self, item: DownloadClientItem) -> DownloadClientItem:
        """Attach which client an item came from; the tracker keys items by it."""
        item.client_id = self.client_id
        item.client_name = self.name
        item.protocol = self.protocol
        return item


@dataclass(slots=True)
class ValidationReport:
    """Failures of a test run, split the way the API reports them."""

    failures: list[ValidationFailure] = field(default_factory=list)

    @property
    def errors(self) -> list[ValidationFailure]:
        return [f for f in self.failures if not f.is_warning]

    @property
    def warnings(self) -> list[ValidationFailure]:
        return [f for f in self.failures if f.is_warning]

    @property
    def ok(self) -> bool:
        return not self.errors
