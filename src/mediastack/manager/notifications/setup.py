"""Wiring notifications into a manager service: store, notifier, health, API."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from mediastack.core.http import ServiceContext
from mediastack.manager.api.notification import notification_router
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.notifications.dispatch import Notifier
from mediastack.manager.notifications.events import ItemKind
from mediastack.manager.notifications.health_events import HealthMonitor, check_health
from mediastack.manager.notifications.status import notification_status_check
from mediastack.manager.notifications.store import NotificationStore
from mediastack.manager.tags import TagStore

HEALTH_INTERVAL = timedelta(minutes=15)

_KINDS: dict[str, ItemKind] = {"tv": "series", "movie": "movie", "music": "artist"}


def setup_notifications(ctx: ServiceContext, app: FastAPI, domain: ManagerDomain) -> Notifier:
    store = NotificationStore(ctx.database)
    notifier = Notifier(
        store,
        app_name=domain.app_name,
        version=domain.version,
        media_kind=_KINDS[domain.media_kind],
        instance_name=ctx.settings.instance_name or domain.app_name,
        tags=TagStore(ctx.database),
    )
    ctx.extras["notifier"] = notifier
    ctx.components.append(notifier)
    ctx.health_checks.append(notification_status_check(store.list, notifier.status, domain.flavour))
    monitor = HealthMonitor(ctx.health_checks, notifier)
    ctx.commands.register("CheckHealth", check_health(monitor))
    ctx.scheduler.add("CheckHealth", HEALTH_INTERVAL)
    app.include_router(
        notification_router(domain, store, notifier), prefix=ctx.settings.http.url_base
    )
    return notifier
