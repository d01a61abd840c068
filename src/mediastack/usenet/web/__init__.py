"""The usenet service's own web pages: the queue (``queue``), the history (``history``),
the servers with their Test button (``servers``) and the categories (``categories``).

Every button is the SABnzbd API mode a client would call, run in-process (``calls``), so
a page and Sonarr or Radarr can never disagree about what an action does.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from mediastack.core.http import ServiceContext
from mediastack.usenet.web.categories import CATEGORIES, categories_router
from mediastack.usenet.web.history import HISTORY, history_router
from mediastack.usenet.web.queue import QUEUE, queue_router
from mediastack.usenet.web.servers import SERVERS, servers_router
from mediastack.web.pages import add_nav_link

__all__ = [
    "CATEGORIES",
    "HISTORY",
    "QUEUE",
    "SERVERS",
    "install_usenet_pages",
    "usenet_pages_router",
]


def usenet_pages_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    for part in (queue_router(), history_router(), servers_router(), categories_router()):
        router.include_router(part)
    return router


def install_usenet_pages(ctx: ServiceContext, app: FastAPI) -> None:
    """Mount the pages and list them in the header next to Status and Settings."""
    for label, href in (
        ("Queue", QUEUE),
        ("History", HISTORY),
        ("Servers", SERVERS),
        ("Categories", CATEGORIES),
    ):
        add_nav_link(ctx, label, href)
    app.include_router(usenet_pages_router())
