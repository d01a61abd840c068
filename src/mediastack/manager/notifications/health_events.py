"""Health and HealthRestored events: what changed on System > Status since the last look.

``CheckHealth`` (scheduled, or run by hand) runs every health check and compares the
results with the previous run: a new or changed issue is a ``Health`` event, an issue
that is gone is ``HealthRestored``. Issues present at start-up are reported at the first
check, as the originals do once their start-up grace period is over.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from mediastack.core.health import HealthCheck, HealthResult, run_checks
from mediastack.core.jobs import CommandHandler
from mediastack.manager.notifications.dispatch import Notifier
from mediastack.manager.notifications.events import health_event

Key = tuple[str, str]


class HealthMonitor:
    def __init__(self, checks: Sequence[HealthCheck], notifier: Notifier) -> None:
        self.checks = checks  # the service's list: checks added later are seen too
        self.notifier = notifier
        self._previous: dict[Key, HealthResult] = {}
        self._lock = threading.Lock()

    def observe(self, results: Sequence[HealthResult]) -> tuple[int, int]:
        """Send the events for ``results`` against the last run; (new, restored) counts."""
        current = {(r.source, r.message): r for r in results}
        with self._lock:
            previous, self._previous = self._previous, current
        new = [r for key, r in current.items() if key not in previous]
        gone = [r for key, r in previous.items() if key not in current]
        for result in new:
            self.notifier.submit(health_event(result))
        for result in gone:
            self.notifier.submit(health_event(result, restored=True))
        return len(new), len(gone)

    async def check(self) -> tuple[list[HealthResult], int, int]:
        results = await run_checks(list(self.checks))
        new, restored = self.observe(results)
        return results, new, restored


def check_health(monitor: HealthMonitor) -> CommandHandler:
    def run(_body: Mapping[str, Any]) -> str:
        results, new, restored = asyncio.run(monitor.check())
        return f"{len(results)} health issues; {new} new, {restored} resolved"

    return run
