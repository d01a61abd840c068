"""Pieces of the library resources every original writes the same way.

Dates without a time are midnight UTC timestamps; an unknown date is .NET's
``DateTime.MinValue``; covers are listed with the local copy's URL (``/MediaCover/...``)
and the provider's; calendar windows accept a date or a full timestamp.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from mediastack.manager.api.resources import invalid, iso
from mediastack.manager.library.model import MediaFile

NEVER = "0001-01-01T00:00:00Z"


def day(value: date | None) -> str | None:
    """A date as the originals write it: ``2026-11-24T00:00:00Z``."""
    if value is None:
        return None
    return iso(datetime(value.year, value.month, value.day, tzinfo=UTC))


def images(poster: str | None, fanart: str | None, local: str | None) -> list[dict[str, Any]]:
    """``images``: the poster and fanart known, served from ``local`` when cached there."""
    out = []
    for kind, remote in (("poster", poster), ("fanart", fanart)):
        if remote:
            url = f"{local}/{kind}.jpg" if local else remote
            out.append({"coverType": kind, "url": url, "remoteUrl": remote})
    return out


def file_fields(file: MediaFile, relative_path: bool = True) -> dict[str, Any]:
    """What every original's file resource says of the file itself (Lidarr's has no
    ``relativePath``)."""
    fields: dict[str, Any] = {"relativePath": file.relative_path} if relative_path else {}
    return fields | {
        "path": file.path,
        "size": file.size,
        "dateAdded": iso(file.date_added),
        "sceneName": file.scene_name,
        "releaseGroup": file.release_group,
    }


def calendar_day(raw: str | None, name: str, default: date) -> date:
    """``2026-11-24`` or a full ISO timestamp (``2026-11-24T00:00:00Z``): pyarr sends the
    first, browsers the second."""
    if raw is None or not raw.strip():
        return default
    text = raw.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise invalid(name, f"'{name}' must be an ISO date", raw) from None


#: the originals' default calendar: today and the next two days
CALENDAR_DAYS = 2


@dataclass(frozen=True, slots=True)
class CalendarWindow:
    today: date
    first: date
    last: date
    unmonitored: bool


def calendar_window(
    start: str | None = None, end: str | None = None, unmonitored: bool = False
) -> CalendarWindow:
    """``calendar``'s ``start``, ``end`` (default: today and two days on, as the originals)
    and ``unmonitored``, read as a route dependency."""
    today = datetime.now(UTC).date()
    first = calendar_day(start, "start", today)
    last = calendar_day(end, "end", today + timedelta(days=CALENDAR_DAYS))
    return CalendarWindow(today, first, last, unmonitored)
