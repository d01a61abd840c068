"""The torrent service: a qBittorrent-compatible WebAPI v2 over our libtorrent engine.

The engine is a :class:`~mediastack.core.http.Component`: it starts with the app (restoring
every saved torrent before the first request is answered) and stops with it, saving
resume data, so a clean shutdown loses nothing and a kill -9 loses at most the last
resume-save interval of progress (libtorrent re-checks what is on disk).

Settings come from the ``service:`` section (see :mod:`mediastack.torrent.settings`);
downloads go to ``<downloads>/torrents/<category>``, resume data and categories live under
the service's config folder.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable

from fastapi import FastAPI

from mediastack.core.http import ServiceContext, ServiceSpec
from mediastack.core.roles import Role
from mediastack.torrent.api.app_info import QBITTORRENT_VERSION, app_router
from mediastack.torrent.api.auth import SidStore, auth_router
from mediastack.torrent.api.categories_tags import categories_tags_router
from mediastack.torrent.api.deps import STATE_KEY, TorrentApiState
from mediastack.torrent.api.errors import install_engine_error_handler, qbt_error
from mediastack.torrent.api.log import CRITICAL, INFO, LogBuffer, log_router
from mediastack.torrent.api.preferences import preferences_router
from mediastack.torrent.api.rss import (
    RssComponent,
    install_rss_error_handler,
    make_rss_session,
    rss_router,
)
from mediastack.torrent.api.search import SearchJobs, search_router
from mediastack.torrent.api.sync import SyncStore, sync_router
from mediastack.torrent.api.torrentcreator import (
    CreatorRunner,
    make_creator,
    torrentcreator_router,
)
from mediastack.torrent.api.torrents import torrents_router
from mediastack.torrent.api.torrents_write import torrents_write_router
from mediastack.torrent.api.transfer import transfer_router
from mediastack.torrent.engine import EngineEvent, EventKind, TorrentEngine
from mediastack.torrent.engine.memory import map_large_blocks
from mediastack.torrent.settings import api_settings, engine_settings
from mediastack.torrent.web import install_torrent_pages

log = logging.getLogger(__name__)

_LOGGER = "mediastack.torrent"
_EVENT_MESSAGES: dict[EventKind, tuple[str, int]] = {
    EventKind.FINISHED: ("Torrent download finished. Torrent: {}", INFO),
    EventKind.REMOVED: ("Removed torrent. Torrent: {}", INFO),
    EventKind.METADATA_RECEIVED: ("Metadata received. Torrent: {}", INFO),
    EventKind.ERROR: ("Torrent error. Torrent: {} {}", CRITICAL),
    EventKind.SHARE_LIMIT_REACHED: ("Torrent reached the share limit. Torrent: {} {}", INFO),
    EventKind.MOVED: ("Torrent moved. Torrent: {} {}", INFO),
}


class EngineComponent:
    """Runs the engine for the app's lifetime and feeds its events to ``log/main``.

    ``start``/``stop`` wait for libtorrent (seconds), so they run in a worker thread and
    the event loop keeps answering health probes meanwhile.
    """

    name = "torrent-engine"

    def __init__(self, state: TorrentApiState) -> None:
        self.state = state
        self._unsubscribe: list[Callable[[], None]] = []

    def _on_event(self, event: EngineEvent) -> None:
        template, kind = _EVENT_MESSAGES.get(event.kind, ("", 0))
        if template:
            self.state.log.add(template.format(event.info_hash, event.message).strip(), kind)

    async def start(self) -> None:
        logging.getLogger(_LOGGER).addHandler(self.state.log)
        # before libtorrent's threads allocate: freed blocks then leave the process at once
        map_large_blocks()
        engine = self.state.engine
        self._unsubscribe.append(engine.subscribe(self._on_event))
        await asyncio.to_thread(engine.start)
        # Everything loaded so far (modules, the restored torrents) lives as long as the
        # process: keep it out of the collector's full passes, which otherwise scan ~100k
        # objects (about 100 ms with 2,000 torrents) in the middle of some request.
        gc.collect()
        gc.freeze()
        self.state.log.add(f"qBittorrent {QBITTORRENT_VERSION} (mediastack) started", INFO)
        self.state.log.add(f"Listening on port {engine.listen_port}", INFO)

    async def stop(self) -> None:
        try:
            await asyncio.to_thread(self.state.engine.stop)
        finally:
            for unsubscribe in self._unsubscribe:
                unsubscribe()
            self._unsubscribe.clear()
            logging.getLogger(_LOGGER).removeHandler(self.state.log)


def _setup(ctx: ServiceContext, app: FastAPI) -> None:
    api = api_settings(ctx.settings)
    engine = TorrentEngine(engine_settings(ctx.settings))
    state = TorrentApiState(
        engine=engine,
        settings=ctx.settings,
        api=api,
        log=LogBuffer(api.log_lines),
        sync=SyncStore(),
    )
    ctx.extras["sids"] = SidStore()
    ctx.extras[STATE_KEY] = state
    ctx.extras["storage_roots"] = [engine.settings.save_path, engine.settings.config_dir]
    ctx.components.append(EngineComponent(state))
    creator = CreatorRunner(make_creator(state))
    ctx.components.append(creator)
    state.rss = make_rss_session(state)
    ctx.components.append(RssComponent(state.rss))

    async def engine_ready() -> str | None:
        return None if engine.running else "the torrent engine is not running"

    ctx.readiness_checks["torrent-engine"] = engine_ready
    install_engine_error_handler(app)
    app.include_router(auth_router())
    app.include_router(app_router())
    app.include_router(preferences_router())
    app.include_router(torrents_router())
    app.include_router(torrents_write_router())
    app.include_router(categories_tags_router())
    app.include_router(transfer_router())
    app.include_router(sync_router())
    app.include_router(log_router())
    app.include_router(search_router(SearchJobs()))
    app.include_router(torrentcreator_router(creator))
    app.include_router(rss_router(state.rss))
    install_rss_error_handler(app)
    install_torrent_pages(ctx, app)


def spec() -> ServiceSpec:
    return ServiceSpec(
        role=Role.TORRENT,
        app_name="qBittorrent",
        version=QBITTORRENT_VERSION,
        setup=_setup,
        error_renderer=lambda _request: qbt_error,
    )
