"""``RefreshSeries`` and ``RescanSeries``: the library's persisted commands. Without
``seriesId``/``seriesIds`` they cover the whole library, which is what the schedule queues.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mediastack.core.http import ServiceContext
from mediastack.manager.library.commands import LibraryCommands
from mediastack.tv.library.model import Series
from mediastack.tv.library.service import SeriesNotFoundError, TvLibrary


def register_commands(ctx: ServiceContext, library: TvLibrary, every_hours: float) -> None:
    commands = LibraryCommands(
        "seriesId", "seriesIds", "series", "series", library.store.ids, SeriesNotFoundError
    )

    async def refresh(series_id: int, _: Mapping[str, Any]) -> Series:
        return await library.refresh(series_id)

    commands.register(ctx, "Series", refresh, library.rescan, every_hours)
