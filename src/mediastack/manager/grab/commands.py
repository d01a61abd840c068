"""The grab commands every manager has (``RssSync``, ``RefreshMonitoredDownloads``) and the
helpers the domains' search commands share.

Handlers run in command worker threads; each hands its work to the grab runtime's loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mediastack.core.jobs import CommandHandler
from mediastack.manager.grab.service import GrabService


def ints(value: Any) -> list[int]:
    """A command body's id or ids (``5``, ``[1, 2]``, ``["3"]``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    if isinstance(value, list):
        return [int(v) for v in value if isinstance(v, int | str) and str(v).isdigit()]
    return []


def rss_sync(service: GrabService[Any, Any]) -> CommandHandler:
    def run(_body: Mapping[str, Any]) -> str:
        return service.runtime.run(service.rss_sync()).text("RSS sync")

    return run


def refresh_monitored_downloads(service: GrabService[Any, Any]) -> CommandHandler:
    def run(_body: Mapping[str, Any]) -> str:
        return service.runtime.run(service.refresh_downloads())

    return run
