"""What every WebAPI router needs from the running service, in one typed object.

The service's setup stores one :class:`TorrentApiState` in ``ctx.extras``; routers reach it
through :func:`api_state` instead of importing globals, so two services in one process (the
tests run several) never share an engine, a log or sync snapshots.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import Request

from mediastack.core.config import Settings
from mediastack.core.http import ApiError, context_of
from mediastack.torrent.api.mapping import RowCache
from mediastack.torrent.engine import TorrentEngine
from mediastack.torrent.settings import TorrentApiSettings

if TYPE_CHECKING:
    from mediastack.torrent.api.log import LogBuffer
    from mediastack.torrent.api.sync import SyncStore
    from mediastack.torrent.rss.session import RssSession

STATE_KEY = "torrent_api"


@dataclass
class TorrentApiState:
    engine: TorrentEngine
    settings: Settings
    api: TorrentApiSettings
    log: LogBuffer
    sync: SyncStore
    rows: RowCache = field(default_factory=RowCache)
    rss: RssSession | None = None  # set by the service once its RSS reader exists


def api_state(request: Request) -> TorrentApiState:
    state = context_of(request).extras[STATE_KEY]
    assert isinstance(state, TorrentApiState)
    return state


def engine_of(request: Request) -> TorrentEngine:
    """The running engine; 503 while it is starting or stopping (a restart in progress)."""
    engine = api_state(request).engine
    if not engine.running:
        raise ApiError(503, "Service Unavailable")
    return engine
