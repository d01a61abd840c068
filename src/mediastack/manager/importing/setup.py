"""Wiring the import path into a manager: the importer, its commands and its route.

The domain calls :func:`setup_import` from its ``setup_routes`` before ``setup_grab``, so
the grab path's completed-download handling finds the importer in ``ctx.extras``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Generic, TypeVar

from fastapi import FastAPI

from mediastack.core.http import ServiceContext
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.importing import commands
from mediastack.manager.importing.api import ImportPresenter, manualimport_router
from mediastack.manager.importing.domain import ImportDomain, ImportSettings
from mediastack.manager.importing.importer import Importer

S = TypeVar("S")
I = TypeVar("I")  # noqa: E741


@dataclass(frozen=True, slots=True)
class ImportWiring(Generic[S, I]):
    """What a domain hands the engine to get an import path.

    ``settings`` reads the domain's media-management config (fresh on every import, so a
    PUT applies at once); ``library_roots`` are its root folders (imports may read and
    write there besides the media and downloads folders); ``scan_command`` is the
    original's name for the downloaded-files scan (``DownloadedEpisodesScan``...).
    """

    domain: ImportDomain[S, I]
    presenter: ImportPresenter[S, I]
    settings: Callable[[], ImportSettings]
    library_roots: Callable[[], list[str]]
    scan_command: str


def setup_import(
    ctx: ServiceContext, app: FastAPI, domain: ManagerDomain, wiring: ImportWiring[S, I]
) -> Importer[S, I]:
    def allowed_roots() -> list[Path]:
        storage = [Path(p) for p in ctx.extras.get("storage_roots", [])]
        return storage + [Path(p) for p in wiring.library_roots()]

    importer: Importer[S, I] = Importer(
        ctx.database,
        wiring.domain,
        wiring.settings,
        ctx.extras.get("quality_profiles"),
        ctx.extras.get("custom_formats"),
        allowed_roots,
        ctx.ownership,
    )
    ctx.extras["importer"] = importer
    ctx.extras["completed_download_importer"] = importer.import_completed_download
    register = ctx.commands.register
    register(wiring.scan_command, commands.downloaded_scan(importer, wiring.scan_command))
    register("ManualImport", commands.manual_import(importer, wiring.presenter.names))
    register("CleanUpRecycleBin", commands.recycle_bin_cleanup(importer))
    ctx.scheduler.add("CleanUpRecycleBin", timedelta(hours=24))
    base = ctx.settings.http.url_base
    app.include_router(manualimport_router(domain, importer, wiring.presenter), prefix=base)
    return importer
