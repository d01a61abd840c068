"""Mapping a libtorrent torrent status to qBittorrent's state strings.

The managers (Sonarr, Radarr, Lidarr) decide what to do with a download from the ``state``
string alone (see the README of the recorded WebAPI responses), so this mapping must follow
qBittorrent's own ``TorrentImpl::updateState`` order exactly. It is a pure function of a
small set of facts so it can be tested without a session.

qBittorrent 5.x renamed ``pausedDL``/``pausedUP`` to ``stoppedDL``/``stoppedUP``;
:class:`TorrentState` carries the 5.x names and :func:`legacy_state_name` gives the 4.x
name for WebAPI versions before 2.11.0.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TorrentState(StrEnum):
    """qBittorrent 5.x state strings."""

    ERROR = "error"
    MISSING_FILES = "missingFiles"
    UPLOADING = "uploading"
    STOPPED_UP = "stoppedUP"
    QUEUED_UP = "queuedUP"
    STALLED_UP = "stalledUP"
    CHECKING_UP = "checkingUP"
    FORCED_UP = "forcedUP"
    ALLOCATING = "allocating"
    DOWNLOADING = "downloading"
    META_DL = "metaDL"
    FORCED_META_DL = "forcedMetaDL"
    STOPPED_DL = "stoppedDL"
    QUEUED_DL = "queuedDL"
    STALLED_DL = "stalledDL"
    CHECKING_DL = "checkingDL"
    FORCED_DL = "forcedDL"
    CHECKING_RESUME_DATA = "checkingResumeData"
    MOVING = "moving"
    UNKNOWN = "unknown"

    @property
    def is_complete(self) -> bool:
        """True for the states the managers treat as "finished downloading"."""
        return self in _COMPLETE

    @property
    def is_stopped(self) -> bool:
        return self in (TorrentState.STOPPED_DL, TorrentState.STOPPED_UP)


_COMPLETE = frozenset(
    {
        TorrentState.UPLOADING,
        TorrentState.STOPPED_UP,
        TorrentState.QUEUED_UP,
        TorrentState.STALLED_UP,
        TorrentState.CHECKING_UP,
        TorrentState.FORCED_UP,
    }
)

_LEGACY_NAMES = {
    TorrentState.STOPPED_DL: "pausedDL",
    TorrentState.STOPPED_UP: "pausedUP",
}


def legacy_state_name(state: TorrentState) -> str:
    """The qBittorrent 4.x (WebAPI < 2.11.0) spelling of ``state``."""
    return _LEGACY_NAMES.get(state, state.value)


class LtState(StrEnum):
    """libtorrent's ``torrent_status.state`` values, by name (binding-independent)."""

    QUEUED_FOR_CHECKING = "queued_for_checking"
    CHECKING_FILES = "checking_files"
    DOWNLOADING_METADATA = "downloading_metadata"
    DOWNLOADING = "downloading"
    FINISHED = "finished"
    SEEDING = "seeding"
    ALLOCATING = "allocating"
    CHECKING_RESUME_DATA = "checking_resume_data"


@dataclass(frozen=True, slots=True)
class StateFacts:
    """The facts qBittorrent's state machine looks at, taken from one status snapshot.

    ``paused`` and ``auto_managed`` are the torrent's libtorrent flags: paused without
    auto-management is a user stop, paused with it is a queue decision, neither is a
    force start.
    """

    lt_state: LtState
    paused: bool
    auto_managed: bool
    has_metadata: bool
    is_finished: bool
    queueing_enabled: bool = True
    moving: bool = False
    missing_files: bool = False
    has_error: bool = False
    download_rate: int = 0
    upload_rate: int = 0


def map_state(f: StateFacts) -> TorrentState:
    """qBittorrent's state for one torrent (order mirrors ``TorrentImpl::updateState``)."""
    stopped = f.paused and not f.auto_managed
    queued = f.queueing_enabled and f.paused and f.auto_managed
    forced = not f.paused and not f.auto_managed

    if f.lt_state is LtState.CHECKING_RESUME_DATA:
        return TorrentState.CHECKING_RESUME_DATA
    if f.moving:
        return TorrentState.MOVING
    if f.missing_files:
        return TorrentState.MISSING_FILES
    if f.has_error:
        return TorrentState.ERROR
    if not f.has_metadata:
        if stopped:
            return TorrentState.STOPPED_DL
        if queued:
            return TorrentState.QUEUED_DL
        return TorrentState.FORCED_META_DL if forced else TorrentState.META_DL
    checking = f.lt_state in (LtState.CHECKING_FILES, LtState.QUEUED_FOR_CHECKING)
    if checking and not stopped:
        return TorrentState.CHECKING_UP if f.is_finished else TorrentState.CHECKING_DL
    if f.lt_state is LtState.ALLOCATING and not stopped:
        return TorrentState.ALLOCATING
    if f.is_finished:
        if stopped:
            return TorrentState.STOPPED_UP
        if queued:
            return TorrentState.QUEUED_UP
        if forced:
            return TorrentState.FORCED_UP
        return TorrentState.UPLOADING if f.upload_rate > 0 else TorrentState.STALLED_UP
    if stopped:
        return TorrentState.STOPPED_DL
    if queued:
        return TorrentState.QUEUED_DL
    if forced:
        return TorrentState.FORCED_DL
    return TorrentState.DOWNLOADING if f.download_rate > 0 else TorrentState.STALLED_DL
