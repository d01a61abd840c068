"""The Newznab wire protocol over httpx: caps, searches, RSS pages, the connection test.

Every request goes through one path (``_call``): ask the ``IndexerGate`` (back-off, spacing),
send, read at most ``max_response_bytes``, turn HTTP statuses and ``<error>`` documents into
typed exceptions, parse with defusedxml, then tell the gate how it went. Nothing else in the
package touches the network, so the failure policy is in one place.

The API key travels as the ``apikey`` query parameter (the protocol has no other way), so
URLs are never logged or put in exception messages; only ``settings.api_url`` is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import ClassVar, TypeVar
from xml.etree.ElementTree import Element

import httpx

from mediastack.core.collector import collector_paused
from mediastack.manager.indexers.errors import (
    IndexerAuthError,
    IndexerConnectionError,
    IndexerDisabledError,
    IndexerError,
    IndexerHttpError,
    IndexerRateLimitedError,
    IndexerResponseError,
)
from mediastack.manager.indexers.models import DownloadProtocol, IndexerCapabilities, ReleaseInfo
from mediastack.manager.indexers.newznab.mapping import to_release
from mediastack.manager.indexers.newznab.parser import (
    Feed,
    FeedItem,
    parse_caps,
    parse_document,
    parse_feed,
    raise_for_error_document,
)
from mediastack.manager.indexers.newznab.settings import NewznabSettings
from mediastack.manager.indexers.search import (
    IndexerRequest,
    MediaKind,
    SearchCriteria,
    plan_search,
    rss_request,
)
from mediastack.manager.indexers.status import RATE_LIMIT_BACKOFF, IndexerGate, IndexerKey

__all__ = ["DEFAULT_MIN_INTERVAL", "FeedPage", "IndexerTestResult", "NewznabClient"]

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_MIN_INTERVAL = 2.0  # seconds between two requests to one indexer
DEFAULT_MAX_PAGES = 10  # 1000 results at 100 per page, the originals' per-query ceiling
MAX_RESPONSE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FeedPage:
    """One page of results: the releases plus what paging needs to know."""

    releases: tuple[ReleaseInfo, ...]
    item_count: int  # items in the document, including ones we could not use
    offset: int
    limit: int
    total: int | None

    @property
    def is_last(self) -> bool:
        if self.item_count < self.limit or self.item_count == 0:
            return True
        return self.total is not None and self.offset + self.item_count >= self.total


@dataclass(frozen=True, slots=True)
class IndexerTestResult:
    """What a connection test found; ``warnings`` do not block saving the indexer."""

    capabilities: IndexerCapabilities
    release_count: int
    warnings: tuple[str, ...] = ()


def _retry_after(response: httpx.Response) -> timedelta | None:
    raw = response.headers.get("Retry-After")
    if not raw:
        return None
    if raw.strip().isdigit():
        return timedelta(seconds=int(raw.strip()))
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(timedelta(0), when - datetime.now(UTC))


def _looks_like_xml(response: httpx.Response, body: bytes) -> bool:
    return "xml" in response.headers.get("Content-Type", "").lower() or body.lstrip(
        b"\xef\xbb\xbf \t\r\n"
    ).startswith(b"<")


class NewznabClient:
    """One configured Newznab indexer.

    ``http`` may be shared between indexers (connection pooling); ``gate`` should be shared
    by every client of one manager so back-off state is per indexer, not per client object.
    """

    protocol: ClassVar[DownloadProtocol] = "usenet"

    def __init__(
        self,
        settings: NewznabSettings,
        *,
        name: str,
        http: httpx.AsyncClient,
        gate: IndexerGate | None = None,
        indexer_id: int | None = None,
        min_interval: float = DEFAULT_MIN_INTERVAL,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self.settings = settings
        self.name = name
        self.indexer_id = indexer_id
        self.gate = gate or IndexerGate()
        self.min_interval = min_interval
        self._http = http
        self._max_bytes = max_response_bytes
        self._caps: IndexerCapabilities | None = None

    @property
    def key(self) -> IndexerKey:
        """Back-off and cursor key: the stored id, or name + URL for an unsaved indexer."""
        if self.indexer_id is not None:
            return self.indexer_id
        return f"{self.name}@{self.settings.api_url}"

    # ---- requests ------------------------------------------------------------------

    def _params(
        self, request: IndexerRequest, *, offset: int | None, limit: int | None
    ) -> list[tuple[str, str]]:
        params: list[tuple[str, str]] = [("t", request.function)]
        if request.categories:
            params.append(("cat", ",".join(str(c) for c in request.categories)))
        params.extend(request.params)
        if request.function != "caps":
            params.append(("extended", "1"))
        api_key = self.settings.api_key.get_secret_value()
        if api_key:
            params.append(("apikey", api_key))
        if offset is not None:
            params.append(("offset", str(offset)))
        if limit is not None:
            params.append(("limit", str(limit)))
        params.extend(self.settings.extra_params())
        return params

    async def _read(self, params: list[tuple[str, str]]) -> tuple[httpx.Response, bytes]:
        query: list[tuple[str, str | int | float | bool | None]] = list(params)
        try:
            async with self._http.stream(
                "GET",
                self.settings.api_url,
                params=query,
                timeout=self.settings.timeout_seconds,
                follow_redirects=True,
            ) as response:
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > self._max_bytes:
                        raise IndexerResponseError(
                            f"the indexer's response exceeds {self._max_bytes} bytes"
                        )
                    chunks.append(chunk)
                return response, b"".join(chunks)
        except httpx.TimeoutException as exc:
            raise IndexerConnectionError(
                f"{self.settings.api_url} did not answer in time ({type(exc).__name__})"
            ) from exc
        except httpx.TransportError as exc:
            raise IndexerConnectionError(
                f"cannot reach {self.settings.api_url}: {type(exc).__name__}"
            ) from exc

    def _check_status(self, response: httpx.Response, body: bytes) -> None:
        status = response.status_code
        if status < 400:
            return
        retry_after = _retry_after(response)
        if body.strip() and _looks_like_xml(response, body):
            try:
                root = parse_document(body)
            except IndexerResponseError:
                pass
            else:
                raise_for_error_document(
                    root,
                    api_key_sent=bool(self.settings.api_key.get_secret_value()),
                    retry_after=retry_after,
                )
        if status == 429:
            raise IndexerRateLimitedError(
                "the indexer reports too many requests (HTTP 429)", retry_after=retry_after
            )
        if status in (401, 403):
            raise IndexerAuthError(f"the indexer refused the API key (HTTP {status})")
        raise IndexerHttpError(
            f"{self.settings.api_url} answered HTTP {status} {response.reason_phrase}",
            status_code=status,
        )

    async def _call(
        self,
        request: IndexerRequest,
        parse: Callable[[Element], T],
        *,
        offset: int | None = None,
        limit: int | None = None,
        ignore_backoff: bool = False,
    ) -> T:
        if not ignore_backoff:
            self.gate.ensure_enabled(self.key)
        await self.gate.wait_turn(self.key, self.min_interval)
        try:
            response, body = await self._read(self._params(request, offset=offset, limit=limit))
            self._check_status(response, body)
            result = parse(parse_document(body))
        except IndexerDisabledError:
            raise
        except IndexerRateLimitedError as exc:
            self.gate.record_failure(
                self.key, exc.message, minimum_backoff=exc.retry_after or RATE_LIMIT_BACKOFF
            )
            raise
        except IndexerError as exc:
            self.gate.record_failure(self.key, exc.message)
            raise
        self.gate.record_success(self.key)
        return result

    # ---- protocol ------------------------------------------------------------------

    async def fetch_caps(self, *, refresh: bool = False) -> IndexerCapabilities:
        """``t=caps``, cached per client. A 404 (no caps function) means the defaults."""
        if self._caps is not None and not refresh:
            return self._caps
        try:
            caps = await self._call(IndexerRequest("caps"), parse_caps)
        except IndexerHttpError as exc:
            if exc.status_code != 404:
                raise
            # Old servers without t=caps still search fine: not a failure to back off from.
            log.warning("%s has no caps function; assuming Newznab defaults", self.name)
            self.gate.record_success(self.key)
            caps = IndexerCapabilities()
        self._caps = caps
        return caps

    def _map(self, item: FeedItem, fetched_at: datetime) -> ReleaseInfo | None:
        return to_release(
            item,
            indexer=self.name,
            indexer_id=self.indexer_id,
            fetched_at=fetched_at,
            protocol=self.protocol,
        )

    async def fetch_page(
        self, request: IndexerRequest, *, offset: int = 0, limit: int | None = None
    ) -> FeedPage:
        """One page of ``request``; ``limit`` defaults to the caps' page size."""
        if limit is None:
            limit = (await self.fetch_caps()).page_size
        api_key_sent = bool(self.settings.api_key.get_secret_value())

        def parse(root: Element) -> Feed:
            return parse_feed(root, api_key_sent=api_key_sent)

        feed = await self._call(request, parse, offset=offset, limit=limit)
        self.gate.record_api_limits(self.key, feed.api_limits)
        fetched_at = datetime.now(UTC)
        with collector_paused():
            releases = tuple(r for item in feed.items if (r := self._map(item, fetched_at)))
        return FeedPage(releases, len(feed.items), offset, limit, feed.total)

    async def fetch_all(
        self, request: IndexerRequest, *, max_pages: int = DEFAULT_MAX_PAGES
    ) -> list[ReleaseInfo]:
        """Every page of ``request`` up to ``max_pages``."""
        releases: list[ReleaseInfo] = []
        offset = 0
        for _ in range(max(1, max_pages)):
            page = await self.fetch_page(request, offset=offset)
            releases.extend(page.releases)
            if page.is_last:
                break
            offset += page.item_count
        return releases

    async def search(
        self, criteria: SearchCriteria, *, max_pages: int = DEFAULT_MAX_PAGES
    ) -> list[ReleaseInfo]:
        """Run the plan for ``criteria`` tier by tier; stop at the first tier with results.

        Results are de-duplicated by guid (an id request and a text request often overlap).
        """
        plan = plan_search(criteria, await self.fetch_caps(), self.settings)
        for tier in plan.tiers:
            found: dict[str, ReleaseInfo] = {}
            for request in tier:
                for release in await self.fetch_all(request, max_pages=max_pages):
                    found.setdefault(release.guid, release)
            if found:
                return list(found.values())
        return []

    async def test(self, kind: MediaKind) -> IndexerTestResult:
        """What ``POST indexer/test`` runs: caps, then one RSS page, ignoring back-off.

        Errors propagate as typed exceptions; an empty RSS page is only a warning (the
        categories may simply be quiet), as in the originals.
        """
        caps = await self._call(IndexerRequest("caps"), parse_caps, ignore_backoff=True)
        self._caps = caps
        request = rss_request(kind, caps, self.settings)
        api_key_sent = bool(self.settings.api_key.get_secret_value())
        feed = await self._call(
            request,
            lambda root: parse_feed(root, api_key_sent=api_key_sent),
            offset=0,
            limit=caps.page_size,
            ignore_backoff=True,
        )
        warnings: tuple[str, ...] = ()
        if not feed.items:
            warnings = (
                "Query successful, but no results in the configured categories were "
                "returned from your indexer. This may be an issue with the indexer or your "
                "indexer category settings.",
            )
        return IndexerTestResult(caps, len(feed.items), warnings)
