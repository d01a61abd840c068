"""The usenet service: a SABnzbd-compatible API over our NNTP download engine.

Folders follow the seed: finished jobs under ``<downloads>/usenet/<category>/``, unfinished
ones under ``<downloads>/usenet/incomplete/``, stored NZBs under ``<config>/nzbs/``. The
queue (:class:`QueueManager`) and, when configured, the watched folder are components: they
start after the database is migrated and stop (keeping every job's state) before it closes.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from mediastack.core.http import ServiceContext, ServiceSpec
from mediastack.core.roles import Role
from mediastack.usenet.api.errors import sab_error
from mediastack.usenet.api.modes import SABNZBD_VERSION, api_router
from mediastack.usenet.queue.catalog import Catalog
from mediastack.usenet.queue.intake import Intake, WatchFolder
from mediastack.usenet.queue.manager import QueueManager
from mediastack.usenet.queue.store import JobStore
from mediastack.usenet.settings import usenet_settings
from mediastack.usenet.web import install_usenet_pages

MIGRATIONS = Path(__file__).with_name("migrations") / "versions"


def _setup(ctx: ServiceContext, app: FastAPI) -> None:
    settings = usenet_settings(ctx.settings)
    complete = ctx.settings.downloads_dir / "usenet"
    incomplete = complete / "incomplete"
    ctx.extras["storage_roots"] = [complete, incomplete]
    store = JobStore(ctx.database, ctx.settings.config_dir / "nzbs")
    catalog = Catalog(settings, store, complete)
    manager = QueueManager(
        settings,
        store,
        catalog,
        complete_dir=complete,
        incomplete_dir=incomplete,
        metrics=ctx.metrics,
    )
    roots = [ctx.settings.downloads_dir, *settings.local_roots]
    if settings.watch_dir is not None:
        roots.append(settings.watch_dir)
    intake = Intake(manager, catalog, settings, roots)
    ctx.extras.update(usenet_settings=settings, usenet_queue=manager, usenet_intake=intake)
    ctx.components.append(manager)
    if settings.watch_dir is not None:
        ctx.components.append(WatchFolder(intake, settings.watch_dir, settings.watch_interval_s))
    app.include_router(api_router())
    app.include_router(api_router(), prefix="/sabnzbd")
    install_usenet_pages(ctx, app)


def spec() -> ServiceSpec:
    return ServiceSpec(
        role=Role.USENET,
        app_name="SABnzbd",
        version=SABNZBD_VERSION,
        setup=_setup,
        version_dirs=[MIGRATIONS],
        error_renderer=lambda _request: sab_error,
    )
