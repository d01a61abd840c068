"""The SABnzbd API wire protocol, as Sonarr/Radarr/Lidarr speak it.

Every call is ``GET {base}/api?mode=...&apikey=...&output=json`` except ``addfile``, a
multipart POST whose file field is called ``name``. SABnzbd reports errors three ways,
all with HTTP 200: a JSON ``{"status": false, "error": "..."}``, a plain-text body starting
with ``error``, or the bare key texts ``API Key Required`` / ``API Key Incorrect`` that
clients match on. All three become exceptions here, the key texts an authentication error.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

import httpx

from mediastack.manager.download_clients.base import (
    DownloadClientAuthenticationError,
    DownloadClientError,
    DownloadClientUnavailableError,
    ReleaseRejectedError,
)
from mediastack.manager.download_clients.sabnzbd.models import (
    SabnzbdConfig,
    SabnzbdHistory,
    SabnzbdQueue,
)
from mediastack.manager.download_clients.sabnzbd.settings import SabnzbdSettings

log = logging.getLogger(__name__)

_KEY_ERRORS = ("API Key Incorrect", "API Key Required")
_LOGIN_ERRORS = ("Missing authentication", "Authentication failed")


def _raise_for_error_text(message: str) -> None:
    for marker in (*_KEY_ERRORS, *_LOGIN_ERRORS):
        if marker.lower() in message.lower():
            raise DownloadClientAuthenticationError(f"SABnzbd: {message}")
    raise DownloadClientError(f"SABnzbd: {message}")


def check_response(text: str) -> Any:
    """Parse a SABnzbd answer, raising on any of its error shapes."""
    stripped = text.strip()
    try:
        body = json.loads(stripped)
    except ValueError:
        if stripped.lower().startswith("error") or any(k in stripped for k in _KEY_ERRORS):
            _raise_for_error_text(stripped.removeprefix("error:").strip() or stripped)
        return stripped
    if isinstance(body, dict) and body.get("status") is False:
        _raise_for_error_text(str(body.get("error") or "unknown error"))
    return body


class SabnzbdProxy:
    """One SABnzbd server; stateless apart from the connection pool."""

    def __init__(self, settings: SabnzbdSettings, *, http: httpx.AsyncClient | None = None) -> None:
        self.settings = settings
        self._own_http = http is None
        self._http = http or httpx.AsyncClient(timeout=settings.timeout)

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()

    def _params(self, mode: str, extra: Mapping[str, str | int]) -> dict[str, str]:
        params: dict[str, str] = {"mode": mode}
        params.update({k: str(v) for k, v in extra.items()})
        key = self.settings.api_key.get_secret_value()
        if key:
            params["apikey"] = key
        elif self.settings.username:
            params["ma_username"] = self.settings.username
            params["ma_password"] = self.settings.password.get_secret_value()
        params["output"] = "json"
        return params

    async def call(
        self,
        mode: str,
        extra: Mapping[str, str | int] | None = None,
        *,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> Any:
        url = self.settings.base_url("api")
        params = self._params(mode, extra or {})
        try:
            if files:
                response = await self._http.post(url, params=params, files=files)
            else:
                response = await self._http.get(url, params=params)
        except httpx.TimeoutException as exc:
            raise DownloadClientUnavailableError(
                f"SABnzbd at {self.settings.host}:{self.settings.port} timed out"
            ) from exc
        except httpx.TransportError as exc:
            raise DownloadClientUnavailableError(
                f"unable to connect to SABnzbd at {self.settings.host}:{self.settings.port}: {exc}"
            ) from exc
        if response.status_code in (401, 403):
            raise DownloadClientAuthenticationError(
                f"SABnzbd refused mode={mode} (HTTP {response.status_code})"
            )
        if response.status_code >= 500:
            raise DownloadClientUnavailableError(
                f"SABnzbd mode={mode} failed with HTTP {response.status_code}"
            )
        if not response.is_success:
            raise DownloadClientError(
                f"SABnzbd mode={mode} failed with HTTP {response.status_code}"
            )
        return check_response(response.text)

    @staticmethod
    def _section(body: Any, key: str, mode: str) -> Any:
        if not isinstance(body, dict) or key not in body:
            raise DownloadClientError(f"SABnzbd mode={mode}: unexpected answer {str(body)[:200]!r}")
        return body[key]

    async def get_version(self) -> str:
        return str(self._section(await self.call("version"), "version", "version"))

    async def get_config(self) -> SabnzbdConfig:
        body = await self.call("get_config")
        return SabnzbdConfig.model_validate(self._section(body, "config", "get_config"))

    async def get_complete_dir(self) -> str:
        """``fullstatus``' absolute complete dir (when ``misc.complete_dir`` is relative)."""
        body = await self.call("fullstatus", {"skip_dashboard": 1})
        status = self._section(body, "status", "fullstatus")
        return str(status.get("completedir", "")) if isinstance(status, dict) else ""

    async def get_queue(self, category: str | None) -> SabnzbdQueue:
        extra: dict[str, str | int] = {"start": 0, "limit": 0}
        if category:
            extra["category"] = category
        body = await self.call("queue", extra)
        return SabnzbdQueue.model_validate(self._section(body, "queue", "queue"))

    async def get_history(self, category: str | None, limit: int) -> SabnzbdHistory:
        extra: dict[str, str | int] = {"start": 0, "limit": limit}
        if category:
            extra["category"] = category
        body = await self.call("history", extra)
        return SabnzbdHistory.model_validate(self._section(body, "history", "history"))

    async def download_nzb(
        self, content: bytes, filename: str, category: str | None, priority: int
    ) -> str:
        """``addfile``; returns the ``nzo_id``. No id means SABnzbd rejected the NZB."""
        extra: dict[str, str | int] = {"priority": priority}
        if category:
            extra["cat"] = category
        body = await self.call(
            "addfile", extra, files={"name": (filename, content, "application/x-nzb")}
        )
        ids = body.get("nzo_ids") if isinstance(body, dict) else None
        if not ids:
            raise ReleaseRejectedError(f"SABnzbd did not accept {filename!r}: {body!r}")
        return str(ids[0])

    async def remove_from(
        self, source: str, nzo_id: str, delete_data: bool, *, archive: bool | None = None
    ) -> None:
        """``mode=queue|history&name=delete&value=<id>&del_files=0|1[&archive=0|1]``."""
        extra: dict[str, str | int] = {
            "name": "delete",
            "value": nzo_id,
            "del_files": int(delete_data),
        }
        if archive is not None:
            extra["archive"] = int(archive)
        await self.call(source, extra)

    async def retry(self, nzo_id: str) -> str | None:
        body = await self.call("retry", {"value": nzo_id})
        return str(body["nzo_id"]) if isinstance(body, dict) and body.get("nzo_id") else None
