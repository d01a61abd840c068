"""Request logging and latency metrics as one thin ASGI layer around every service."""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mediastack.core.metrics import ServiceMetrics

log = logging.getLogger("mediastack.http")


class ObservabilityMiddleware:
    """Logs each request (path only: API keys travel in query strings) and times it by route.

    Metrics are labelled by route template, not raw path, so ids in URLs cannot grow the
    number of series without bound.
    """

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status_holder: dict[str, int] = {"status": 500}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - start
            route: Any = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "GET")
            status = status_holder["status"]
            self.metrics.requests.labels(self.metrics.role, method, template, str(status)).inc()
            self.metrics.latency.labels(self.metrics.role, method, template).observe(elapsed)
            level = logging.WARNING if status >= 500 else logging.DEBUG
            log.log(level, "%s %s %d %.1fms", method, scope.get("path"), status, elapsed * 1000)
