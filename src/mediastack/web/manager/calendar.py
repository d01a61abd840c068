"""The calendar: what airs or is released in a week (a column per day) or in the next
30 days (an agenda), from the manager's own ``/calendar``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mediastack.web.manager.api import api_for
from mediastack.web.manager.entries import CALENDAR, Entry
from mediastack.web.manager.kinds import kind_of
from mediastack.web.manager.render import render
from mediastack.web.pages import User

__all__ = ["AGENDA_DAYS", "calendar_router", "calendar_window"]

AGENDA_DAYS = 30


def calendar_window(view: str, start: str, today: date) -> tuple[date, int]:
    """The first day and the number of days shown: a Monday-to-Sunday week holding
    ``start`` (today by default), or 30 days from ``start`` for the agenda."""
    try:
        anchor = date.fromisoformat(start) if start else today
    except ValueError:
        anchor = today
    if view == "agenda":
        return anchor, AGENDA_DAYS
    return anchor - timedelta(days=anchor.weekday()), 7


def calendar_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/calendar")
    async def calendar(
        request: Request,
        user: User,
        view: str = "week",
        start: str = "",
        unmonitored: bool = False,
    ) -> Response:
        kind = kind_of(request)
        listing = CALENDAR[kind.role]
        view = view if view in ("week", "agenda") else "week"
        today = datetime.now(UTC).date()
        first, count = calendar_window(view, start, today)
        last = first + timedelta(days=count)
        async with api_for(request) as api:
            records = await api.get(
                "/calendar",
                start=first.isoformat(),
                end=last.isoformat(),
                unmonitored=str(unmonitored).lower(),
                **listing.params,
            )
        days: dict[date, list[Entry]] = {first + timedelta(days=i): [] for i in range(count)}
        for record in records:
            for entry in listing.read(record):
                if entry.day in days and (unmonitored or entry.monitored):
                    days[entry.day].append(entry)
        for entries in days.values():
            entries.sort(key=lambda e: (e.time, e.item_title, e.label))
        step = timedelta(days=count)
        return render(
            request,
            "manager/calendar.html",
            user=user,
            active="/calendar",
            view=view,
            days=days,
            today=today,
            first=first,
            last=last - timedelta(days=1),
            previous=(first - step).isoformat(),
            following=(first + step).isoformat(),
            unmonitored=unmonitored,
            total=sum(len(e) for e in days.values()),
        )

    return router
