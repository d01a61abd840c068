"""Protocol habits of the *arr APIs that clients rely on but no spec shows.

* every ``/api`` response carries ``X-Application-Version`` (Prowlarr refuses a server
  without it);
* routes are case-insensitive (clients write ``qualityProfile``, ``rootFolder``, ...);
* an unversioned ``/api/...`` probe answers like the versioned one (Bazarr tries it first).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class ArrCompatMiddleware:
    def __init__(self, app: ASGIApp, version: str, api_prefix: str, url_base: str) -> None:
        self.app = app
        self.version_header = (b"x-application-version", version.encode())
        self.api_prefix = api_prefix.lower()
        self.url_base = url_base.lower()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        lowered = path.lower()
        local = lowered[len(self.url_base) :] if lowered.startswith(self.url_base) else lowered
        is_api = local.startswith("/api/") or local == "/api"
        if is_api:
            if not local.startswith(self.api_prefix + "/") and local.startswith("/api/"):
                unversioned = local[len("/api") :]
                if not unversioned.startswith(("/v1/", "/v3/", "/v5/")):
                    local = self.api_prefix + unversioned
            scope = dict(scope)
            scope["path"] = self.url_base + local
            scope["raw_path"] = scope["path"].encode()

            async def send_with_version(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers", []))
                    headers.append(self.version_header)
                    message = {**message, "headers": headers}
                await send(message)

            await self.app(scope, receive, send_with_version)
            return
        await self.app(scope, receive, send)
