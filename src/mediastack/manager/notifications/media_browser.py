"""Emby / Jellyfin ("MediaBrowser"): library updates by path, optional admin notices.

On the wire as the originals do it: every call carries ``X-MediaBrowser-Token``; the item's
folders on the server are found with ``GET /Items`` (matched by provider id, then by
name), and each folder, plus the item's own (mapped) path, is announced with
``POST /Library/Media/Updated``. The test reads ``/System/Configuration``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from mediastack.core.http import FieldError
from mediastack.manager.notifications.base import (
    NotificationFailure,
    ProviderContext,
    failure_text,
    flag,
    host_errors,
    request,
    server_url,
    text,
)
from mediastack.manager.notifications.definitions import MEDIA_BROWSER, EventType
from mediastack.manager.notifications.events import (
    ItemKind,
    MediaItem,
    NotificationEvent,
    UpdateType,
)
from mediastack.manager.notifications.media_servers import MediaServer, PendingUpdate, map_path

log = logging.getLogger(__name__)

SERVICE = "Emby/Jellyfin"

#: The events that send an admin notice when "Send Notifications" is on.
_NOTICES = frozenset(
    {
        EventType.GRAB,
        EventType.DOWNLOAD,
        EventType.EPISODE_FILE_DELETE,
        EventType.SERIES_ADD,
        EventType.SERIES_DELETE,
        EventType.HEALTH,
        EventType.HEALTH_RESTORED,
    }
)

_ITEM_TYPES: dict[ItemKind, str] = {"series": "Series", "movie": "Movie", "artist": "MusicArtist"}


def _headers(settings: Mapping[str, Any], json: bool = False) -> dict[str, str]:
    headers = {"X-MediaBrowser-Token": text(settings, "apiKey")}
    if json:
        headers["Content-Type"] = "application/json"
    return headers


def matching_paths(items: list[Any], item: MediaItem) -> set[str]:
    """The server's folders for ``item``: those matched by a provider id if any, else
    those matched by name; the servers send provider ids as strings."""
    by_id: set[str] = set()
    by_name: set[str] = set()
    wanted = {k.lower(): str(v) for k, v in item.provider_ids.items() if v not in ("", "0", None)}
    for entry in items:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("Path"), str):
            continue
        ids = entry.get("ProviderIds") or {}
        if isinstance(ids, Mapping) and any(
            wanted.get(str(k).lower()) == str(v) for k, v in ids.items() if v not in ("", None)
        ):
            by_id.add(entry["Path"])
        elif entry.get("Name") == item.title:
            by_name.add(entry["Path"])
    return by_id or by_name


class MediaBrowser(MediaServer):
    definition = MEDIA_BROWSER

    def validate(self, settings: Mapping[str, Any]) -> list[FieldError]:
        errors = host_errors(settings)
        if not text(settings, "apiKey"):
            errors.append(FieldError("ApiKey", "'Api Key' must not be empty.", ""))
        return errors

    async def handle(
        self, key: int, settings: Mapping[str, Any], event: NotificationEvent, ctx: ProviderContext
    ) -> None:
        if flag(settings, "notify") and event.type in _NOTICES:
            await self.notify(settings, f"{ctx.app_name} - {event.title}", event.message, ctx)
        self.queue_refresh(key, settings, event)

    async def refresh(
        self, settings: Mapping[str, Any], pending: list[PendingUpdate], ctx: ProviderContext
    ) -> None:
        for entry in pending:
            await self.update(settings, entry.item, entry.update_type, ctx)

    async def notify(
        self, settings: Mapping[str, Any], title: str, message: str, ctx: ProviderContext
    ) -> None:
        await request(
            ctx,
            "POST",
            f"{server_url(settings)}/Notifications/Admin",
            what=SERVICE,
            headers=_headers(settings, json=True),
            json={"name": title, "description": message},
        )

    async def server_paths(
        self, settings: Mapping[str, Any], item: MediaItem, ctx: ProviderContext
    ) -> set[str]:
        params: dict[str, str | int] = {
            "recursive": "true",
            "includeItemTypes": _ITEM_TYPES[item.kind],
            "fields": "Path,ProviderIds",
        }
        if item.year:
            params["years"] = item.year
        try:
            response = await request(
                ctx,
                "GET",
                f"{server_url(settings)}/Items",
                what=SERVICE,
                headers=_headers(settings),
                params=params,
            )
            found = response.json().get("Items") or []
        except (NotificationFailure, ValueError, AttributeError) as exc:
            # the item's own path is still announced below
            log.info("could not look up %s on %s: %s", item.title, SERVICE, failure_text(exc))
            return set()
        return matching_paths(found if isinstance(found, list) else [], item)

    async def update(
        self,
        settings: Mapping[str, Any],
        item: MediaItem,
        update_type: UpdateType | None,
        ctx: ProviderContext,
    ) -> None:
        paths = await self.server_paths(settings, item, ctx)
        paths.add(map_path(item.path, text(settings, "mapFrom"), text(settings, "mapTo")))
        for path in sorted(paths):
            change: dict[str, str] = {"path": path}
            if update_type:
                change["updateType"] = update_type
            await request(
                ctx,
                "POST",
                f"{server_url(settings)}/Library/Media/Updated",
                what=SERVICE,
                headers=_headers(settings, json=True),
                json={"updates": [change]},
            )

    async def test(
        self, settings: Mapping[str, Any], event: NotificationEvent, ctx: ProviderContext
    ) -> FieldError | None:
        try:
            await request(
                ctx,
                "GET",
                f"{server_url(settings)}/System/Configuration",
                what=SERVICE,
                headers=_headers(settings),
            )
        except NotificationFailure as exc:
            if exc.status == 401:
                return FieldError("ApiKey", "API Key is invalid")
            return FieldError("Host", f"Unable to send test message: {exc}")
        if flag(settings, "notify"):
            try:
                await self.notify(
                    settings,
                    f"Test from {ctx.app_name}",
                    "Success! MediaBrowser has been successfully configured!",
                    ctx,
                )
            except NotificationFailure as exc:
                if exc.status == 404:
                    return FieldError(
                        "Notify",
                        "Unable to send notification to Emby. "
                        "If you're using Jellyfin disable 'Send Notifications'",
                    )
                return FieldError("Host", f"Unable to send test message: {exc}")
        return None
