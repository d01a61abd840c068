"""The Webhook notification: the event as JSON to a URL (POST or PUT).

Delivery is best effort: :func:`send_webhook` never raises into the caller, it logs and
returns what went wrong (``None`` when the receiver accepted the event).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from typing import Any

import httpx

from mediastack.manager.notifications.definitions import METHOD_PUT

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10.0


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
    try:
        async with contextlib.AsyncExitStack() as stack:
            if client is None:
                client = await stack.enter_async_context(httpx.AsyncClient())
            response = await client.request(
                method,
                url,
                json=dict(payload),
                headers=_headers(settings.get("headers")),
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
