"""Template filters for the values the compat API sends: ISO dates, camelCase words, lengths.

The API speaks ISO 8601 in UTC (``2011-04-18T01:00:00Z``) and camelCase enums
(``downloadFolderImported``); these turn them into what a person reads, the same way on
every page. Registered on the shared template environment when this module is imported.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from mediastack.web.pages import templates

__all__ = ["clock", "day", "future", "moment", "parse_iso", "words"]

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def parse_iso(value: object) -> datetime | None:
    """An API date (``…Z`` or with an offset); anything unreadable is ``None``."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment_ = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment_ if moment_.tzinfo else moment_.replace(tzinfo=UTC)


def day(value: object) -> str:
    """``2011-04-17``; the year-1 placeholder the originals send for "never" reads as a dash."""
    parsed = parse_iso(value)
    if parsed is None or parsed.year <= 1:
        return "–"
    return parsed.astimezone(UTC).strftime("%Y-%m-%d")


def moment(value: object) -> str:
    parsed = parse_iso(value)
    if parsed is None or parsed.year <= 1:
        return "–"
    return parsed.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def future(value: object) -> bool:
    parsed = parse_iso(value)
    return parsed is not None and parsed > datetime.now(UTC)


def words(value: object) -> str:
    """``downloadFolderImported`` -> ``Download folder imported``."""
    text = _CAMEL.sub(" ", str(value or "")).strip().lower()
    return text[:1].upper() + text[1:]


def clock(seconds: object) -> str:
    """A track length: ``4:21``, or ``1:02:03`` past an hour."""
    total = int(seconds) if isinstance(seconds, int | float) else 0
    hours, rest = divmod(max(total, 0), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


templates.env.filters.update(day=day, moment=moment, future=future, words=words, clock=clock)
