"""``RefreshSeries`` and ``RescanSeries``: the library's persisted commands.

Handlers run in a command worker thread (``core.jobs``), so the async provider calls get a
private event loop per command. Without ``seriesId``/``seriesIds`` they cover the whole
library, which is what the schedule queues.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from mediastack.core.jobs import CommandHandler
from mediastack.manager.library.commands import run_each
from mediastack.manager.metadata import MetadataError
from mediastack.tv.library.service import SeriesNotFoundError, TvLibrary


def _targets(library: TvLibrary, body: Mapping[str, Any]) -> list[int]:
    if isinstance(body.get("seriesId"), int):
        return [int(body["seriesId"])]
    ids = body.get("seriesIds")
    if isinstance(ids, list) and ids:
        return [int(i) for i in ids if isinstance(i, int)]
    return library.store.ids()


def refresh_series(library: TvLibrary) -> CommandHandler:
    def run(body: Mapping[str, Any]) -> str:
        targets = _targets(library, body)
        failures = run_each(
            targets,
            lambda series_id: asyncio.run(library.refresh(series_id)),
            (MetadataError, SeriesNotFoundError),
            "refresh of series",
        )
        done = len(targets) - len(failures)
        return f"Refreshed {done} series" + (f", {len(failures)} failed" if failures else "")

    return run


def rescan_series(library: TvLibrary) -> CommandHandler:
    def run(body: Mapping[str, Any]) -> str:
        added = removed = 0
        targets = _targets(library, body)
        for series_id in targets:
            result = library.rescan(series_id)
            added, removed = added + result.added, removed + result.removed
        return f"Rescanned {len(targets)} series: {added} files added, {removed} removed"

    return run
