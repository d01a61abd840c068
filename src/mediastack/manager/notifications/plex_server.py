"""Plex Media Server: partial scans of the library section that holds the item.

On the wire as the originals do it: every call is a GET with ``Accept: application/json``
and the ``X-Plex-*`` identification (and ``X-Plex-Token``) in the query string. The
server's version is checked (cached two hours per host), the sections of our kind are
listed, and ``/library/sections/{key}/refresh?path=`` scans the item's folder: in the
section whose location is the item's (mapped) root folder, else in every such section.
A 2xx body carrying ``MediaContainer.Error`` is a failure too.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from mediastack.core.http import FieldError
from mediastack.manager.notifications.base import (
    NotificationFailure,
    ProviderContext,
    host_errors,
    request,
    server_url,
    text,
)
from mediastack.manager.notifications.definitions import PLEX_SERVER, EventType
from mediastack.manager.notifications.events import ItemKind, MediaItem, NotificationEvent
from mediastack.manager.notifications.media_servers import (
    MediaServer,
    PendingUpdate,
    map_path,
    relative_to_root,
)

log = logging.getLogger(__name__)

SERVICE = "Plex Media Server"
VERSION_TTL_SECONDS = 2 * 3600

_SECTION_TYPES: dict[ItemKind, str] = {"series": "show", "movie": "movie", "artist": "artist"}
_NO_LIBRARY: dict[ItemKind, str] = {
    "series": "At least one TV library is required",
    "movie": "At least one movie library is required",
    "artist": "At least one music library is required",
}


@dataclass(frozen=True, slots=True)
class Section:
    key: int
    locations: tuple[str, ...]


def _error_of(body: Any) -> str | None:
    if not isinstance(body, Mapping):
        return None
    container = body if "_children" in body else body.get("MediaContainer")
    if isinstance(container, Mapping) and container.get("Error"):
        return str(container["Error"])
    return None


def parse_version(raw: str) -> tuple[int, ...]:
    """The first four numeric parts (``1.40.2.8395-c67dce28e``)."""
    return tuple(int(p) for p in re.findall(r"\d+", raw)[:4])


def _join(location: str, relative: str) -> str:
    separator = "\\" if "\\" in location else "/"
    relative = relative.replace("\\", separator).replace("/", separator)
    return f"{location.rstrip(separator)}{separator}{relative}"


def _same_path(a: str, b: str) -> bool:
    return a.rstrip("/\\") == b.rstrip("/\\")


class PlexServer(MediaServer):
    definition = PLEX_SERVER

    def __init__(self) -> None:
        super().__init__()
        self._versions: dict[str, tuple[float, tuple[int, ...]]] = {}

    def validate(self, settings: Mapping[str, Any]) -> list[FieldError]:
        return host_errors(settings)

    async def handle(
        self, key: int, settings: Mapping[str, Any], event: NotificationEvent, ctx: ProviderContext
    ) -> None:
        if event.type is EventType.SERIES_DELETE and not event.deleted_files:
            return  # the files are still there: nothing for Plex to forget
        self.queue_refresh(key, settings, event)

    async def refresh(
        self, settings: Mapping[str, Any], pending: list[PendingUpdate], ctx: ProviderContext
    ) -> None:
        await self.check_version(settings, ctx)
        sections = await self.sections(settings, ctx)
        for entry in pending:
            await self.update(settings, sections, entry.item, ctx)

    async def call(
        self, settings: Mapping[str, Any], resource: str, ctx: ProviderContext, **params: str
    ) -> Any:
        query = {
            "X-Plex-Client-Identifier": ctx.client_identifier,
            "X-Plex-Product": ctx.app_name,
            "X-Plex-Platform": "Windows",
            "X-Plex-Platform-Version": "7",
            "X-Plex-Device-Name": ctx.app_name,
            "X-Plex-Version": ctx.version,
        }
        token = text(settings, "authToken")
        if token:
            query["X-Plex-Token"] = token
        query.update(params)
        try:
            response = await request(
                ctx,
                "GET",
                f"{server_url(settings)}/{resource}",
                what=SERVICE,
                headers={"Accept": "application/json"},
                params=query,
            )
        except NotificationFailure as exc:
            if exc.status == 401:
                raise NotificationFailure(
                    "Unauthorized - AuthToken is invalid", "AuthToken", 401
                ) from exc
            if exc.status is not None:
                raise NotificationFailure(
                    f"Unable to connect to Plex Media Server. Status Code: {exc.status}",
                    "Host",
                    exc.status,
                ) from exc
            raise NotificationFailure(str(exc), "Host") from exc
        if not response.content.strip():
            return None
        try:
            body = response.json()
        except ValueError as exc:
            raise NotificationFailure(f"{SERVICE} answered something that is not JSON") from exc
        error = _error_of(body)
        if error:
            raise NotificationFailure(error, "Host")
        return body

    async def check_version(self, settings: Mapping[str, Any], ctx: ProviderContext) -> None:
        host = text(settings, "host")
        cached = self._versions.get(host)
        if cached is None or time.monotonic() - cached[0] > VERSION_TTL_SECONDS:
            body = await self.call(settings, "identity", ctx)
            container = body if isinstance(body, Mapping) and "_children" in body else None
            if container is None and isinstance(body, Mapping):
                container = body.get("MediaContainer")
            raw = str((container or {}).get("version") or "")
            cached = (time.monotonic(), parse_version(raw))
            self._versions[host] = cached
        version = cached[1]
        if (1, 3, 0) <= version[:3] < (1, 3, 1):
            raise NotificationFailure(
                f"Found version {'.'.join(map(str, version))}, upgrade to PMS 1.3.1 to fix "
                "library updating",
                "Host",
            )

    async def sections(self, settings: Mapping[str, Any], ctx: ProviderContext) -> list[Section]:
        body = await self.call(settings, "library/sections", ctx)
        wanted = _SECTION_TYPES[ctx.media_kind]
        if isinstance(body, Mapping) and "_children" in body:
            raw, location_key = body.get("_children") or [], "_children"
        else:
            container = body.get("MediaContainer") if isinstance(body, Mapping) else None
            raw = (container or {}).get("Directory") or []
            location_key = "Location"
        sections = []
        for entry in raw if isinstance(raw, list) else []:
            if not isinstance(entry, Mapping) or entry.get("type") != wanted:
                continue
            try:
                key = int(entry.get("key"))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                continue
            locations = tuple(
                str(loc["path"])
                for loc in entry.get(location_key) or []
                if isinstance(loc, Mapping) and loc.get("path")
            )
            sections.append(Section(key, locations))
        return sections

    async def update(
        self,
        settings: Mapping[str, Any],
        sections: list[Section],
        item: MediaItem,
        ctx: ProviderContext,
    ) -> None:
        relative = relative_to_root(item.path, item.root_folder)
        root = map_path(item.root_folder, text(settings, "mapFrom"), text(settings, "mapTo"))
        for section in sections:
            for location in section.locations:
                if _same_path(location, root):
                    await self.scan(settings, section.key, _join(location, relative), ctx)
                    return
        for section in sections:
            for location in section.locations:
                await self.scan(settings, section.key, _join(location, relative), ctx)

    async def scan(
        self, settings: Mapping[str, Any], section: int, path: str, ctx: ProviderContext
    ) -> None:
        await self.call(settings, f"library/sections/{section}/refresh", ctx, path=path)

    async def test(
        self, settings: Mapping[str, Any], event: NotificationEvent, ctx: ProviderContext
    ) -> FieldError | None:
        self._versions.pop(text(settings, "host"), None)
        try:
            sections = await self.sections(settings, ctx)
        except NotificationFailure as exc:
            if exc.field == "AuthToken":
                return FieldError("AuthToken", "Authentication Token is invalid")
            return FieldError("Host", f"Unable to connect: {exc}")
        except httpx.HTTPError:
            return FieldError("Host", "Unable to connect to Plex Media Server")
        if not sections:
            return FieldError("Host", _NO_LIBRARY[ctx.media_kind])
        return None
