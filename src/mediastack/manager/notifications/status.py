"""Which notification connections are failing, and the health message about them.

A connection whose last delivery failed is reported on System > Status with the
originals' wording, until a delivery to it succeeds again (or it is changed or removed).
Kept in memory: after a restart every connection gets a fresh chance.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from mediastack.core.health import HealthCheck, HealthLevel, HealthResult
from mediastack.manager.notifications.store import Notification

SOURCE = "NotificationStatusCheck"
WIKI = "#notifications-are-unavailable-due-to-failures"


class NotificationStatus:
    def __init__(self) -> None:
        self._failures: dict[int, str] = {}
        self._lock = threading.Lock()

    def record(self, notification_id: int, error: str | None) -> None:
        with self._lock:
            if error is None:
                self._failures.pop(notification_id, None)
            else:
                self._failures[notification_id] = error

    def forget(self, notification_id: int) -> None:
        self.record(notification_id, None)

    def failing(self) -> dict[int, str]:
        with self._lock:
            return dict(self._failures)


def notification_status_check(
    listing: Callable[[], list[Notification]], status: NotificationStatus, app: str
) -> HealthCheck:
    async def check() -> list[HealthResult]:
        failing = status.failing()
        if not failing:
            return []
        enabled = await asyncio.to_thread(listing)
        broken = [n for n in enabled if n.id in failing]
        if not broken:
            return []
        wiki = f"https://wiki.servarr.com/{app}/system{WIKI}"
        if len(broken) == len(enabled):
            return [
                HealthResult(
                    SOURCE,
                    HealthLevel.ERROR,
                    "All notifications are unavailable due to failures",
                    wiki,
                )
            ]
        names = ", ".join(n.name for n in broken)
        return [
            HealthResult(
                SOURCE,
                HealthLevel.WARNING,
                f"Notifications unavailable due to failures: {names}",
                wiki,
            )
        ]

    return check
