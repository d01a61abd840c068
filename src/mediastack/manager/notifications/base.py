"""The shape of a notification provider and the pieces they share.

A provider reacts to an event (``handle``), may keep work for a later pass (media servers
batch their library refreshes per item, ``process_queue``), and answers the API's test
with the setting to blame. Failures are raised as :class:`NotificationFailure`; the
notifier turns them into log lines and status, never into an error of the caller.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from mediastack.core.http import FieldError
from mediastack.manager.notifications.definitions import NotificationDef
from mediastack.manager.notifications.events import ItemKind, NotificationEvent

TIMEOUT_SECONDS = 10.0

_HOST = re.compile(r"^[-_a-z0-9.]+$", re.IGNORECASE)
_IPV6 = re.compile(r"^\[?[0-9a-f:]+(?:%\w+)?\]?$", re.IGNORECASE)


class NotificationFailure(Exception):
    """A delivery or test that did not go through; ``field`` names the setting to blame
    in the originals' spelling (``Host``, ``ApiKey``, ``Url``...)."""

    def __init__(
        self, message: str, field: str = "", status: int | None = None, body: str = ""
    ) -> None:
        super().__init__(message)
        self.field = field
        self.status = status
        self.body = body  # the refusing answer's text, for services that explain in it


@dataclass(frozen=True, slots=True)
class ProviderContext:
    """What a provider needs besides its settings, fixed for one delivery pass."""

    http: httpx.AsyncClient
    app_name: str  # "Sonarr": product names and titles sent to media servers
    version: str
    client_identifier: str  # Plex's X-Plex-Client-Identifier, stable per instance
    media_kind: ItemKind
    instance_name: str = ""
    application_url: str = ""

    def envelope(self, event: NotificationEvent) -> dict[str, Any]:
        """The Webhook body: ``eventType``, ``instanceName``, ``applicationUrl`` around the
        payload (the originals leave out what is unset)."""
        body: dict[str, Any] = {
            "eventType": event.type.wire_name,
            "instanceName": self.instance_name,
        }
        if self.application_url:
            body["applicationUrl"] = self.application_url
        body.update(event.payload)
        return body


class NotificationProvider:
    """Base class: subclasses set ``definition`` and override what they do."""

    definition: NotificationDef

    def validate(self, settings: Mapping[str, Any]) -> list[FieldError]:
        """The settings' own rules (the originals' ``*SettingsValidator``)."""
        return []

    async def handle(
        self, key: int, settings: Mapping[str, Any], event: NotificationEvent, ctx: ProviderContext
    ) -> None:
        """React to one event the notification is subscribed to."""

    def has_pending(self, key: int) -> bool:
        """Whether ``handle`` left batched work for connection ``key``."""
        return False

    async def process_queue(
        self, key: int, settings: Mapping[str, Any], ctx: ProviderContext
    ) -> None:
        """Do batched work (library refreshes) collected by ``handle``."""

    async def test(
        self, settings: Mapping[str, Any], event: NotificationEvent, ctx: ProviderContext
    ) -> FieldError | None:
        """A real round trip to the target; the failure as the field error the UI shows."""
        return None


def text(settings: Mapping[str, Any], name: str) -> str:
    value = settings.get(name)
    return "" if value is None else str(value).strip()


def flag(settings: Mapping[str, Any], name: str, default: bool = False) -> bool:
    value = settings.get(name, default)
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def number(settings: Mapping[str, Any], name: str, default: int = 0) -> int:
    value = settings.get(name)
    try:
        return int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default


def valid_host(host: str) -> bool:
    return bool(host) and bool(_HOST.match(host) or _IPV6.match(host))


def host_errors(settings: Mapping[str, Any]) -> list[FieldError]:
    """Sonarr's ``ValidHost``, port range and the paired path-mapping fields."""
    errors = []
    host = text(settings, "host")
    if not host:
        errors.append(FieldError("Host", "'Host' must not be empty.", host))
    elif not valid_host(host):
        errors.append(FieldError("Host", "must be valid Host without http://", host))
    port = number(settings, "port", -1)
    if not 1 <= port <= 65535:
        errors.append(
            FieldError("Port", "'Port' must be between 1 and 65535.", settings.get("port"))
        )
    url_base = text(settings, "urlBase")
    if re.match(r"^/?https?://[-_a-z0-9.]+", url_base, re.IGNORECASE):
        errors.append(FieldError("UrlBase", "Must be a valid URL path (ie: '/sonarr')", url_base))
    map_from, map_to = text(settings, "mapFrom"), text(settings, "mapTo")
    if map_to and not map_from:
        errors.append(FieldError("MapFrom", "'Map From' must not be empty.", map_from))
    if map_from and not map_to:
        errors.append(FieldError("MapTo", "'Map To' must not be empty.", map_to))
    return errors


def server_url(settings: Mapping[str, Any]) -> str:
    """``http[s]://host:port/urlBase`` as the originals build it (IPv6 in brackets)."""
    host = text(settings, "host")
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    scheme = "https" if flag(settings, "useSsl") else "http"
    base = text(settings, "urlBase").rstrip("/")
    if base and not base.startswith("/"):
        base = "/" + base
    return f"{scheme}://{host}:{number(settings, 'port')}{base}"


def failure_text(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


async def request(
    ctx: ProviderContext,
    method: str,
    url: str,
    *,
    what: str,
    **kwargs: Any,
) -> httpx.Response:
    """One HTTP call with the notifications' timeout; transport errors and non-2xx
    answers become :class:`NotificationFailure` (with the status, for the tests' rules)."""
    try:
        response = await ctx.http.request(method, url, timeout=TIMEOUT_SECONDS, **kwargs)
    except (httpx.HTTPError, OSError, ValueError) as exc:
        raise NotificationFailure(f"Unable to connect to {what}: {failure_text(exc)}") from exc
    if not response.is_success:
        raise NotificationFailure(
            f"{what} answered HTTP {response.status_code}",
            status=response.status_code,
            body=response.text[:2000],
        )
    return response
