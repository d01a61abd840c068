"""TV events as Sonarr's webhook payloads (Grab, Download), handed to the notifier.

Shapes follow Sonarr v4's ``WebhookGrabPayload`` / ``WebhookImportPayload`` (camelCase);
consumers such as autoscan read ``eventType``, ``series.path`` and
``episodeFile.relativePath``. The hooks never raise into the grab or the import.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import PurePath
from typing import Any

from mediastack.manager.notifications.dispatch import Notifier
from mediastack.manager.grab.grabber import GrabResult
from mediastack.manager.importing.journal import ImportRecord
from mediastack.manager.search.model import ReleaseDecision
from mediastack.tv.library.model import Episode, Series
from mediastack.tv.library.store import TvLibraryStore

EpisodeDecision = ReleaseDecision[Series, Episode]

log = logging.getLogger(__name__)


def _utc(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None


def series_json(series: Series) -> dict[str, Any]:
    return {
        "id": series.id,
        "title": series.title,
        "titleSlug": series.title_slug,
        "path": series.path,
        "tvdbId": series.tvdb_id or 0,
        "tvMazeId": series.tvmaze_id or 0,
        "imdbId": series.imdb_id or "",
        "type": series.series_type,
        "year": series.year or 0,
        "genres": list(series.genres),
        "tags": list(series.tags),
    }


def episodes_json(episodes: Iterable[Episode]) -> list[dict[str, Any]]:
    return [
        {
            "id": e.id,
            "episodeNumber": e.episode_number,
            "seasonNumber": e.season_number,
            "title": e.title,
            "airDate": e.air_date.isoformat() if e.air_date else None,
            "airDateUtc": _utc(e.air_date_utc),
            "seriesId": e.series_id,
        }
        for e in sorted(episodes, key=lambda e: (e.season_number, e.episode_number))
    ]


def grab_payload(series: Series, decision: EpisodeDecision, result: GrabResult) -> dict[str, Any]:
    candidate = decision.decision.candidate
    release = candidate.release
    return {
        "series": series_json(series),
        "episodes": episodes_json(decision.items),
        "release": {
            "quality": candidate.quality.name,
            "qualityVersion": candidate.revision.version,
            "releaseGroup": candidate.parsed.release_group,
            "releaseTitle": release.title,
            "indexer": release.indexer,
            "size": release.size or 0,
            "customFormatScore": candidate.custom_format_score,
            "customFormats": [cf.name for cf in candidate.custom_formats],
        },
        "downloadClient": result.client.name,
        "downloadClientType": result.client.definition.implementation,
        "downloadId": result.download_id,
    }


def download_payload(
    series: Series, episodes: list[Episode], imported: Mapping[str, Any], file_id: int
) -> dict[str, Any]:
    quality = imported.get("quality") or {}
    root = PurePath(series.path)

    def relative(path: str) -> str:
        p = PurePath(path)
        return p.relative_to(root).as_posix() if p.is_relative_to(root) else p.name

    return {
        "series": series_json(series),
        "episodes": episodes_json(episodes),
        "episodeFile": {
            "id": file_id,
            "relativePath": imported["relative_path"],
            "path": imported["destination"],
            "quality": (quality.get("quality") or {}).get("name", "Unknown"),
            "qualityVersion": (quality.get("revision") or {}).get("version", 1),
            "releaseGroup": imported.get("release_group"),
            "sceneName": imported.get("scene_name"),
            "size": int(imported.get("size") or 0),
            "languages": [{"name": n} for n in imported.get("languages", [])],
            "sourcePath": imported.get("source"),
        },
        "isUpgrade": bool(imported.get("replaced")),
        "downloadClient": imported.get("client_name"),
        "downloadId": imported.get("download_id"),
        "deletedFiles": [
            {"id": r.get("id"), "relativePath": relative(r["path"]), "path": r["path"]}
            for r in imported.get("replaced", [])
        ],
    }


class TvNotifications:
    """The grabber's and the importer's hooks: build the payload, send it off."""

    def __init__(self, notifier: Notifier, store: TvLibraryStore) -> None:
        self.notifier = notifier
        self.store = store

    def on_grabbed(self, decision: EpisodeDecision, result: GrabResult) -> None:
        try:
            series = decision.subject
            if series is None and decision.items:
                series = self.store.get(decision.items[0].series_id)
            if series is None:
                return
            self.notifier.submit("Grab", grab_payload(series, decision, result))
        except Exception:
            log.exception("the Grab notification could not be sent")

    def on_imported(self, record: ImportRecord) -> None:
        try:
            imported = record.payload()
            series = self.store.get(record.subject_id)
            if series is None:
                return
            episodes = [
                e for e in (self.store.episode(i) for i in record.item_ids) if e is not None
            ]
            file_id = next(
                (
                    f.id
                    for f in self.store.files(series_id=series.id)
                    if f.relative_path == imported["relative_path"]
                ),
                0,
            )
            self.notifier.submit("Download", download_payload(series, episodes, imported, file_id))
        except Exception:
            log.exception("the Download notification could not be sent")
