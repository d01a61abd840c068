"""Dates in RSS documents and in qBittorrent's RSS JSON.

Feeds write RFC 822/2822 dates (RSS) or ISO 8601 (Atom); a date that cannot be read takes
the time of the refresh, as in qBittorrent, so a feed without dates still orders its items.
qBittorrent prints article dates and a rule's ``lastMatch`` in Qt's ``RFC2822Date`` form
(``23 Nov 2026 09:00:00 +0000``, no weekday).
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def parse_rfc822(text: str, fallback: datetime) -> datetime:
    value = text.strip()
    if not value:
        return fallback
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return parse_iso(value, fallback)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def parse_iso(text: str, fallback: datetime) -> datetime:
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return fallback
    return parsed if parsed.tzinfo is not None else parsed.astimezone()


def qt_rfc2822(when: datetime | None) -> str:
    """``23 Nov 2026 09:00:00 +0000``; empty for no date."""
    if when is None:
        return ""
    offset = when.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{when:%d %b %Y %H:%M:%S} {sign}{hours:02d}{mins:02d}"


def parse_qt_rfc2822(text: str) -> datetime | None:
    """The inverse of :func:`qt_rfc2822` (also accepts a weekday); None when unreadable."""
    if not text.strip():
        return None
    try:
        return parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None


def now() -> datetime:
    return datetime.now().astimezone()
