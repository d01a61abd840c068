"""The Webhook notification: the event as JSON to a URL (POST or PUT).

:func:`send_webhook` never raises into the caller, it logs and returns what went wrong
(``None`` when the receiver accepted the event); the provider turns that into a failure
the notifier records.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from mediastack.core.http import FieldError
from mediastack.manager.notifications.base import (
    TIMEOUT_SECONDS,
    NotificationFailure,
    NotificationProvider,
    ProviderContext,
    text,
)
from mediastack.manager.notifications.definitions import METHOD_PUT, WEBHOOK
from mediastack.manager.notifications.events import NotificationEvent

log = logging.getLogger(__name__)


def _headers(raw: Any) -> dict[str, str]:
    """``headers`` as the originals store it (``[{key, value}]``), or a plain mapping."""
    headers: dict[str, str] = {}
    if isinstance(raw, Mapping):
        return {str(k): str(v) for k, v in raw.items() if k}
    if isinstance(raw, list):
        for item in raw:
            if isinstance(item, Mapping) and item.get("key"):
                headers[str(item["key"])] = str(item.get("value") or "")
    return headers


def valid_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


async def send_webhook(
    settings: Mapping[str, Any],
    payload: Mapping[str, Any],
    client: httpx.AsyncClient | None = None,
) -> str | None:
    """Send ``payload``; returns ``None`` on a 2xx answer, else the failure's message."""
    url = str(settings.get("url") or "").strip()
    if not url:
        return "Webhook URL is not set"
    method = "PUT" if settings.get("method") == METHOD_PUT else "POST"
    username = str(settings.get("username") or "")
    password = str(settings.get("password") or "")
    auth = httpx.BasicAuth(username, password) if username or password else None
    headers = {"Accept": "application/json", **_headers(settings.get("headers"))}
    try:
        async with contextlib.AsyncExitStack() as stack:
            if client is None:
                client = await stack.enter_async_context(httpx.AsyncClient())
            response = await client.request(
                method,
                url,
                json=dict(payload),
                headers=headers,
                auth=auth,
                timeout=TIMEOUT_SECONDS,
            )
    except (httpx.HTTPError, ValueError, OSError) as exc:
        message = f"Unable to send the webhook to {url}: {exc or type(exc).__name__}"
        log.warning("%s", message)
        return message
    if not response.is_success:
        message = f"Webhook to {url} answered HTTP {response.status_code}"
        log.warning("%s", message)
        return message
    return None


class Webhook(NotificationProvider):
    definition = WEBHOOK

    def validate(self, settings: Mapping[str, Any]) -> list[FieldError]:
        url = text(settings, "url")
        if not url:
            return [FieldError("Url", "'Url' must not be empty.", url)]
        if not valid_url(url):
            return [FieldError("Url", f"Invalid Url: '{url}'", url)]
        return []

    async def handle(
        self, key: int, settings: Mapping[str, Any], event: NotificationEvent, ctx: ProviderContext
    ) -> None:
        error = await send_webhook(settings, ctx.envelope(event), ctx.http)
        if error:
            raise NotificationFailure(error, "Url")

    async def test(
        self, settings: Mapping[str, Any], event: NotificationEvent, ctx: ProviderContext
    ) -> FieldError | None:
        error = await send_webhook(settings, ctx.envelope(event), ctx.http)
        if error:
            return FieldError("Url", f"Unable to send test message: {error}")
        return None
