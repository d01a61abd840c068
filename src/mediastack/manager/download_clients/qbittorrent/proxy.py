"""The qBittorrent WebAPI v2 wire protocol, as Sonarr/Radarr/Lidarr speak it.

Behaviour copied on purpose from the originals' proxy, because real servers and our own
are tuned against it:

* Log in with ``auth/login`` (form body), keep the ``SID`` cookie, and on any 403 log in
  again and retry once: qBittorrent expires sessions silently (restart, time-out, ban).
  No username and no password means no login at all ("bypass auth for localhost").
  An API key (qBittorrent 5.2+) replaces the cookie with ``Authorization: Bearer``.
* The body ``Fails.`` is the only failure signal of ``auth/login`` and ``torrents/add``;
  both answer 200 either way.
* ``app/webapiVersion`` picks code paths: >= 2.11 says ``stopped``/``stop``/``start``
  where older servers say ``paused``/``pause``/``resume``; >= 2.8.1 takes share limits in
  ``torrents/add``; >= 2.6.1 reports a trustworthy ``content_path``.
* Every POST is ``application/x-www-form-urlencoded`` except the ``.torrent`` upload
  (multipart, field ``torrents``). Hashes go out lower-case.
* Status codes some calls answer in normal operation are tolerated: 409 from
  ``createCategory`` (exists) and ``topPrio`` (queueing off), 404 from ``setShareLimits``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence

import httpx
from pydantic import TypeAdapter

from mediastack.manager.download_clients.base import (
    DownloadClientAuthenticationError,
    DownloadClientError,
    DownloadClientUnavailableError,
    ReleaseRejectedError,
)
from mediastack.manager.download_clients.qbittorrent.models import (
    QBittorrentCategory,
    QBittorrentFile,
    QBittorrentPreferences,
    QBittorrentProperties,
    QBittorrentTorrent,
)
from mediastack.manager.download_clients.qbittorrent.settings import (
    QBittorrentContentLayout,
    QBittorrentSettings,
    QBittorrentState,
)

log = logging.getLogger(__name__)

Version = tuple[int, ...]

API_STOPPED_NAMES: Version = (2, 11, 0)  # qBittorrent 5.0: paused -> stopped
API_ADD_SHARE_LIMITS: Version = (2, 8, 1)
API_CONTENT_PATH: Version = (2, 6, 1)
API_CATEGORIES: Version = (2, 0)

_TORRENTS = TypeAdapter(list[QBittorrentTorrent])
_FILES = TypeAdapter(list[QBittorrentFile])
_CATEGORIES = TypeAdapter(dict[str, QBittorrentCategory])


def parse_version(text: str) -> Version:
    """``"v4.5.2"`` / ``"2.8.19"`` -> ``(4, 5, 2)``; non-numeric tails are dropped."""
    parts: list[int] = []
    for piece in text.strip().lstrip("vV").split("."):
        digits = ""
        for ch in piece:
            if not ch.isdigit():
                break
            digits += ch
        if not digits:
            break
        parts.append(int(digits))
    if not parts:
        raise DownloadClientError(f"unrecognised qBittorrent version {text!r}")
    return tuple(parts)


def _bool(value: bool) -> str:
    return "true" if value else "false"


class QBittorrentProxy:
    """One qBittorrent server. Keeps the session cookie and the detected API version."""

    def __init__(
        self, settings: QBittorrentSettings, *, http: httpx.AsyncClient | None = None
    ) -> None:
        self.settings = settings
        self._own_http = http is None
        self._http = http or httpx.AsyncClient(timeout=settings.timeout)
        self._sid: str | None = None
        self._logged_in = False
        self._login_lock = asyncio.Lock()
        self._api_version: Version | None = None

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()

    # ------------------------------------------------------------------ transport

    @property
    def _uses_login(self) -> bool:
        s = self.settings
        return not s.api_key.get_secret_value() and bool(
            s.username or s.password.get_secret_value()
        )

    def _url(self, path: str) -> str:
        return self.settings.base_url(f"api/v2/{path}")

    def _headers(self) -> dict[str, str]:
        key = self.settings.api_key.get_secret_value()
        if key:
            return {"Authorization": f"Bearer {key}"}
        if self._sid:
            return {"Cookie": f"SID={self._sid}"}
        return {}

    async def _raw(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        try:
            return await self._http.request(
                method, self._url(path), params=params, data=data, files=files, headers=headers
            )
        except httpx.TimeoutException as exc:
            raise DownloadClientUnavailableError(
                f"qBittorrent at {self.settings.host}:{self.settings.port} timed out"
            ) from exc
        except httpx.TransportError as exc:
            raise DownloadClientUnavailableError(
                f"unable to connect to qBittorrent at {self.settings.host}:"
                f"{self.settings.port}: {exc}"
            ) from exc

    async def login(self) -> None:
        """Get a fresh SID; raises the auth error the connection test reports."""
        async with self._login_lock:
            await self._login_locked()

    async def _ensure_login(self) -> None:
        """Log in unless a concurrent call already did while we waited for the lock."""
        async with self._login_lock:
            if not self._logged_in:
                await self._login_locked()

    async def _login_locked(self) -> None:
        self._sid = None
        self._logged_in = False
        response = await self._raw(
            "POST",
            "auth/login",
            data={
                "username": self.settings.username,
                "password": self.settings.password.get_secret_value(),
            },
        )
        if response.status_code == 403:
            # qBittorrent bans an address after repeated failures.
            raise DownloadClientAuthenticationError(
                f"qBittorrent refused the login: {response.text.strip() or 'Forbidden'}"
            )
        if response.status_code >= 500:
            raise DownloadClientUnavailableError(
                f"qBittorrent login failed with HTTP {response.status_code}"
            )
        if response.status_code != 200:
            raise DownloadClientError(f"qBittorrent login failed with HTTP {response.status_code}")
        if response.text.strip() == "Fails.":
            raise DownloadClientAuthenticationError(
                "qBittorrent authentication failed: wrong username or password"
            )
        self._sid = response.cookies.get("SID")
        self._logged_in = True
        log.debug("logged in to qBittorrent at %s", self.settings.host)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        allow: Sequence[int] = (),
    ) -> httpx.Response:
        """Send with the session; on 403 log in again and retry exactly once."""
        for attempt in range(2):
            if self._uses_login and not self._logged_in:
                await self._ensure_login()
            response = await self._raw(
                method, path, params=params, data=data, files=files, headers=self._headers()
            )
            if response.status_code == 403 and self._uses_login and attempt == 0:
                self._logged_in = False
                continue
            if response.status_code in (401, 403):
                raise DownloadClientAuthenticationError(
                    f"qBittorrent refused {path} (HTTP {response.status_code}): "
                    "check the username, password or API key"
                )
            if response.is_success or response.status_code in allow:
                return response
            if response.status_code >= 500:
                raise DownloadClientUnavailableError(
                    f"qBittorrent {path} failed with HTTP {response.status_code}"
                )
            raise DownloadClientError(
                f"qBittorrent {path} failed with HTTP {response.status_code}: "
                f"{response.text.strip()[:200]}"
            )
        raise AssertionError("unreachable")  # pragma: no cover

    # ------------------------------------------------------------------ app

    async def is_api_v2(self) -> bool:
        """Sonarr's probe: 404 means WebAPI v1 (qBittorrent < 4.1), 403/200 mean v2."""
        response = await self._raw("GET", "app/webapiVersion", headers=self._headers())
        if response.status_code == 404:
            return False
        if response.status_code == 401:
            raise DownloadClientAuthenticationError("qBittorrent answered 401 Unauthorized")
        return response.status_code in (200, 403)

    async def get_api_version(self, *, refresh: bool = False) -> Version:
        """``app/webapiVersion``, cached: it only changes when the server is upgraded."""
        if self._api_version is None or refresh:
            response = await self._request("GET", "app/webapiVersion")
            self._api_version = parse_version(response.text)
        return self._api_version

    async def get_version(self) -> str:
        """``app/version`` without its leading ``v`` (``4.5.2``)."""
        response = await self._request("GET", "app/version")
        return response.text.strip().lstrip("vV")

    async def get_preferences(self) -> QBittorrentPreferences:
        response = await self._request("GET", "app/preferences")
        return QBittorrentPreferences.model_validate(response.json())

    # ------------------------------------------------------------------ torrents

    async def get_torrents(
        self, category: str | None, *, hashes: Sequence[str] = ()
    ) -> list[QBittorrentTorrent]:
        """``torrents/info``, filtered by category (the managers' only filter) or hashes."""
        params: dict[str, str] = {}
        if category:
            params["category"] = category
        if hashes:
            params["hashes"] = "|".join(h.lower() for h in hashes)
        response = await self._request("GET", "torrents/info", params=params or None)
        return _TORRENTS.validate_python(response.json())

    async def get_properties(self, info_hash: str) -> QBittorrentProperties | None:
        """``None`` while the torrent is not (yet) loaded: any non-2xx, as Sonarr reads it."""
        response = await self._request(
            "GET", "torrents/properties", params={"hash": info_hash.lower()}, allow=(400, 404, 409)
        )
        if not response.is_success:
            return None
        return QBittorrentProperties.model_validate(response.json())

    async def get_files(self, info_hash: str) -> list[QBittorrentFile]:
        response = await self._request("GET", "torrents/files", params={"hash": info_hash.lower()})
        return _FILES.validate_python(response.json())

    async def get_categories(self) -> dict[str, QBittorrentCategory]:
        response = await self._request("GET", "torrents/categories")
        body = response.json()
        return _CATEGORIES.validate_python(body or {})

    async def create_category(self, name: str, save_path: str | None = None) -> bool:
        """Create ``name``; ``False`` if it already existed (409), which is fine."""
        data = {"category": name}
        if save_path:
            data["savePath"] = save_path
        response = await self._request("POST", "torrents/createCategory", data=data, allow=(409,))
        return response.is_success

    def add_form(
        self,
        version: Version,
        *,
        category: str | None,
        seed_ratio: float | None = None,
        seed_time_minutes: int | None = None,
    ) -> dict[str, str]:
        """The form fields Sonarr sends with ``torrents/add``, by API version."""
        s = self.settings
        form: dict[str, str] = {}
        if category:
            form["category"] = category
        stopped_name = "stopped" if version >= API_STOPPED_NAMES else "paused"
        # FORCE_START sends neither: it is a separate call once the torrent exists.
        if s.initial_state is QBittorrentState.START:
            form[stopped_name] = _bool(False)
        elif s.initial_state is QBittorrentState.STOP:
            form[stopped_name] = _bool(True)
        if s.sequential_order:
            form["sequentialDownload"] = _bool(True)
        if s.first_and_last:
            form["firstLastPiecePrio"] = _bool(True)
        if s.content_layout is QBittorrentContentLayout.ORIGINAL:
            form["contentLayout"] = "Original"
        elif s.content_layout is QBittorrentContentLayout.SUBFOLDER:
            form["contentLayout"] = "Subfolder"
        wants_limits = seed_ratio is not None or seed_time_minutes is not None
        if wants_limits and version >= API_ADD_SHARE_LIMITS:
            form["ratioLimit"] = str(seed_ratio if seed_ratio is not None else -2)
            form["seedingTimeLimit"] = str(
                seed_time_minutes if seed_time_minutes is not None else -2
            )
        return form

    async def _add(
        self, form: dict[str, str], files: Mapping[str, tuple[str, bytes, str]] | None = None
    ) -> bool:
        """``False`` for ``Fails.`` (qBittorrent's answer for a duplicate, among others)."""
        response = await self._request("POST", "torrents/add", data=form, files=files, allow=(415,))
        if response.status_code == 415:
            raise ReleaseRejectedError(
                f"qBittorrent could not read the torrent: {response.text.strip()}"
            )
        return response.text.strip() != "Fails."

    async def add_torrent_from_url(self, url: str, form: Mapping[str, str]) -> bool:
        """Add by magnet or URL (``urls`` field); ``False`` if qBittorrent said ``Fails.``."""
        return await self._add({"urls": url, **form})

    async def add_torrent_from_file(
        self, filename: str, content: bytes, form: Mapping[str, str]
    ) -> bool:
        """Upload a ``.torrent`` (multipart ``torrents``); ``False`` if it said ``Fails.``."""
        files = {"torrents": (filename, content, "application/x-bittorrent")}
        return await self._add(dict(form), files)

    async def remove_torrent(self, info_hash: str, delete_data: bool) -> None:
        await self._request(
            "POST",
            "torrents/delete",
            data={"hashes": info_hash.lower(), "deleteFiles": _bool(delete_data)},
        )

    async def set_category(self, info_hash: str, category: str) -> None:
        response = await self._request(
            "POST",
            "torrents/setCategory",
            data={"hashes": info_hash.lower(), "category": category},
            allow=(409,),
        )
        if response.status_code == 409:
            raise DownloadClientError(
                f"qBittorrent has no category {category!r} ({response.text.strip()})"
            )

    async def set_share_limits(
        self, info_hash: str, ratio: float | None, seed_time_minutes: int | None
    ) -> None:
        await self._request(
            "POST",
            "torrents/setShareLimits",
            data={
                "hashes": info_hash.lower(),
                "ratioLimit": str(ratio if ratio is not None else -2),
                "seedingTimeLimit": str(seed_time_minutes if seed_time_minutes is not None else -2),
            },
            allow=(404,),
        )

    async def move_to_top(self, info_hash: str) -> None:
        # 409: queueing is disabled, so there is no queue to be on top of.
        await self._request(
            "POST", "torrents/topPrio", data={"hashes": info_hash.lower()}, allow=(409,)
        )

    async def set_force_start(self, info_hash: str, value: bool = True) -> None:
        await self._request(
            "POST",
            "torrents/setForceStart",
            data={"hashes": info_hash.lower(), "value": _bool(value)},
        )

    async def add_tags(self, info_hash: str, tags: Sequence[str]) -> None:
        await self._request(
            "POST", "torrents/addTags", data={"hashes": info_hash.lower(), "tags": ",".join(tags)}
        )

    async def stop(self, info_hash: str) -> None:
        """Pause/stop, with the verb this server's API version understands."""
        verb = "stop" if await self.get_api_version() >= API_STOPPED_NAMES else "pause"
        await self._request("POST", f"torrents/{verb}", data={"hashes": info_hash.lower()})

    async def start(self, info_hash: str) -> None:
        verb = "start" if await self.get_api_version() >= API_STOPPED_NAMES else "resume"
        await self._request("POST", f"torrents/{verb}", data={"hashes": info_hash.lower()})

    async def wait_for_torrent(
        self, info_hash: str, *, attempts: int = 10, interval: float = 0.1
    ) -> bool:
        """Poll ``torrents/properties`` until the add became visible (it is asynchronous)."""
        for attempt in range(attempts):
            if await self.get_properties(info_hash) is not None:
                return True
            if attempt + 1 < attempts:
                await asyncio.sleep(interval)
        log.warning("torrent %s did not appear in qBittorrent after the add", info_hash)
        return False
