"""What every media domain's notification hooks share.

A domain builds its events (the original's Webhook payload, the one-line message, the item
a media server refreshes) in its own shapes; handing them over is the same for all: a hook
builds its event and queues it, and a problem building one is logged, never raised into
the grab, the import or the API call it comes from. The grab's download fields, the
imported quality's version and the ``MediaItem`` of a library item are the same too.
"""

from __future__ import annotations

import logging
import os.path
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePath
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from mediastack.manager.download_clients.completion import ImportOutcome
from mediastack.manager.grab.grabber import GrabResult
from mediastack.manager.history import HistoryEvent
from mediastack.manager.importing.journal import ImportRecord
from mediastack.manager.importing.media_info import MediaInfo
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


def webhook_media_info(info: MediaInfo) -> dict[str, Any]:
    """A file's ``mediaInfo`` in the webhook payloads (shorter than the API's: languages
    as lists, the picture's size as two numbers)."""
    resource = info.resource()
    return {
        "audioChannels": info.audio_channels,
        "audioCodec": info.audio_codec,
        "audioLanguages": list(info.audio_languages),
        "height": info.height,
        "width": info.width,
        "subtitles": list(info.subtitle_languages),
        "videoCodec": info.video_codec,
        "videoDynamicRange": resource["videoDynamicRange"],
        "videoDynamicRangeType": info.video_dynamic_range_type,
    }


def grab_quality(grab: HistoryEvent) -> tuple[str, int]:
    """The grabbed quality's name and revision version, from the grab's stored model."""
    name = str((grab.quality.get("quality") or {}).get("name") or "Unknown")
    return name, quality_version(grab.quality)


def grabbed_release(grabs: Sequence[HistoryEvent], release_type: str | None) -> dict[str, Any]:
    """The release a download came from, as the originals' import payloads name it."""
    grab = grabs[0]
    size = str(grab.data.get("size") or "0")
    return compact(
        {
            "releaseTitle": grab.source_title,
            "indexer": grab.data.get("indexer") or None,
            "size": int(size) if size.isdigit() else 0,
            "releaseType": release_type,
        }
    )


def outcome_client(outcome: ImportOutcome) -> dict[str, Any]:
    """The client a completed download is in, and its id there."""
    client = outcome.client
    return {
        "downloadClient": client.name if client else outcome.tracked.client_name,
        "downloadClientType": client.definition.implementation if client else None,
        "downloadId": outcome.tracked.download_id,
    }


def manual_interaction_fields(outcome: ImportOutcome) -> dict[str, Any]:
    """What the originals' ManualInteractionRequired payload says of the stuck download:
    the item as the client has it, its status (``Warning``) and the reasons, the formats
    it was grabbed for."""
    tracked = outcome.tracked
    grab = outcome.grabs[0]
    quality, version = grab_quality(grab)
    status = tracked.status.value
    return {
        "downloadInfo": {
            "quality": quality,
            "qualityVersion": version,
            "title": tracked.item.title,
            "size": tracked.item.total_size,
        },
        **outcome_client(outcome),
        "downloadStatus": status[:1].upper() + status[1:],
        "downloadStatusMessages": [
            {"title": m.title, "messages": list(m.messages)} for m in tracked.status_messages
        ],
        "customFormatInfo": {
            "customFormats": grab.custom_formats,
            "customFormatScore": grab.custom_format_score,
        },
    }


def common_path(paths: Sequence[str]) -> str | None:
    """The folder all ``paths`` lie in (the originals' ``destinationPath``)."""
    if not paths:
        return None
    return os.path.commonpath([str(PurePath(p).parent) for p in paths])


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
