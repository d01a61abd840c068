"""The torrent service's own web pages: the list (``listing``), one torrent
(``detail``) and the preferences with the categories (``preferences``).

Each is a thin layer over the pieces the qBittorrent WebAPI uses, so a page and a client
can never disagree about what an action does.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from mediastack.core.http import ServiceContext
from mediastack.torrent.web.common import PAGE, PREFERENCES
from mediastack.torrent.web.detail import detail_router
from mediastack.torrent.web.listing import listing_router
from mediastack.torrent.web.preferences import preferences_router
from mediastack.web.pages import add_nav_link

__all__ = ["PAGE", "PREFERENCES", "install_torrent_pages", "torrent_pages_router"]


def torrent_pages_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    # the list's fixed paths (/torrents/fragment, /torrents/add) before /torrents/{hash}
    router.include_router(listing_router())
    router.include_router(preferences_router())
    router.include_router(detail_router())
    return router


def install_torrent_pages(ctx: ServiceContext, app: FastAPI) -> None:
    """Mount the pages and list them in the header next to Status and Settings."""
    add_nav_link(ctx, "Torrents", PAGE)
    add_nav_link(ctx, "Preferences", PREFERENCES)
    app.include_router(torrent_pages_router())
