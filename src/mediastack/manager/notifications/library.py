"""What every media domain's notification hooks share.

A domain builds its events (the original's Webhook payload, the one-line message, the item
a media server refreshes) in its own shapes; handing them over is the same for all: a hook
builds its event and queues it, and a problem building one is logged, never raised into
the grab, the import or the API call it comes from. The grab's download fields, the
imported quality's version and the ``MediaItem`` of a library item are the same too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from mediastack.manager.grab.grabber import GrabResult
from mediastack.manager.importing.journal import ImportRecord
from mediastack.manager.notifications.dispatch import Notifier
from mediastack.manager.notifications.events import ItemKind, MediaItem, NotificationEvent

log = logging.getLogger(__name__)

StoreT = TypeVar("StoreT")


class LibraryItem(Protocol):
    """What a series, a movie and an artist all have."""

    @property
    def id(self) -> int: ...

    @property
    def path(self) -> str: ...

    @property
    def root_folder_path(self) -> str: ...

    @property
    def tags(self) -> list[int]: ...


def compact(data: Mapping[str, Any]) -> dict[str, Any]:
    """The originals' serializer leaves out null values."""
    return {k: v for k, v in data.items() if v is not None}


def media_item(
    kind: ItemKind,
    item: LibraryItem,
    title: str,
    year: int,
    provider_ids: Mapping[str, str],
    poster_url: str | None = None,
) -> MediaItem:
    """The item as media servers look it up (provider ids without the unknown ones)."""
    return MediaItem(
        id=item.id,
        kind=kind,
        title=title,
        year=year,
        path=item.path,
        root_folder=item.root_folder_path,
        provider_ids={k: v for k, v in provider_ids.items() if v},
        tags=frozenset(item.tags),
        poster_url=poster_url,
    )


def download_fields(result: GrabResult) -> dict[str, Any]:
    """Where a grab went, as every original's Grab payload says it."""
    return {
        "downloadClient": result.client.name,
        "downloadClientType": result.client.definition.implementation,
        "downloadId": result.download_id,
    }


def quality_version(quality: Mapping[str, Any]) -> int:
    """The revision version of a stored QualityModel (2 for a PROPER)."""
    return int((quality.get("revision") or {}).get("version", 1))


def imported_file(record: ImportRecord) -> dict[str, Any]:
    """The imported file as every original's Download payload describes it."""
    return {
        "path": record.destination,
        "quality": record.quality_name,
        "qualityVersion": quality_version(record.quality),
        "releaseGroup": record.release_group,
        "sceneName": record.scene_name,
        "size": record.size,
    }


def import_outcome(record: ImportRecord) -> dict[str, Any]:
    """Whether an import replaced files, and the download it came from."""
    return {
        "isUpgrade": bool(record.replaced),
        "downloadClient": record.client_name,
        "downloadId": record.download_id,
    }


class LibraryNotifications(Generic[StoreT]):
    """A domain's hooks: they build events from its ``store`` and queue them."""

    #: the made-up item the ``Test`` event carries (receivers check their parsing on it)
    test_payload: ClassVar[dict[str, Any]]

    def __init__(self, notifier: Notifier, store: StoreT) -> None:
        self.notifier = notifier
        self.store = store
        notifier.test_payload = self.test_payload

    def submit(self, what: str, build: Callable[[], NotificationEvent | None]) -> None:
        """Build and queue; a broken event is logged, never raised into the caller."""
        try:
            event = build()
        except Exception:
            log.exception("the %s notification could not be built", what)
            return
        if event is not None:
            self.notifier.submit(event)
