"""Settings: the sections after the shared General page (``/settings``, API key and
password): media management and naming, profiles and custom formats, indexers, download
clients and connections. Each lives in its own ``settings_*`` module; the fixed-path
sections come before the provider pages' ``/settings/{slug}`` routes so those never
swallow them.
"""

from __future__ import annotations

from fastapi import APIRouter

from mediastack.web.manager.settings_media import media_router
from mediastack.web.manager.settings_providers import providers_router
from mediastack.web.manager.settings_quality import quality_router

__all__ = ["router"]


def router() -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    routes.include_router(media_router())
    routes.include_router(quality_router())
    routes.include_router(providers_router())
    return routes
