"""TV events as notifications: Sonarr's webhook payloads, messages and the media item.

Shapes follow Sonarr v4's ``Webhook*Payload`` classes (camelCase, unset values left out);
consumers such as autoscan read ``eventType``, ``series.path``,
``episodeFile.relativePath`` and ``renamedEpisodeFiles[].previousPath``. Every hook here
only builds the event and queues it: none of them raises into the grab, the import or
the API call it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Any

from mediastack.manager.api.resources import iso
from mediastack.manager.download_clients.completion import ImportOutcome
from mediastack.manager.grab.grabber import GrabResult
from mediastack.manager.grab.resources import release_summary
from mediastack.manager.importing.journal import ImportRecord
from mediastack.manager.importing.media_info import MediaInfo
from mediastack.manager.library.resources import images
from mediastack.manager.notifications import library as hooks
from mediastack.manager.notifications.definitions import EventType
from mediastack.manager.notifications.events import MediaItem, NotificationEvent, UpdateType
from mediastack.manager.search.model import ReleaseDecision
from mediastack.tv.api.resources import language_resource
from mediastack.tv.library.model import Episode, EpisodeFile, Series
from mediastack.tv.library.store import TvLibraryStore

EpisodeDecision = ReleaseDecision[Series, Episode]

#: The made-up series the ``Test`` event carries (receivers check their parsing on it).
TEST_PAYLOAD: dict[str, Any] = {
    "series": {
        "id": 1,
        "title": "Test Title",
        "path": "C:\\testpath",
        "tvdbId": 1234,
        "tags": ["test-tag"],
    },
    "episodes": [{"id": 123, "episodeNumber": 1, "seasonNumber": 1, "title": "Test title"}],
}


def series_json(series: Series, tag_labels: list[str]) -> dict[str, Any]:
    return hooks.compact(
        {
            "id": series.id,
            "title": series.title,
            "titleSlug": series.title_slug,
            "path": series.path,
            "tvdbId": series.tvdb_id or 0,
            "tvMazeId": series.tvmaze_id or 0,
            "tmdbId": 0,
            "imdbId": series.imdb_id or None,
            "type": series.series_type,
            "year": series.year or 0,
            "genres": list(series.genres),
            "images": images(series.poster_url, series.fanart_url, None),
            "tags": tag_labels,
            "originalLanguage": language_resource(series.language),
        }
    )


def episodes_json(episodes: Iterable[Episode]) -> list[dict[str, Any]]:
    return [
        hooks.compact(
            {
                "id": e.id,
                "episodeNumber": e.episode_number,
                "seasonNumber": e.season_number,
                "title": e.title,
                "overview": e.overview or None,
                "airDate": e.air_date.isoformat() if e.air_date else None,
                "airDateUtc": iso(e.air_date_utc),
                "seriesId": e.series_id,
            }
        )
        for e in sorted(episodes, key=lambda e: (e.season_number, e.episode_number))
    ]


def episode_file_json(file: EpisodeFile) -> dict[str, Any]:
    return hooks.compact(
        {
            "id": file.id,
            "relativePath": file.relative_path,
            "path": file.path,
            "quality": file.quality,
            "qualityVersion": 1,
            "releaseGroup": file.release_group,
            "sceneName": file.scene_name,
            "size": file.size,
            "dateAdded": iso(file.date_added),
            "languages": [{"name": name} for name in file.languages],
            "mediaInfo": _media_info(MediaInfo.from_stored(file.media_info)),
        }
    )


def episode_message(series: Series, episodes: Sequence[Episode], quality: str) -> str:
    """The originals' one-line text: ``Show - 1x01x02 - Title + Title [WEBDL-1080p]``."""
    if not episodes:
        return f"{series.title} - [{quality}]"
    ordered = sorted(episodes, key=lambda e: (e.season_number, e.episode_number))
    aired = ordered[0].air_date
    if series.series_type == "daily" and aired is not None:
        return f"{series.title} - {aired.isoformat()} - {ordered[0].title} [{quality}]"
    numbers = "".join(f"x{e.episode_number:02d}" for e in ordered)
    titles = " + ".join(e.title for e in ordered)
    return f"{series.title} - {ordered[0].season_number}{numbers} - {titles} [{quality}]"


def series_item(series: Series) -> MediaItem:
    ids = {
        "Tvdb": str(series.tvdb_id or ""),
        "Imdb": series.imdb_id or "",
        "TvMaze": str(series.tvmaze_id or ""),
        "TvRage": str(series.tvrage_id or ""),
    }
    return hooks.media_item(
        "series", series, series.title, series.year or 0, ids, series.poster_url
    )


def _media_info(info: MediaInfo | None) -> dict[str, Any] | None:
    return hooks.webhook_media_info(info) if info is not None else None


def _release_type(episodes: Sequence[Episode], files: Sequence[EpisodeFile]) -> str:
    """Sonarr's ``releaseType``: one episode, several in one file, or a season's files."""
    if len(episodes) <= 1:
        return "singleEpisode"
    return "seasonPack" if len(files) > 1 else "multiEpisode"


def _relative(path: str, root: str) -> str:
    p = PurePath(path)
    return p.relative_to(root).as_posix() if p.is_relative_to(root) else p.name


class TvNotifications(hooks.LibraryNotifications[TvLibraryStore]):
    """The TV service's notification hooks: build the event, hand it to the notifier."""

    test_payload = TEST_PAYLOAD

    def event(
        self,
        kind: EventType,
        series: Series,
        payload: Mapping[str, Any],
        *,
        title: str,
        message: str,
        update: UpdateType | None = None,
        **extra: Any,
    ) -> NotificationEvent:
        body = {"series": series_json(series, self.notifier.tag_labels(series.tags))}
        body.update(payload)
        return NotificationEvent(
            kind,
            body,
            title=title,
            message=message,
            item=series_item(series),
            update_type=update,
            **extra,
        )

    # ---- grab and import -------------------------------------------------------------------

    def on_grabbed(self, decision: EpisodeDecision, result: GrabResult) -> None:
        def build() -> NotificationEvent | None:
            series = decision.subject
            if series is None and decision.items:
                series = self.store.get(decision.items[0].series_id)
            if series is None:
                return None
            candidate = decision.decision.candidate
            payload = {
                "episodes": episodes_json(decision.items),
                "release": hooks.compact(release_summary(candidate)),
                **hooks.download_fields(result),
                "customFormatInfo": {
                    "customFormats": [
                        {"id": cf.id, "name": cf.name} for cf in candidate.custom_formats
                    ],
                    "customFormatScore": candidate.custom_format_score,
                },
            }
            message = episode_message(series, decision.items, candidate.quality.name)
            return self.event(
                EventType.GRAB, series, payload, title="Episode Grabbed", message=message
            )

        self.submit("Grab", build)

    def on_imported(self, record: ImportRecord) -> None:
        def build() -> NotificationEvent | None:
            series = self.store.get(record.subject_id)
            if series is None:
                return None
            episodes = [
                e for e in (self.store.episode(int(i)) for i in record.item_ids) if e is not None
            ]
            file = next(
                (
                    f
                    for f in self.store.files(series_id=series.id)
                    if f.relative_path == record.relative_path
                ),
                None,
            )
            episode_file = {
                "id": file.id if file else 0,
                "relativePath": record.relative_path,
                **hooks.imported_file(record),
                "dateAdded": iso(file.date_added) if file else None,
                "languages": [{"name": n} for n in record.languages],
                "mediaInfo": _media_info(MediaInfo.from_stored(record.extra.get("media_info"))),
                "sourcePath": record.source,
            }
            deleted = [
                {
                    "id": r.get("id"),
                    "relativePath": _relative(r["path"], series.path),
                    "path": r["path"],
                }
                for r in record.replaced
            ]
            payload = {
                "episodes": episodes_json(episodes),
                "episodeFile": hooks.compact(episode_file),
                **hooks.import_outcome(record),
                "deletedFiles": deleted,
            }
            return self.event(
                EventType.DOWNLOAD,
                series,
                hooks.compact(payload),
                title="Episode Downloaded",
                message=episode_message(series, episodes, record.quality_name),
                update="Created",
                is_upgrade=bool(record.replaced),
            )

        self.submit("Download", build)

    def on_import_outcome(self, outcome: ImportOutcome) -> None:
        """A completed download: all imported (ImportComplete), or stuck until someone
        imports it by hand (ManualInteractionRequired)."""
        if outcome.complete:
            self.submit("ImportComplete", lambda: self._import_complete(outcome))
        else:
            self.submit("ManualInteractionRequired", lambda: self._manual_interaction(outcome))

    def _download_of(self, outcome: ImportOutcome) -> tuple[Series, list[Episode]] | None:
        if not outcome.grabs:
            return None
        series = self.store.get(outcome.grabs[0].item_id)
        if series is None:
            return None
        ids = sorted({g.child_id for g in outcome.grabs})
        episodes = [e for e in (self.store.episode(i) for i in ids) if e is not None]
        return series, episodes

    def _import_complete(self, outcome: ImportOutcome) -> NotificationEvent | None:
        found = self._download_of(outcome)
        if found is None or outcome.result is None:
            return None
        series, episodes = found
        placed = {f.destination for f in outcome.result.imported}
        files = [f for f in self.store.files(series_id=series.id) if f.path in placed]
        tracked = outcome.tracked
        payload = {
            "episodes": episodes_json(episodes),
            "episodeFiles": [episode_file_json(f) for f in files],
            "release": hooks.grabbed_release(outcome.grabs, _release_type(episodes, files)),
            **hooks.outcome_client(outcome),
            "fileCount": len(files),
            "sourcePath": str(tracked.item.output_path) if tracked.item.output_path else None,
            "destinationPath": hooks.common_path([f.path for f in files]),
        }
        quality = files[0].quality if files else hooks.grab_quality(outcome.grabs[0])[0]
        return self.event(
            EventType.IMPORT_COMPLETE,
            series,
            hooks.compact(payload),
            title="Import Complete",
            message=episode_message(series, episodes, quality),
        )

    def _manual_interaction(self, outcome: ImportOutcome) -> NotificationEvent | None:
        found = self._download_of(outcome)
        if found is None:
            return None
        series, episodes = found
        grab = outcome.grabs[0]
        payload = {
            "episodes": episodes_json(episodes),
            **hooks.manual_interaction_fields(outcome),
            "release": hooks.grabbed_release(outcome.grabs, _release_type(episodes, [])),
        }
        return self.event(
            EventType.MANUAL_INTERACTION_REQUIRED,
            series,
            hooks.compact(payload),
            title="Manual Interaction Required",
            message=episode_message(series, episodes, hooks.grab_quality(grab)[0]),
        )

    # ---- library ---------------------------------------------------------------------------

    def on_series_added(self, series: Series) -> None:
        self.submit(
            "SeriesAdd",
            lambda: self.event(
                EventType.SERIES_ADD,
                series,
                {},
                title="Series Added",
                message=series.title,
                update="Created",
            ),
        )

    def on_series_deleted(self, series: Series, deleted_files: bool) -> None:
        outcome = (
            "Series removed and all files were deleted"
            if deleted_files
            else "Series removed, files were not deleted"
        )
        self.submit(
            "SeriesDelete",
            lambda: self.event(
                EventType.SERIES_DELETE,
                series,
                {"deletedFiles": deleted_files},
                title="Series Deleted",
                message=f"{series.title} - {outcome}",
                update="Deleted",
                deleted_files=deleted_files,
            ),
        )

    def on_episode_file_deleted(
        self, series: Series, file: EpisodeFile, episodes: Sequence[Episode], reason: str
    ) -> None:
        if not episodes:
            return  # the originals stay quiet for a file no episode points at
        self.submit(
            "EpisodeFileDelete",
            lambda: self.event(
                EventType.EPISODE_FILE_DELETE,
                series,
                {
                    "episodes": episodes_json(episodes),
                    "episodeFile": episode_file_json(file),
                    "deleteReason": reason,
                },
                title="Episode Deleted",
                message=episode_message(series, episodes, file.quality),
                update="Deleted",
                delete_reason=reason,
            ),
        )

    def on_renamed(self, series: Series, renamed: Sequence[tuple[EpisodeFile, str]]) -> None:
        """``renamed``: each file as it is now, with its previous relative path."""
        if not renamed:
            return
        files = [
            episode_file_json(file)
            | {
                "previousRelativePath": previous,
                "previousPath": str(PurePath(series.path) / previous),
            }
            for file, previous in renamed
        ]
        self.submit(
            "Rename",
            lambda: self.event(
                EventType.RENAME,
                series,
                {"renamedEpisodeFiles": files},
                title="Renamed",
                message=f"{series.title}: {len(files)} files renamed",
                update="Modified",
            ),
        )
