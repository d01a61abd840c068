"""A polite JSON client for metadata APIs: bounded bodies, and back-off on HTTP 429.

Free metadata services (TVmaze, MusicBrainz) rate-limit by address and answer 429 when a
burst goes over; the right reaction is to wait (``Retry-After`` when given, otherwise an
exponential delay) and try again a few times, not to fail the user's add or refresh.
Transport errors and 5xx become ``MetadataUnavailableError`` so callers can answer 503 and
store nothing.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any

import httpx

from mediastack.manager.metadata.errors import MetadataNotFoundError, MetadataUnavailableError

log = logging.getLogger(__name__)

MAX_JSON_BYTES = 32 * 1024 * 1024  # the largest real show with every episode is ~2 MB
MAX_RETRY_AFTER = 60.0


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4
    base_delay: float = 2.0


def _retry_delay(response: httpx.Response, policy: RetryPolicy, attempt: int) -> float:
    header = response.headers.get("retry-after", "")
    try:
        return min(max(float(header), 0.0), MAX_RETRY_AFTER)
    except ValueError:
        return float(policy.base_delay * (2**attempt))


class JsonApi:
    """GET JSON from one base URL; one instance per provider and request scope."""

    def __init__(
        self,
        base_url: str,
        provider: str,
        timeout: float = 20.0,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.provider = provider
        self._retry = retry or RetryPolicy()
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=False,
            headers={"Accept": "application/json", "User-Agent": "mediastack"},
            transport=transport,
        )

    async def __aenter__(self) -> JsonApi:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def response(self, path: str, params: dict[str, Any] | None = None) -> httpx.Response:
        """The raw response (redirects not followed), after riding out rate limiting."""
        for attempt in range(self._retry.attempts):
            try:
                response = await self._client.get(path, params=params)
            except httpx.HTTPError as exc:
                raise MetadataUnavailableError(
                    f"Unable to reach {self.provider}: {type(exc).__name__} {exc}".strip()
                ) from exc
            if response.status_code != 429:
                if response.status_code >= 500:
                    raise MetadataUnavailableError(
                        f"{self.provider} answered HTTP {response.status_code}"
                    )
                return response
            delay = _retry_delay(response, self._retry, attempt)
            log.info("%s rate limit hit on %s; retrying in %.1fs", self.provider, path, delay)
            await asyncio.sleep(delay)
        raise MetadataUnavailableError(f"{self.provider} kept refusing requests (HTTP 429)")

    async def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """Decoded JSON; 404 raises ``MetadataNotFoundError``."""
        response = await self.response(path, params)
        return self.decode(response)

    def decode(self, response: httpx.Response) -> Any:
        if response.status_code == 404:
            raise MetadataNotFoundError(f"{self.provider} has no {response.url.path}")
        if response.status_code != 200:
            raise MetadataUnavailableError(
                f"{self.provider} answered HTTP {response.status_code} for {response.url.path}"
            )
        if len(response.content) > MAX_JSON_BYTES:
            raise MetadataUnavailableError(f"{self.provider} sent an oversized answer")
        try:
            return json.loads(response.content)
        except ValueError as exc:
            raise MetadataUnavailableError(f"{self.provider} sent invalid JSON") from exc
