"""The pages of the three managers (TV, movies, music): one implementation for all three.

Pages read and act through the service's own compat API called in-process (``api.py``);
what differs per manager is described once in ``kinds.py``. The navigation is fixed here,
so every section (library, add, calendar, wanted, activity, settings, system) has its
place in the header whichever module renders it.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from fastapi import APIRouter, FastAPI

from mediastack.core.http import ServiceContext
from mediastack.web.manager.add import add_router
from mediastack.web.manager.api import ApiCallError
from mediastack.web.manager.calendar import calendar_router
from mediastack.web.manager.kinds import KINDS
from mediastack.web.manager.library import library_router
from mediastack.web.manager.releases import releases_router
from mediastack.web.manager.render import PageNotFound, api_failure_page, not_found_page
from mediastack.web.manager.wanted import wanted_router
from mediastack.web.pages import add_nav_link

__all__ = ["MANAGER_NAV", "SECTIONS", "install_manager_pages"]

MANAGER_NAV: tuple[tuple[str, str], ...] = (
    ("Library", "/library"),
    ("Add", "/add"),
    ("Calendar", "/calendar"),
    ("Wanted", "/wanted"),
    ("Activity", "/activity"),
    ("Settings", "/settings"),
    ("System", "/system"),
)

SECTIONS = ("activity", "settings", "system")
"""Sections rendered by their own modules (``mediastack.web.manager.<name>``), each with a
``router() -> APIRouter``; a section whose module is not there yet is left out."""


def _section_routers() -> list[APIRouter]:
    routers: list[APIRouter] = []
    for name in SECTIONS:
        module = f"{__name__}.{name}"
        if find_spec(module) is not None:
            routers.append(import_module(module).router())
    return routers


def install_manager_pages(app: FastAPI, ctx: ServiceContext) -> None:
    """Mount the manager pages on a TV, movie or music service (no-op for other roles)."""
    if ctx.settings.role not in KINDS:
        return
    for label, href in MANAGER_NAV:
        add_nav_link(ctx, label, href)
    for router in (
        library_router(),
        add_router(),
        releases_router(),
        calendar_router(),
        wanted_router(),
        *_section_routers(),
    ):
        app.include_router(router)
    app.add_exception_handler(PageNotFound, not_found_page)
    app.add_exception_handler(ApiCallError, api_failure_page)
