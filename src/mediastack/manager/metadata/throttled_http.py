"""``JsonApi`` for providers with a published request rate and their own refusal code.

The engine's ``JsonApi`` rides out HTTP 429 with a generic agent. MusicBrainz differs in
three ways, all handled here so any such provider gets them for free: every request waits
for a shared ``RateLimiter`` slot (the limit is per address, so per process), refusals come
as HTTP 503 rather than 429, and a descriptive ``User-Agent`` with contact details is
required (generic agents are throttled or blocked).
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from mediastack.manager.metadata.errors import MetadataUnavailableError
from mediastack.manager.metadata.http import JsonApi, RetryPolicy, _retry_delay
from mediastack.manager.metadata.rate_limit import RateLimiter

log = logging.getLogger(__name__)


class ThrottledJsonApi(JsonApi):
    """GET JSON from one base URL, paced by ``limiter``, retrying ``refusal_statuses``."""

    def __init__(
        self,
        base_url: str,
        provider: str,
        limiter: RateLimiter,
        user_agent: str,
        timeout: float = 20.0,
        retry: RetryPolicy | None = None,
        refusal_statuses: frozenset[int] = frozenset({429, 503}),
        default_params: dict[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(base_url, provider, timeout=timeout, retry=retry, transport=transport)
        self._client.headers["User-Agent"] = user_agent
        self._limiter = limiter
        self._refusals = refusal_statuses
        self._defaults = dict(default_params or {})

    async def response(self, path: str, params: dict[str, Any] | None = None) -> httpx.Response:
        merged = {**self._defaults, **(params or {})}
        for attempt in range(self._retry.attempts):
            try:
                async with self._limiter.slot():
                    response = await self._client.get(path, params=merged)
            except httpx.HTTPError as exc:
                raise MetadataUnavailableError(
                    f"Unable to reach {self.provider}: {type(exc).__name__} {exc}".strip()
                ) from exc
            if response.status_code not in self._refusals:
                if response.status_code >= 500:
                    raise MetadataUnavailableError(
                        f"{self.provider} answered HTTP {response.status_code}"
                    )
                return response
            delay = _retry_delay(response, self._retry, attempt)
            self._limiter.penalise(delay)  # every caller waits, not just this one
            log.info(
                "%s refused %s (HTTP %s); retrying in %.1fs",
                self.provider,
                path,
                response.status_code,
                delay,
            )
        raise MetadataUnavailableError(
            f"{self.provider} kept refusing requests (rate limited); try again later"
        )
