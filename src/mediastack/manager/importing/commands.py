"""The import path as persisted commands: the downloaded-files scan, ``ManualImport`` and
the recycle-bin cleanup.

The scan (``DownloadedEpisodesScan``, ``DownloadedMoviesScan``... ``{path,
downloadClientId?, importMode}``) is what download-client scripts and Unpackerr-style tools
send; ``ManualImport {files[], importMode}`` is what the manual-import screen sends after
the user chose the subject, items and quality per file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mediastack.core.jobs import CommandHandler
from mediastack.manager.grab.api.presenter import ApiNames
from mediastack.manager.importing.candidate import Override
from mediastack.manager.importing.importer import SCAN_SETTLE_SECONDS, DownloadInfo, Importer
from mediastack.manager.importing.model import ImportMode, ImportResult
from mediastack.manager.parser.model import App, Revision
from mediastack.manager.quality.definitions import by_id, by_name


def summary(result: ImportResult) -> str:
    text = f"Imported {len(result.imported)} file(s)"
    if result.rejected or result.errors:
        text += f"; not imported: {'; '.join(result.messages()[:10])}"
    return text


def downloaded_scan(importer: Importer[Any, Any], name: str) -> CommandHandler:
    def run(body: Mapping[str, Any]) -> str:
        path = body.get("path")
        if not isinstance(path, str) or not path:
            raise ValueError(f"{name} needs a 'path'")
        mode = ImportMode.parse(body.get("importMode"))
        download_id = body.get("downloadClientId")
        download = DownloadInfo(download_id=str(download_id)) if download_id else None
        result = importer.run(
            path, mode=mode, download=download, settle_seconds=SCAN_SETTLE_SECONDS
        )
        if result.errors and not result.imported:
            raise RuntimeError(summary(result))
        return summary(result)

    return run


def _item_ids(item: Mapping[str, Any], names: ApiNames) -> tuple[int, ...] | None:
    if names.item_ids is None or names.item is None:
        return None
    ids = item.get(names.item_ids)
    listed = item.get(f"{names.item}s")
    if ids is None and isinstance(listed, list):
        ids = [e.get("id") for e in listed if isinstance(e, Mapping)]
    return tuple(int(i) for i in ids) if isinstance(ids, list) else None


def override_of(item: Mapping[str, Any], names: ApiNames, app: App) -> Override:
    """A manual-import item's choices (``seriesId``/``movieId``, item ids, ``quality``...)."""
    quality = revision = None
    q = item.get("quality")
    if isinstance(q, Mapping) and isinstance(q.get("quality"), Mapping):
        inner = q["quality"]
        try:
            quality = (
                by_id(app, int(inner["id"]))
                if inner.get("id")
                else by_name(app, str(inner.get("name")))
            )
        except (KeyError, ValueError, TypeError):
            quality = None
        rev = q.get("revision") or {}
        revision = Revision(
            int(rev.get("version", 1)), int(rev.get("real", 0)), bool(rev.get("isRepack"))
        )
    languages = item.get("languages")
    subject_id = item.get(names.subject_id)
    return Override(
        subject_id=int(subject_id) if subject_id else None,
        item_ids=_item_ids(item, names),
        quality=quality,
        revision=revision,
        release_group=item.get("releaseGroup") or None,
        languages=tuple(str(lang.get("name")) for lang in languages if isinstance(lang, Mapping))
        if isinstance(languages, list) and languages
        else None,
    )


def manual_import(importer: Importer[Any, Any], names: ApiNames) -> CommandHandler:
    def run(body: Mapping[str, Any]) -> str:
        files = body.get("files")
        if not isinstance(files, list) or not files:
            raise ValueError("ManualImport needs 'files'")
        mode = ImportMode.parse(body.get("importMode"))
        imported = rejected = 0
        messages: list[str] = []
        for item in files:
            if not isinstance(item, Mapping) or not isinstance(item.get("path"), str):
                continue
            path = str(item["path"])
            download_id = item.get("downloadId")
            download = DownloadInfo(download_id=str(download_id)) if download_id else None
            override = override_of(item, names, importer.domain.app)
            discovery, decisions = importer.scan(
                path, download=download, overrides={path: override}
            )
            if discovery.error:
                rejected += 1
                messages.append(discovery.error)
                continue
            result = importer.import_decisions(decisions, mode, download)
            imported += len(result.imported)
            rejected += len(result.rejected)
            messages.extend(result.messages())
        if imported == 0 and messages:
            raise RuntimeError("; ".join(messages[:10]))
        return f"Imported {imported} file(s), {rejected} not imported"

    return run


def recycle_bin_cleanup(importer: Importer[Any, Any]) -> CommandHandler:
    def run(body: Mapping[str, Any]) -> str:
        return f"Removed {importer.recycle_bin_cleanup()} file(s) from the recycle bin"

    return run
