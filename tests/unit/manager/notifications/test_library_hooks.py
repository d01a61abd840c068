"""The hooks every media domain's notifications share: guarded submits, media items and the
imported file as the originals' Download payloads describe it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from mediastack.manager.importing.journal import ImportRecord
from mediastack.manager.notifications.definitions import EventType
from mediastack.manager.notifications.events import NotificationEvent
from mediastack.manager.notifications.library import (
    LibraryNotifications,
    compact,
    import_outcome,
    imported_file,
    media_item,
)


@dataclass
class RecordingNotifier:
    submitted: list[NotificationEvent] = field(default_factory=list)
    test_payload: dict[str, Any] | None = None

    def submit(self, event: NotificationEvent) -> None:
        self.submitted.append(event)


class Hooks(LibraryNotifications[str]):
    test_payload: ClassVar[dict[str, Any]] = {"item": {"id": 1, "title": "Test Title"}}


@dataclass
class Item:
    id: int = 7
    path: str = "/media/movies/Heat (1995)"
    root_folder_path: str = "/media/movies"
    tags: list[int] = field(default_factory=lambda: [3, 1])


def record(**changes: Any) -> ImportRecord:
    values: dict[str, Any] = {
        "source": "/downloads/Heat.1995.1080p.PROPER/heat.mkv",
        "destination": "/media/movies/Heat (1995)/Heat (1995).mkv",
        "transfer": "move",
        "subject_id": 7,
        "item_ids": [7],
        "history_ids": [7],
        "relative_path": "Heat (1995).mkv",
        "quality": {"quality": {"name": "Bluray-1080p"}, "revision": {"version": 2}},
        "size": 1234,
    }
    return ImportRecord(**(values | changes))


def test_a_hook_that_fails_to_build_is_logged_and_nothing_is_sent() -> None:
    notifier = RecordingNotifier()
    hooks = Hooks(notifier, "store")  # type: ignore[arg-type]
    assert notifier.test_payload == Hooks.test_payload and hooks.store == "store"

    def broken() -> NotificationEvent:
        raise KeyError("title")

    hooks.submit("Grab", broken)
    hooks.submit("Grab", lambda: None)
    assert notifier.submitted == []
    event = NotificationEvent(EventType.GRAB, {"movie": {}}, "Movie Grabbed", "Heat")
    hooks.submit("Grab", lambda: event)
    assert notifier.submitted == [event]


def test_media_item_keeps_known_ids_and_the_items_folder() -> None:
    item = media_item("movie", Item(), "Heat", 1995, {"Tmdb": "949", "Imdb": ""}, "http://p/1.jpg")
    assert item.provider_ids == {"Tmdb": "949"}
    assert (item.id, item.kind, item.title, item.year) == (7, "movie", "Heat", 1995)
    assert item.path == "/media/movies/Heat (1995)" and item.root_folder == "/media/movies"
    assert item.tags == frozenset({1, 3}) and item.poster_url == "http://p/1.jpg"


def test_the_imported_file_and_the_outcome_of_an_upgrade() -> None:
    upgrade = record(
        release_group="GRP",
        replaced=[{"id": 3, "path": "/media/movies/Heat (1995)/old.mkv"}],
        client_name="SABnzbd",
        download_id="SABnzbd_nzo_1",
    )
    assert imported_file(upgrade) == {
        "path": "/media/movies/Heat (1995)/Heat (1995).mkv",
        "quality": "Bluray-1080p",
        "qualityVersion": 2,
        "releaseGroup": "GRP",
        "sceneName": None,
        "size": 1234,
    }
    assert import_outcome(upgrade) == {
        "isUpgrade": True,
        "downloadClient": "SABnzbd",
        "downloadId": "SABnzbd_nzo_1",
    }
    first = record(quality={})
    assert compact(imported_file(first)) == {
        "path": "/media/movies/Heat (1995)/Heat (1995).mkv",
        "quality": "Unknown",
        "qualityVersion": 1,
        "size": 1234,
    }
    assert import_outcome(first)["isUpgrade"] is False
