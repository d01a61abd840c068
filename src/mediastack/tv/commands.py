"""``RefreshSeries`` and ``RescanSeries``: the library's persisted commands. Without
``seriesId``/``seriesIds`` they cover the whole library, which is what the schedule queues.
"""

from __future__ import annotations

from mediastack.core.jobs import CommandHandler
from mediastack.manager.library.commands import LibraryCommands
from mediastack.tv.library.service import SeriesNotFoundError, TvLibrary


def _commands(library: TvLibrary) -> LibraryCommands:
    ids = library.store.ids
    return LibraryCommands("seriesId", "seriesIds", "series", "series", ids, SeriesNotFoundError)


def refresh_series(library: TvLibrary) -> CommandHandler:
    return _commands(library).refresh(lambda series_id, _: library.refresh(series_id))


def rescan_series(library: TvLibrary) -> CommandHandler:
    return _commands(library).rescan(library.rescan)
