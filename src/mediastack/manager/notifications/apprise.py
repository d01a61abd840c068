"""Apprise: one JSON POST to an Apprise API server, which fans out to chat services.

As the originals send it: ``{serverUrl}/notify/{configurationKey}`` for a stored Apprise
configuration, or ``{serverUrl}/notify`` with the ``urls`` in the body (stateless); body
``{title, body, type[, tag, attachment, urls]}``; optional HTTP basic auth.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import httpx

from mediastack.core.http import FieldError
from mediastack.manager.notifications.base import (
    NotificationFailure,
    NotificationProvider,
    ProviderContext,
    flag,
    number,
    request,
    text,
)
from mediastack.manager.notifications.definitions import APPRISE, APPRISE_TYPES
from mediastack.manager.notifications.events import NotificationEvent
from mediastack.manager.notifications.webhook import valid_url

_KEY = re.compile(r"^[a-z0-9-]*$")
_EITHER = "Use either Configuration Key or Stateless URLs"


def _tags(settings: Mapping[str, Any]) -> list[str]:
    raw = settings.get("tags") or []
    if isinstance(raw, str):
        raw = raw.split(",")
    return [str(t).strip() for t in raw if str(t).strip()] if isinstance(raw, list) else []


class Apprise(NotificationProvider):
    definition = APPRISE

    def validate(self, settings: Mapping[str, Any]) -> list[FieldError]:
        errors = []
        url = text(settings, "serverUrl")
        if not valid_url(url):
            errors.append(FieldError("ServerUrl", f"Invalid Url: '{url}'", url))
        key, stateless = text(settings, "configurationKey"), text(settings, "statelessUrls")
        if not key and not stateless:
            errors.append(FieldError("ConfigurationKey", _EITHER, key))
            errors.append(FieldError("StatelessUrls", _EITHER, stateless))
        if key and stateless:
            errors.append(FieldError("StatelessUrls", _EITHER, stateless))
        if not _KEY.match(key):
            errors.append(FieldError("ConfigurationKey", "Allowed characters a-z, 0-9 and -", key))
        if stateless and _tags(settings):
            errors.append(FieldError("Tags", "Stateless URLs do not support tags", None))
        return errors

    async def send(
        self,
        settings: Mapping[str, Any],
        title: str,
        message: str,
        poster_url: str | None,
        ctx: ProviderContext,
    ) -> None:
        kind = number(settings, "notificationType")
        payload: dict[str, Any] = {
            "title": title,
            "body": message,
            "type": APPRISE_TYPES[kind] if 0 <= kind < len(APPRISE_TYPES) else "info",
        }
        url = text(settings, "serverUrl").rstrip("/ ")
        key = text(settings, "configurationKey")
        if key:
            url = f"{url}/notify/{key}"
        else:
            url = f"{url}/notify"
            payload["urls"] = text(settings, "statelessUrls")
        tags = _tags(settings)
        if tags:
            payload["tag"] = ",".join(tags)
        if flag(settings, "includePoster") and poster_url:
            payload["attachment"] = poster_url
        user, password = text(settings, "authUsername"), text(settings, "authPassword")
        await request(
            ctx,
            "POST",
            url,
            what="Apprise",
            headers={"Accept": "application/json"},
            json=payload,
            auth=httpx.BasicAuth(user, password) if user or password else None,
        )

    async def handle(
        self, key: int, settings: Mapping[str, Any], event: NotificationEvent, ctx: ProviderContext
    ) -> None:
        poster = event.item.poster_url if event.item else None
        await self.send(settings, event.title, event.message, poster, ctx)

    async def test(
        self, settings: Mapping[str, Any], event: NotificationEvent, ctx: ProviderContext
    ) -> FieldError | None:
        body = "Success! You have properly configured your apprise notification settings."
        try:
            await self.send(settings, f"{ctx.app_name} - Test Notification", body, None, ctx)
        except NotificationFailure as exc:
            if exc.status == 401:
                return FieldError("AuthUsername", f"HTTP Auth credentials are invalid: {exc}")
            explained = api_error(exc.body)
            if explained:
                return FieldError(
                    "", f"Unable to send test message. Response from API: {explained}"
                )
            if exc.status is not None:
                return FieldError(
                    "Url",
                    f"Unable to connect to Apprise API. Server connection failed: "
                    f"({exc.status}) {exc}",
                )
            return FieldError("Url", f"Unable to send test message: {exc}")
        return None


def api_error(response_text: str) -> str | None:
    """The ``{"error": ...}`` an Apprise API server explains a refusal with."""
    try:
        body = json.loads(response_text)
    except ValueError:
        return None
    return str(body["error"]) if isinstance(body, dict) and body.get("error") else None
