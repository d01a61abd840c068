"""Mounting the hub on a manager service."""

from __future__ import annotations

from fastapi import FastAPI

from mediastack.core.http import ServiceContext
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.signalr.broadcast import Broadcaster
from mediastack.manager.signalr.events import LIBRARY_RESOURCES, ApiChangeEvents, command_events
from mediastack.manager.signalr.hub import MessageHub, hub_router


def setup_signalr(ctx: ServiceContext, app: FastAPI, domain: ManagerDomain) -> Broadcaster:
    """The broadcaster goes into ``ctx.extras["signalr"]`` for engine code that has news."""
    broadcaster = Broadcaster()
    hub = MessageHub(broadcaster, domain.version)
    library = LIBRARY_RESOURCES[domain.media_kind]
    ctx.extras["signalr"] = broadcaster
    ctx.extras["signalr_hub"] = hub
    ctx.commands.add_listener(command_events(broadcaster, library))
    base = ctx.settings.http.url_base
    app.include_router(hub_router(hub), prefix=base)
    app.add_middleware(
        ApiChangeEvents,
        broadcaster=broadcaster,
        prefix=base + domain.api_prefix,
        library=library,
    )
    return broadcaster
