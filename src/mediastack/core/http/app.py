"""One FastAPI app factory for every role.

A role describes itself with a :class:`ServiceSpec` (name, version, migrations, how to mount
its routes); the factory gives every role the same foundation: settings, logging, database
and migrations, authentication state, persisted commands and the scheduler, error handling,
request metrics and the probe endpoints.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request

from mediastack.core.auth import AuthState
from mediastack.core.backup import (
    BackupTarget,
    BackupType,
    apply_staged_restore,
    create_backup,
    prune_backups,
)
from mediastack.core.config import Settings, reload_settings
from mediastack.core.db import Database, DatabaseOptions, utcnow
from mediastack.core.db.migrate import upgrade
from mediastack.core.health import database_check, free_space_check
from mediastack.core.http.context import ServiceContext
from mediastack.core.http.errors import ErrorRenderer, default_renderer, install_error_handlers
from mediastack.core.http.health import health_router
from mediastack.core.http.middleware import ObservabilityMiddleware
from mediastack.core.jobs import CommandQueue, Lease, Scheduler
from mediastack.core.logsetup import configure_logging
from mediastack.core.metrics import ServiceMetrics
from mediastack.core.roles import ROLE_FACTS, Role

log = logging.getLogger(__name__)


@dataclass
class ServiceSpec:
    role: Role
    app_name: str
    version: str
    setup: Callable[[ServiceContext, FastAPI], None]
    version_dirs: Sequence[Path] = ()
    error_renderer: Callable[[Request], ErrorRenderer] = field(
        default=lambda _request: default_renderer
    )


def sqlite_path(settings: Settings) -> Path:
    return settings.config_dir / f"{ROLE_FACTS[settings.role].config_folder}.db"


def backup_target(settings: Settings) -> BackupTarget:
    return BackupTarget(
        app=ROLE_FACTS[settings.role].config_folder,
        config_dir=settings.config_dir,
        sqlite_path=None if settings.database.url else sqlite_path(settings),
    )


def build_context(spec: ServiceSpec, settings: Settings) -> ServiceContext:
    """Everything that must be ready before the first request: created in order, once."""
    settings.config_dir.mkdir(parents=True, exist_ok=True)
    if apply_staged_restore(backup_target(settings)):
        settings = reload_settings(settings)
    auth = AuthState(settings)
    configure_logging(
        settings.logging.level,
        settings.config_dir / "logs",
        f"{ROLE_FACTS[settings.role].config_folder}.txt",
        settings.logging.file_max_bytes,
        settings.logging.file_count,
        secrets=[auth.api_key, settings.database.url or ""],
    )
    database = Database(
        DatabaseOptions(
            url=settings.database.url,
            sqlite_path=sqlite_path(settings),
            sqlite_journal=settings.database.sqlite_journal,
            busy_timeout_ms=settings.database.busy_timeout_ms,
        )
    )
    upgrade(database, spec.version_dirs, lock_name=settings.role.value)
    log.info(
        "%s: database %s (journal %s)",
        spec.app_name,
        database.describe(),
        database.journal_mode or "server",
    )
    holder = f"{socket.gethostname()}:{os.getpid()}:{id(settings):x}"
    lease = Lease(database, f"scheduler:{settings.role.value}", holder, settings.jobs.lease_seconds)
    commands = CommandQueue(
        database,
        holder=holder,
        may_run=lease.is_held if settings.jobs.scheduler else (lambda: False),
    )
    overrides = {
        name: timedelta(seconds=sec) for name, sec in settings.jobs.task_intervals_seconds.items()
    }
    scheduler = Scheduler(database, commands, lease, overrides)
    target = backup_target(settings)
    keep = settings.backup.keep

    def backup_command(body: Mapping[str, Any]) -> str:
        kind = BackupType(body.get("type", "manual"))
        made = create_backup(target, kind)
        pruned = prune_backups(target, keep) if kind is BackupType.SCHEDULED else 0
        return f"Backup {made.name} written ({made.size} bytes); {pruned} old removed"

    commands.register("Backup", backup_command)
    scheduler.add(
        "Backup", timedelta(days=settings.backup.interval_days), {"type": BackupType.SCHEDULED}
    )

    return ServiceContext(
        settings=settings,
        database=database,
        auth=auth,
        commands=commands,
        scheduler=scheduler,
        metrics=ServiceMetrics(settings.role.value),
        started_at=utcnow(),
        app_name=spec.app_name,
        version=spec.version,
    )


def create_app(spec: ServiceSpec, settings: Settings) -> FastAPI:
    ctx = build_context(spec, settings)
    settings = ctx.settings  # a staged restore may have replaced config.yaml

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.jobs.scheduler:
            await ctx.scheduler.start(settings.jobs.tick_seconds)
        # One process owns a SQLite database: anything left started is ours to fail now.
        # On PostgreSQL the new lease holder adopts orphans instead (see Scheduler.tick).
        await ctx.commands.start(recover=not ctx.database.is_postgres)
        started = []
        try:
            for component in ctx.components:
                await component.start()
                started.append(component)
            log.info("%s %s ready on port %d", spec.app_name, spec.version, settings.port)
            yield
        finally:
            for component in reversed(started):
                try:
                    await component.stop()
                except Exception:
                    log.exception("stopping %s failed", component.name)
            await ctx.scheduler.stop()
            await ctx.commands.stop()
            ctx.database.dispose()

    app = FastAPI(
        title=f"mediastack {settings.role.value}",
        version=spec.version,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.ctx = ctx
    install_error_handlers(app, spec.error_renderer)
    app.include_router(health_router())
    spec.setup(ctx, app)
    for root in ctx.storage_roots():
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # reported by /readyz and the health checks
            log.error("cannot create storage root %s: %s", root, exc)
    ctx.health_checks.insert(
        0, database_check(ctx.database, None if settings.database.url else sqlite_path(settings))
    )
    ctx.health_checks.append(
        free_space_check(ctx.storage_roots(), settings.health.min_free_space_mb * 1024 * 1024)
    )
    app.add_middleware(ObservabilityMiddleware, metrics=ctx.metrics)
    return app
