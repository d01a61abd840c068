"""Movie events as Radarr's webhook payloads (Grab, Download, ManualInteractionRequired),
handed to the notifier.

Shapes follow Radarr v5's ``WebhookGrabPayload`` / ``WebhookImportPayload`` (``movie``,
``remoteMovie``, ``release``, ``movieFile``, ``isUpgrade``); media servers (Jellyfin, Emby,
Plex) get the movie as a ``MediaItem`` to refresh. The hooks never raise into the grab or
the import.
"""

from __future__ import annotations

from typing import Any

from mediastack.manager.download_clients.completion import ImportOutcome
from mediastack.manager.grab.grabber import GrabResult
from mediastack.manager.grab.resources import release_summary
from mediastack.manager.importing.journal import ImportRecord
from mediastack.manager.notifications import library as hooks
from mediastack.manager.notifications.definitions import EventType
from mediastack.manager.notifications.events import MediaItem, NotificationEvent
from mediastack.manager.search.model import ReleaseDecision
from mediastack.movies.library.model import Movie
from mediastack.movies.library.store import MovieStore

TEST_PAYLOAD: dict[str, Any] = {
    "movie": {"id": 1, "title": "Test Title", "year": 1970, "folderPath": "C:\\testpath"},
    "remoteMovie": {"tmdbId": 1234, "imdbId": "5678", "title": "Test title", "year": 1970},
}


def movie_json(movie: Movie, tags: list[str]) -> dict[str, Any]:
    return {
        "id": movie.id,
        "title": movie.title,
        "year": movie.year or 0,
        "releaseDate": movie.dates.release_date.isoformat() if movie.dates.release_date else None,
        "folderPath": movie.path,
        "tmdbId": movie.tmdb_id,
        "imdbId": movie.imdb_id or "",
        "overview": movie.overview,
        "genres": list(movie.genres),
        "tags": tags,
    }


def remote_movie(movie: Movie) -> dict[str, Any]:
    return {
        "tmdbId": movie.tmdb_id,
        "imdbId": movie.imdb_id or "",
        "title": movie.title,
        "year": movie.year or 0,
    }


def movie_item(movie: Movie) -> MediaItem:
    ids = {"Tmdb": str(movie.tmdb_id), "Imdb": movie.imdb_id or ""}
    return hooks.media_item("movie", movie, movie.title, movie.year or 0, ids, movie.poster_url)


class MovieNotifications(hooks.LibraryNotifications[MovieStore]):
    test_payload = TEST_PAYLOAD

    def _body(self, movie: Movie) -> dict[str, Any]:
        tags = self.notifier.tag_labels(movie.tags)
        return {"movie": movie_json(movie, tags), "remoteMovie": remote_movie(movie)}

    def on_grabbed(self, decision: ReleaseDecision[Movie, Movie], result: GrabResult) -> None:
        def build() -> NotificationEvent | None:
            movie = decision.subject
            if movie is None:
                return None
            candidate = decision.decision.candidate
            payload = (
                self._body(movie)
                | {"release": release_summary(candidate)}
                | hooks.download_fields(result)
            )
            text = f"{movie.title} ({movie.year}) [{candidate.quality.name}]"
            return NotificationEvent(
                EventType.GRAB, payload, "Movie Grabbed", text, item=movie_item(movie)
            )

        self.submit("Grab", build)

    def on_imported(self, record: ImportRecord) -> None:
        def build() -> NotificationEvent | None:
            movie = self.store.get(record.subject_id)
            if movie is None:
                return None
            file = movie.file
            movie_file = {"id": file.id if file else 0, "relativePath": record.relative_path}
            payload = (
                self._body(movie)
                | {"movieFile": movie_file | hooks.imported_file(record)}
                | hooks.import_outcome(record)
                | {
                    "deletedFiles": [
                        {"id": r.get("id"), "path": r["path"]} for r in record.replaced
                    ]
                }
            )
            text = f"{movie.title} ({movie.year}) [{record.quality_name}]"
            return NotificationEvent(
                EventType.DOWNLOAD,
                payload,
                "Movie Downloaded",
                text,
                item=movie_item(movie),
                update_type="Created",
                is_upgrade=bool(record.replaced),
            )

        self.submit("Download", build)

    def on_import_outcome(self, outcome: ImportOutcome) -> None:
        """A completed download nothing could be imported from waits for a person (Radarr
        has no event for a download imported whole: its Download event said it)."""
        if outcome.complete or not outcome.grabs:
            return

        def build() -> NotificationEvent | None:
            grab = outcome.grabs[0]
            movie = self.store.get(grab.item_id)
            if movie is None:
                return None
            payload = {
                "movie": movie_json(movie, self.notifier.tag_labels(movie.tags)),
                **hooks.manual_interaction_fields(outcome),
                "release": hooks.grabbed_release(outcome.grabs, None),
            }
            text = f"{movie.title} ({movie.year}) [{hooks.grab_quality(grab)[0]}]"
            return NotificationEvent(
                EventType.MANUAL_INTERACTION_REQUIRED,
                payload,
                "Manual Interaction Required",
                text,
                item=movie_item(movie),
            )

        self.submit("ManualInteractionRequired", build)
