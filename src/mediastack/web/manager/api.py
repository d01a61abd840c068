"""The manager pages read and act through the service's own compat API, called in-process.

The Sonarr v3 / Radarr v3 / Lidarr v1 JSON shapes are the stable surface of the three
managers; rendering from them means the pages never reach into a domain's internals,
cannot disagree with what API clients see, and one implementation serves all three.
Requests go through the whole app (middleware, auth, error rendering) over an ASGI
transport, so nothing leaves the process and no port is involved.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fastapi import Request

from mediastack.core.http import context_of
from mediastack.web.manager.kinds import kind_of

if TYPE_CHECKING:  # httpx is imported on first use: a service that never renders these
    import httpx  # pages (the torrent and usenet roles) should not carry it (~5 MiB)

__all__ = ["ApiCallError", "ManagerApi", "api_for"]


class ApiCallError(Exception):
    """An API answer that was not a success, with the sentence a person should read."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _message(reply: httpx.Response) -> str:
    """The originals' error bodies in one sentence: ``{"message"}`` or a validation array."""
    try:
        body = reply.json()
    except ValueError:
        return reply.text.strip() or f"HTTP {reply.status_code}"
    if isinstance(body, dict) and body.get("message"):
        return str(body["message"])
    if isinstance(body, list):
        sentences = [str(e.get("errorMessage")) for e in body if isinstance(e, dict)]
        if sentences:
            return " ".join(sentences)
    return f"HTTP {reply.status_code}"


class ManagerApi:
    """``get``/``post``/``put``/``delete`` on ``/api/{version}/...`` of the running app."""

    def __init__(self, request: Request, api_prefix: str) -> None:
        import httpx

        ctx = context_of(request)
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=request.app),
            base_url=f"http://in-process{ctx.settings.http.url_base}{api_prefix}",
            headers={"X-Api-Key": ctx.auth.api_key},
            timeout=60,
        )

    async def __aenter__(self) -> ManagerApi:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self._client.aclose()

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> Any:
        query = {k: v for k, v in (params or {}).items() if v is not None}
        reply = await self._client.request(method, path, params=query, json=json, files=files)
        if reply.status_code >= 400:
            raise ApiCallError(reply.status_code, _message(reply))
        if not reply.content:
            return None
        return reply.json()

    async def get(self, path: str, **params: Any) -> Any:
        return await self.call("GET", path, params=params)

    async def post(self, path: str, body: Any) -> Any:
        return await self.call("POST", path, json=body)

    async def put(self, path: str, body: Any) -> Any:
        return await self.call("PUT", path, json=body)

    async def upload(
        self, path: str, field: str, filename: str, content: bytes, content_type: str
    ) -> Any:
        """A multipart POST of one file (a backup to restore, ...)."""
        return await self.call("POST", path, files={field: (filename, content, content_type)})

    async def delete(self, path: str, **params: Any) -> Any:
        return await self.call("DELETE", path, params=params)


def api_for(request: Request) -> ManagerApi:
    """The in-process API client of the manager serving ``request`` (use ``async with``)."""
    return ManagerApi(request, kind_of(request).api_prefix)
