"""Wiring the TV grab path: the engine's grab setup plus Sonarr's search commands."""

from __future__ import annotations

from fastapi import FastAPI

from mediastack.core.http import ServiceContext
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.grab.setup import GrabWiring, setup_grab
from mediastack.tv.grab.commands import TvGrabService, TvSearches
from mediastack.tv.grab.presenter import TvGrabPresenter
from mediastack.tv.library.store import TvLibraryStore
from mediastack.tv.notifications import TvNotifications
from mediastack.tv.search.domain import TvSearchDomain


def setup_tv_grab(
    ctx: ServiceContext, app: FastAPI, domain: ManagerDomain, store: TvLibraryStore
) -> TvGrabService:
    presenter = TvGrabPresenter(store, ctx.settings.http.url_base)
    wiring = GrabWiring(TvSearchDomain(store), presenter, "EpisodeSearch", "episodeIds")
    service = setup_grab(ctx, app, domain, wiring)
    notifier = ctx.extras.get("notifier")
    if notifier is not None:
        hooks = TvNotifications(notifier, store)
        service.grabber.on_grabbed = hooks.on_grabbed
        if service.completion is not None:
            service.completion.on_outcome = hooks.on_import_outcome
    searches = TvSearches(service, store)
    register = ctx.commands.register
    register("EpisodeSearch", searches.episode_search())
    register("SeasonSearch", searches.season_search())
    register("SeriesSearch", searches.series_search())
    register("MissingEpisodeSearch", searches.missing_episode_search())
    return service
