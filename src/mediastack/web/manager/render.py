"""Rendering a manager page: the shared context, the HTML 404, and reading ids from paths.

Every manager page (library, add, calendar, wanted, and the activity, settings and
system sections) renders through ``render`` so the layout, the navigation and the
description of the media kind (``kind``) are always there.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from mediastack.core.http import context_of
from mediastack.web.manager import filters as _filters  # noqa: F401 - registers the filters
from mediastack.web.manager.api import ApiCallError
from mediastack.web.manager.kinds import kind_of
from mediastack.web.pages import LoginRequired, page_context, page_user, templates

__all__ = [
    "PageNotFound",
    "api_failure_page",
    "not_found_page",
    "page_id",
    "render",
    "render_fragment",
]


class PageNotFound(Exception):
    """A page for something that does not exist: answered with the HTML 404 page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def page_id(raw: str, what: str) -> int:
    """A path id as people type them: anything but a positive number is a 404 page, not
    a validation error in the API's JSON shape."""
    if not raw.isdigit() or int(raw) <= 0:
        raise PageNotFound(f"There is no {what} with the id “{raw}”.")
    return int(raw)


def not_found_from(exc: ApiCallError, what: str) -> Exception:
    """An API 404 becomes the page's 404; anything else stays the API's error."""
    if exc.status == 404:
        return PageNotFound(f"This {what} does not exist (it may have been deleted).")
    return exc


def render(
    request: Request, template: str, *, user: str, status: int = 200, **extra: Any
) -> Response:
    """A full page in the shared layout, with ``kind`` (what differs per manager)."""
    ctx = context_of(request)
    values = page_context(ctx, request, user=user, kind=kind_of(request), wide=True, **extra)
    return templates.TemplateResponse(request, template, values, status_code=status)


def render_fragment(request: Request, template: str, **extra: Any) -> Response:
    """A piece of a page that ``app.js`` swaps in (live regions, late-loaded results)."""
    values = {"request": request, "kind": kind_of(request), **extra}
    return templates.TemplateResponse(request, template, values)


async def api_failure_page(request: Request, exc: Exception) -> Response:
    """An API answer a page did not expect (the database busy, a bug): the API's own
    sentence on an HTML page with its status, instead of a bare error body."""
    status = exc.status if isinstance(exc, ApiCallError) and 400 <= exc.status < 600 else 500
    message = exc.message if isinstance(exc, ApiCallError) else str(exc)
    ctx = context_of(request)
    values = page_context(
        ctx, request, user=_user_or_nobody(request), kind=kind_of(request), message=message
    )
    return templates.TemplateResponse(request, "manager/problem.html", values, status_code=status)


def _user_or_nobody(request: Request) -> str:
    try:
        return page_user(request)
    except LoginRequired:
        return ""


async def not_found_page(request: Request, exc: Exception) -> Response:
    message = exc.message if isinstance(exc, PageNotFound) else "Not found."
    user = _user_or_nobody(request)
    if not user:
        message = "Not found."  # the page says nothing more to a stranger
    ctx = context_of(request)
    values = page_context(ctx, request, user=user, kind=kind_of(request), message=message)
    return templates.TemplateResponse(request, "manager/not_found.html", values, status_code=404)
