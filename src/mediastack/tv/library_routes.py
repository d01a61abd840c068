"""The library's routes beyond series and episodes, and who hears about its changes.

Episode files (list, delete), rename (preview, commands), import list exclusions, and the
notifications of library events. Wiring only: the rules live in ``tv.library``,
``tv.notifications`` and the engine's stores.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI

from mediastack.core.http import ServiceContext
from mediastack.core.jobs import CommandHandler
from mediastack.manager.api.exclusions import SONARR_EXCLUSIONS, exclusions_router
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.import_list_exclusions import ImportListExclusionStore
from mediastack.manager.importing.media_info import ProbeCache
from mediastack.manager.recycle_bin import RecycleBin
from mediastack.tv.api.episodefile import episodefile_router
from mediastack.tv.api.rename import rename_router
from mediastack.tv.config import TvConfigStore
from mediastack.tv.library.service import TvLibrary
from mediastack.tv.naming import TvNamer
from mediastack.tv.notifications import TvNotifications


def _ids(body: Mapping[str, Any], key: str) -> list[int]:
    raw = body.get(key) or []
    return [int(i) for i in raw if isinstance(i, int) and not isinstance(i, bool)]


def rename_files_command(
    library: TvLibrary, namer: Callable[[], TvNamer], ctx: ServiceContext
) -> CommandHandler:
    """``RenameFiles {seriesId, files: [episodeFileId...]}``."""

    def run(body: Mapping[str, Any]) -> str:
        series_id = body.get("seriesId")
        if not isinstance(series_id, int):
            raise ValueError("seriesId is required")
        count, problems = library.rename(series_id, namer(), _ids(body, "files"), ctx.ownership)
        return f"{count} files renamed" + (f"; {'; '.join(problems)}" if problems else "")

    return run


def rename_series_command(
    library: TvLibrary, namer: Callable[[], TvNamer], ctx: ServiceContext
) -> CommandHandler:
    """``RenameSeries {seriesIds: [...]}``: every file of those series."""

    def run(body: Mapping[str, Any]) -> str:
        total, problems = 0, []
        for series_id in _ids(body, "seriesIds"):
            count, found = library.rename(series_id, namer(), None, ctx.ownership)
            total += count
            problems += found
        return f"{total} files renamed" + (f"; {'; '.join(problems)}" if problems else "")

    return run


def setup_library_routes(
    ctx: ServiceContext, app: FastAPI, domain: ManagerDomain, library: TvLibrary
) -> None:
    config = TvConfigStore(ctx.database)
    exclusions = ImportListExclusionStore(ctx.database)
    library.exclusions = exclusions
    probe = ProbeCache()
    library.media_probe = lambda: probe if config.media_management().enable_media_info else None
    notifier = ctx.extras.get("notifier")
    if notifier is not None:
        library.events = TvNotifications(notifier, library.store)

    def namer() -> TvNamer:
        return TvNamer(config.naming())

    def recycle_bin() -> RecycleBin:
        return RecycleBin(config.media_management().recycle_bin or None, ctx.ownership)

    base = ctx.settings.http.url_base
    app.include_router(episodefile_router(domain, library, recycle_bin), prefix=base)
    app.include_router(rename_router(domain, library.store, namer), prefix=base)
    app.include_router(exclusions_router(domain, exclusions, SONARR_EXCLUSIONS), prefix=base)
    ctx.commands.register("RenameFiles", rename_files_command(library, namer, ctx))
    ctx.commands.register("RenameSeries", rename_series_command(library, namer, ctx))
