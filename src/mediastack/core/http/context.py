"""What a running service is made of, handed to every role's setup code and request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from fastapi import Request

from mediastack.core.auth import AuthState
from mediastack.core.config import Settings
from mediastack.core.db import Database
from mediastack.core.fs import Ownership
from mediastack.core.health import HealthCheck
from mediastack.core.jobs import CommandQueue, Scheduler
from mediastack.core.metrics import ServiceMetrics


class Component(Protocol):
    """A long-lived part of a service (a session, a download pipeline, a poller)."""

    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


ReadinessCheck = Callable[[], Awaitable[str | None]]


@dataclass
class ServiceContext:
    settings: Settings
    database: Database
    auth: AuthState
    commands: CommandQueue
    scheduler: Scheduler
    metrics: ServiceMetrics
    started_at: datetime
    app_name: str
    version: str
    components: list[Component] = field(default_factory=list)
    readiness_checks: dict[str, ReadinessCheck] = field(default_factory=dict)
    health_checks: list[HealthCheck] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def ownership(self) -> Ownership:
        o = self.settings.ownership
        return Ownership(uid=o.puid, gid=o.pgid, umask=o.umask)

    def storage_roots(self) -> list[Path]:
        """Folders this service must be able to write for /readyz to pass."""
        roots: list[Path] = [self.settings.config_dir]
        roots.extend(self.extras.get("storage_roots", []))
        return roots


def context_of(request: Request) -> ServiceContext:
    ctx = request.app.state.ctx
    assert isinstance(ctx, ServiceContext)
    return ctx
