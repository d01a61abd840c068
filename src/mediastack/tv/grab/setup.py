"""Wiring the grab path into the TV service: stores, runtime, commands, schedules, routes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from fastapi import FastAPI

from mediastack.core.http import ServiceContext
from mediastack.manager.blocklist import BlocklistStore
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.download_clients.completion import CompletionHandler
from mediastack.manager.history import HistoryEvent, HistoryStore
from mediastack.tv.api.blocklist import blocklist_router
from mediastack.tv.api.history import history_router
from mediastack.tv.api.queue import queue_router
from mediastack.tv.api.release import release_router
from mediastack.tv.grab import commands
from mediastack.tv.grab.runtime import GrabRuntime
from mediastack.tv.grab.service import TvGrabService
from mediastack.tv.grab.settings import grab_settings
from mediastack.tv.library.store import TvLibraryStore
from mediastack.tv.notifications import TvNotifications
from mediastack.tv.search.cursors import DbRssCursorStore


def setup_grab(ctx: ServiceContext, app: FastAPI, domain: ManagerDomain) -> TvGrabService:
    settings = grab_settings(ctx.settings)
    runtime = GrabRuntime(ctx.extras["download_clients"], settings)
    ctx.components.append(runtime)
    ctx.extras["download_tracker"] = runtime.tracker
    service = TvGrabService(
        store=TvLibraryStore(ctx.database),
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
    )
    ctx.extras["tv_grab"] = service
    notifier = ctx.extras.get("notifier")
    if notifier is not None:
        service.grabber.on_grabbed = TvNotifications(notifier, service.store).on_grabbed

    def search_again(grabs: Sequence[HistoryEvent]) -> None:
        episode_ids = sorted({g.child_id for g in grabs})
        ctx.commands.enqueue("EpisodeSearch", {"episodeIds": episode_ids})

    service.completion = CompletionHandler(
        tracker=runtime.tracker,
        history=service.history,
        importer=ctx.extras.get("completed_download_importer"),
        client_for=service.clients.get,
        provider_for=runtime.provider_for,
        on_failed=service.fail,
        search_again=search_again,
    )
    register = ctx.commands.register
    register("EpisodeSearch", commands.episode_search(service))
    register("SeasonSearch", commands.season_search(service))
    register("SeriesSearch", commands.series_search(service))
    register("MissingEpisodeSearch", commands.missing_episode_search(service))
    register("RssSync", commands.rss_sync(service))
    register("RefreshMonitoredDownloads", commands.refresh_monitored_downloads(service))
    ctx.scheduler.add("RssSync", timedelta(minutes=settings.rss_interval_minutes))
    ctx.scheduler.add(
        "RefreshMonitoredDownloads", timedelta(minutes=settings.refresh_downloads_minutes)
    )
    base = ctx.settings.http.url_base
    for router in (
        release_router(domain, service, base),
        queue_router(domain, service, base),
        history_router(domain, service, base),
        blocklist_router(domain, service, base),
    ):
        app.include_router(router, prefix=base)
    return service
