"""What the engine hands to notifications: one event, in every form a provider may need.

The media domain builds the event: the Webhook body in the original's shape (``payload``),
the one-line text chat-like notifiers show (``title``/``message``), and the library item a
media server must refresh (``item``). Providers pick what they use; none of them knows
what a series or a movie is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from mediastack.core.health import HealthLevel, HealthResult
from mediastack.manager.notifications.definitions import EventType

#: How media servers call a change (Emby's ``updateType``).
UpdateType = Literal["Created", "Modified", "Deleted"]

ItemKind = Literal["series", "movie", "artist"]


@dataclass(frozen=True, slots=True)
class MediaItem:
    """One library item as media servers look it up: by provider ids, title and year,
    and by its folder (``root_folder`` is the library root it lies in)."""

    id: int
    kind: ItemKind
    title: str
    year: int
    path: str
    root_folder: str
    provider_ids: Mapping[str, str] = field(default_factory=dict)  # {"Tvdb": "121361", ...}
    tags: frozenset[int] = frozenset()
    poster_url: str | None = None  # the remote poster (Apprise attachments)


@dataclass(frozen=True, slots=True)
class NotificationEvent:
    type: EventType
    payload: Mapping[str, Any]  # the Webhook body without the envelope
    title: str = ""
    message: str = ""
    item: MediaItem | None = None
    update_type: UpdateType | None = None  # what a media server is told changed
    is_upgrade: bool = False  # Download: files were replaced
    delete_reason: str | None = None  # EpisodeFileDelete: "manual", "upgrade", ...
    deleted_files: bool = False  # SeriesDelete: the folder went too
    health_level: HealthLevel | None = None  # Health, HealthRestored


_HEALTH_TITLES = {
    EventType.HEALTH: "Health Check Failure",
    EventType.HEALTH_RESTORED: "Health Check Restored",
}


def health_event(result: HealthResult, restored: bool = False) -> NotificationEvent:
    """Sonarr's ``WebhookHealthPayload``: ``level`` (camelCase enum), ``message``,
    ``type`` (the check's name) and ``wikiUrl``."""
    kind = EventType.HEALTH_RESTORED if restored else EventType.HEALTH
    message = (
        f"The following issue is now resolved: {result.message}" if restored else result.message
    )
    payload: dict[str, Any] = {
        "level": result.level.value,
        "message": result.message,
        "type": result.source,
    }
    if result.wiki_url:
        payload["wikiUrl"] = result.wiki_url
    return NotificationEvent(
        kind,
        payload,
        title=_HEALTH_TITLES[kind],
        message=message,
        health_level=result.level,
    )


def probe_event(app_name: str, payload: Mapping[str, Any]) -> NotificationEvent:
    """The ``Test`` event: the domain's made-up item (the originals send a fake series
    and episode), so receivers can check their parsing without waiting for a real event."""
    return NotificationEvent(
        EventType.TEST,
        payload,
        title=f"{app_name} - Test Notification",
        message=f"Success! You have properly configured your {app_name} notification settings.",
    )
