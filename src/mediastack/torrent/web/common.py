"""What the torrent pages share: their paths, qBittorrent's words for states, and the
small readers of HTML forms.

The words are qBittorrent's (its list shows "Seeding", "Stalled", "Fetching metadata");
the raw state string stays in ``data-state`` so scripts and tests can match exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request

from mediastack.torrent.engine import ETA_INFINITY, TorrentInfo, TorrentState, TrackerStatus
from mediastack.web.pages import back_target

__all__ = [
    "GONE",
    "PAGE",
    "PREFERENCES",
    "STATE_LABELS",
    "TRACKER_LABELS",
    "back_to",
    "checked",
    "eta",
    "state_class",
]

PAGE = "/torrents"
GONE = "That torrent is no longer in the list."
PREFERENCES = "/preferences"

STATE_LABELS: dict[TorrentState, str] = {
    TorrentState.ERROR: "Error",
    TorrentState.MISSING_FILES: "Missing files",
    TorrentState.UPLOADING: "Seeding",
    TorrentState.STOPPED_UP: "Paused",
    TorrentState.QUEUED_UP: "Queued to seed",
    TorrentState.STALLED_UP: "Seeding (idle)",
    TorrentState.CHECKING_UP: "Checking",
    TorrentState.FORCED_UP: "Seeding (forced)",
    TorrentState.ALLOCATING: "Allocating",
    TorrentState.DOWNLOADING: "Downloading",
    TorrentState.META_DL: "Fetching metadata",
    TorrentState.FORCED_META_DL: "Fetching metadata (forced)",
    TorrentState.STOPPED_DL: "Paused",
    TorrentState.QUEUED_DL: "Queued",
    TorrentState.STALLED_DL: "Stalled",
    TorrentState.CHECKING_DL: "Checking",
    TorrentState.FORCED_DL: "Downloading (forced)",
    TorrentState.CHECKING_RESUME_DATA: "Checking resume data",
    TorrentState.MOVING: "Moving",
    TorrentState.UNKNOWN: "Unknown",
}

TRACKER_LABELS: dict[int, str] = {
    TrackerStatus.DISABLED: "Disabled",
    TrackerStatus.NOT_CONTACTED: "Not contacted yet",
    TrackerStatus.WORKING: "Working",
    TrackerStatus.UPDATING: "Updating…",
    TrackerStatus.NOT_WORKING: "Not working",
}


def state_class(t: TorrentInfo) -> str:
    """The badge colour of a torrent: red for errors, green once complete, accent while
    working, plain when paused."""
    if t.state in (TorrentState.ERROR, TorrentState.MISSING_FILES):
        return "err"
    if t.state.is_stopped:
        return ""
    return "ok" if t.state.is_complete else "active"


def eta(t: TorrentInfo) -> int:
    """Seconds left, or -1 for "unknown" (the engine's 100-day sentinel, or nothing moving)."""
    if t.progress >= 1:
        return 0
    return -1 if t.eta >= ETA_INFINITY or t.eta < 0 else t.eta


def checked(form: Mapping[str, Any], name: str) -> bool:
    """An HTML checkbox: present ("on") when ticked, absent otherwise."""
    value = form.get(name)
    return isinstance(value, str) and value.strip().lower() in ("on", "true", "1")


def back_to(request: Request, *paths: str) -> str:
    """The page an action form came from when it is one of ``paths`` (filters kept), else
    the first: an action on the detail page returns there, one on the list to the list."""
    came_from = urlsplit(request.headers.get("referer", "")).path
    for path in paths:
        if came_from == path:
            return back_target(request, path)
    return back_target(request, paths[0])
