"""The iCal feed (P14): ``/feed/v3/calendar/sonarr.ics`` for calendar apps and Homepage.

Authenticated by the ``apikey`` query parameter (calendar apps cannot send headers). The
text is written by hand (RFC 5545): CRLF line ends, ``\\``, ``;``, ``,`` and newlines
escaped in text values, lines folded at 75 octets without splitting a UTF-8 sequence.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from mediastack.core.db import Database
from mediastack.manager.api.deps import require_auth
from mediastack.manager.domain import ManagerDomain
from mediastack.tv.api.calendar import CalendarQuery, parse_tags, today_utc
from mediastack.tv.library.model import Episode, Series
from mediastack.tv.library.store import TvLibraryStore

DEFAULT_RUNTIME = 30  # minutes, when neither the episode nor the series says


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces, continuation lines led by one space."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    pieces: list[str] = []
    limit = 75
    current = ""
    size = 0
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, 74  # the leading space counts
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def summary(series: Series | None, episode: Episode) -> str:
    title = series.title if series is not None else "Unknown Series"
    code = f"S{episode.season_number:02d}E{episode.episode_number:02d}"
    return f"{title} - {code} - {episode.title or 'TBA'}"


def vevent(episode: Episode, series: Series | None, as_all_day: bool, now: datetime) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:mediastack_episode_{episode.id}",
        f"DTSTAMP:{_stamp(now)}",
    ]
    aired = episode.air_date_utc
    if as_all_day or aired is None:
        day = episode.air_date or (aired.date() if aired else now.date())
        lines += [
            f"DTSTART;VALUE=DATE:{_day(day)}",
            f"DTEND;VALUE=DATE:{_day(day + timedelta(days=1))}",
        ]
    else:
        minutes = episode.runtime or (series.runtime if series else None) or DEFAULT_RUNTIME
        lines += [
            f"DTSTART:{_stamp(aired)}",
            f"DTEND:{_stamp(aired + timedelta(minutes=minutes))}",
        ]
    lines.append(f"SUMMARY:{escape(summary(series, episode))}")
    if episode.overview:
        lines.append(f"DESCRIPTION:{escape(episode.overview)}")
    if series is not None and series.network:
        lines.append(f"LOCATION:{escape(series.network)}")
    lines.append("STATUS:CONFIRMED" if episode.has_file else "STATUS:TENTATIVE")
    lines.append("END:VEVENT")
    return lines


def calendar_text(
    episodes: list[Episode], series: dict[int, Series], as_all_day: bool, now: datetime
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//mediastack//Sonarr calendar//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Sonarr TV Schedule",
    ]
    for episode in episodes:
        lines += vevent(episode, series.get(episode.series_id), as_all_day, now)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def ical_router(domain: ManagerDomain, database: Database, store: TvLibraryStore) -> APIRouter:
    router = APIRouter(dependencies=[Depends(require_auth)])
    query = CalendarQuery(database, store)

    @router.get(f"/feed/{domain.api_version}/calendar/sonarr.ics")
    async def feed(
        pastDays: int = Query(7, ge=0, le=3650),
        futureDays: int = Query(28, ge=0, le=3650),
        tags: str | None = None,
        unmonitored: bool = False,
        premieresOnly: bool = False,
        asAllDay: bool = False,
    ) -> Response:
        today = today_utc()
        episodes, series = await asyncio.to_thread(
            query.window,
            today - timedelta(days=pastDays),
            today + timedelta(days=futureDays + 1),
            unmonitored,
            parse_tags(tags),
            premieresOnly,
        )
        text = calendar_text(episodes, series, asAllDay, datetime.now(UTC))
        return Response(
            content=text.encode(),
            media_type="text/calendar; charset=utf-8",
            headers={"Content-Disposition": 'inline; filename="sonarr.ics"'},
        )

    return router
