"""Wiring the grab path into a manager: runtime, service, failure handling, the commands
every manager shares, their schedules and the four routes.

The domain calls :func:`setup_grab` from its ``setup_routes`` (after registering its
completed-download importer in ``ctx.extras``) and then registers its own search commands
(``EpisodeSearch``, ``MoviesSearch``...) on the returned service.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Generic, TypeVar

from fastapi import FastAPI

from mediastack.core.http import ServiceContext
from mediastack.manager.api.grab_settings import DECISION_MAKER, PATH_MAPPER
from mediastack.manager.blocklist import BlocklistStore
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.download_clients.completion import CompletionHandler
from mediastack.manager.grab import commands
from mediastack.manager.grab.api.blocklist import blocklist_router
from mediastack.manager.grab.api.history import history_router
from mediastack.manager.grab.api.presenter import GrabPresenter
from mediastack.manager.grab.api.queue import queue_router
from mediastack.manager.grab.api.release import release_router
from mediastack.manager.grab.pending import PendingStore
from mediastack.manager.grab.runtime import GrabRuntime
from mediastack.manager.grab.service import GrabService
from mediastack.manager.grab.settings import grab_settings
from mediastack.manager.history import HistoryEvent, HistoryStore
from mediastack.manager.search.cursors import DbRssCursorStore
from mediastack.manager.search.domain import SearchDomain

S = TypeVar("S")
I = TypeVar("I")  # noqa: E741


@dataclass(frozen=True, slots=True)
class GrabWiring(Generic[S, I]):
    """What a domain hands the engine to get a grab path.

    ``search_command`` and ``search_ids_field`` name the command queued for the items of a
    failed download (``EpisodeSearch`` with ``episodeIds``, ``MoviesSearch`` with
    ``movieIds``...), as the originals search again after blocklisting.
    """

    search: SearchDomain[S, I]
    presenter: GrabPresenter[S, I]
    search_command: str
    search_ids_field: str


def setup_grab(
    ctx: ServiceContext, app: FastAPI, domain: ManagerDomain, wiring: GrabWiring[S, I]
) -> GrabService[S, I]:
    settings = grab_settings(ctx.settings)
    runtime = GrabRuntime(
        ctx.extras["download_clients"],
        settings,
        domain.role.value,
        mapper=ctx.extras.get(PATH_MAPPER),
    )
    ctx.components.append(runtime)
    ctx.extras["download_tracker"] = runtime.tracker
    service: GrabService[S, I] = GrabService(
        domain=wiring.search,
        indexers=ctx.extras["indexers"],
        clients=ctx.extras["download_clients"],
        profiles=ctx.extras["quality_profiles"],
        formats=ctx.extras["custom_formats"],
        definitions=ctx.extras["quality_definitions"],
        history=HistoryStore(ctx.database),
        blocklist=BlocklistStore(ctx.database),
        cursors=DbRssCursorStore(ctx.database),
        runtime=runtime,
        settings=settings,
        pending=PendingStore(ctx.database),
    )
    ctx.extras["grab_service"] = service
    if DECISION_MAKER in ctx.extras:  # delay and release profiles by the items' tags
        service.decider.maker = ctx.extras[DECISION_MAKER]

    def search_again(grabs: Sequence[HistoryEvent]) -> None:
        ids = sorted({g.child_id for g in grabs})
        ctx.commands.enqueue(wiring.search_command, {wiring.search_ids_field: ids})

    service.completion = CompletionHandler(
        tracker=runtime.tracker,
        history=service.history,
        importer=ctx.extras.get("completed_download_importer"),
        client_for=service.clients.get,
        provider_for=runtime.provider_for,
        on_failed=service.fail,
        search_again=search_again,
    )
    ctx.commands.register("RssSync", commands.rss_sync(service))
    ctx.commands.register(
        "RefreshMonitoredDownloads", commands.refresh_monitored_downloads(service)
    )
    ctx.scheduler.add("RssSync", timedelta(minutes=settings.rss_interval_minutes))
    ctx.scheduler.add(
        "RefreshMonitoredDownloads", timedelta(minutes=settings.refresh_downloads_minutes)
    )
    base = ctx.settings.http.url_base
    for router in (release_router, queue_router, history_router, blocklist_router):
        app.include_router(router(domain, service, wiring.presenter), prefix=base)
    return service
