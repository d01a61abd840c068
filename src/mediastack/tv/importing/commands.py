"""``DownloadedEpisodesScan`` and ``ManualImport``: the import path as persisted commands.

``DownloadedEpisodesScan {path, downloadClientId?, importMode}`` is what download-client
scripts and Unpackerr-style tools send; ``ManualImport {files[], importMode}`` is what the
manual-import screen sends after the user chose series, episodes and quality per file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mediastack.core.jobs import CommandHandler
from mediastack.manager.importing import ImportMode, ImportResult
from mediastack.manager.parser.model import Revision
from mediastack.manager.quality.definitions import by_id, by_name
from mediastack.tv.importing.candidates import Override
from mediastack.tv.importing.service import SCAN_SETTLE_SECONDS, DownloadInfo, TvImporter


def _summary(result: ImportResult) -> str:
    text = f"Imported {len(result.imported)} file(s)"
    if result.rejected or result.errors:
        text += f"; not imported: {'; '.join(result.messages()[:10])}"
    return text


def downloaded_episodes_scan(importer: TvImporter) -> CommandHandler:
    def run(body: Mapping[str, Any]) -> str:
        path = body.get("path")
        if not isinstance(path, str) or not path:
            raise ValueError("DownloadedEpisodesScan needs a 'path'")
        mode = ImportMode.parse(body.get("importMode"))
        download_id = body.get("downloadClientId")
        download = DownloadInfo(download_id=str(download_id)) if download_id else None
        result = importer.run(
            path, mode=mode, download=download, settle_seconds=SCAN_SETTLE_SECONDS
        )
        if result.errors and not result.imported:
            raise RuntimeError(_summary(result))
        return _summary(result)

    return run


def override_of(item: Mapping[str, Any]) -> Override:
    """A manual-import item's choices (``seriesId``, ``episodeIds``, ``quality``...)."""
    quality = revision = None
    q = item.get("quality")
    if isinstance(q, Mapping) and isinstance(q.get("quality"), Mapping):
        inner = q["quality"]
        try:
            quality = (
                by_id("sonarr", int(inner["id"]))
                if inner.get("id")
                else by_name("sonarr", str(inner.get("name")))
            )
        except (KeyError, ValueError, TypeError):
            quality = None
        rev = q.get("revision") or {}
        revision = Revision(
            int(rev.get("version", 1)), int(rev.get("real", 0)), bool(rev.get("isRepack"))
        )
    episode_ids = item.get("episodeIds")
    if episode_ids is None and isinstance(item.get("episodes"), list):
        episode_ids = [e.get("id") for e in item["episodes"] if isinstance(e, Mapping)]
    languages = item.get("languages")
    return Override(
        series_id=int(item["seriesId"]) if item.get("seriesId") else None,
        episode_ids=tuple(int(i) for i in episode_ids) if isinstance(episode_ids, list) else None,
        quality=quality,
        revision=revision,
        release_group=item.get("releaseGroup") or None,
        languages=tuple(str(lang.get("name")) for lang in languages if isinstance(lang, Mapping))
        if isinstance(languages, list) and languages
        else None,
    )


def manual_import(importer: TvImporter) -> CommandHandler:
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
            discovery, decisions = importer.scan(
                path, download=download, overrides={path: override_of(item)}
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


def recycle_bin_cleanup(importer: TvImporter) -> CommandHandler:
    from mediastack.manager.recycle_bin import RecycleBin

    def run(body: Mapping[str, Any]) -> str:
        media = importer.config.media_management()
        removed = RecycleBin(media.recycle_bin or None).cleanup(media.recycle_bin_cleanup_days)
        return f"Removed {removed} file(s) from the recycle bin"

    return run
