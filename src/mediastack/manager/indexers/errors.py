"""What can go wrong when talking to an indexer, as types the caller can act on.

The split follows what the manager does next, not where the failure came from: an
authentication problem needs a human (wrong or revoked API key), a rate limit needs
patience (the indexer says when to come back), a broken response or an unreachable host is
retried with back-off. ``property_name`` names the settings field a connection test should
highlight, in the originals' field names, so the API layer can build its validation array
without a lookup table of its own.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar

__all__ = [
    "IndexerAuthError",
    "IndexerConnectionError",
    "IndexerDisabledError",
    "IndexerError",
    "IndexerHttpError",
    "IndexerRateLimitedError",
    "IndexerResponseError",
]


class IndexerError(Exception):
    """The indexer answered with an error, or could not be used at all.

    ``code`` is the Newznab error code when the indexer sent an ``<error>`` document.
    """

    property_name: ClassVar[str] = ""

    def __init__(self, message: str, *, code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class IndexerAuthError(IndexerError):
    """Newznab codes 100-199 (credentials, suspended account, no privileges) or HTTP 401/403.

    Retrying will not help until somebody fixes the API key or the account.
    """

    property_name = "apiKey"


class IndexerRateLimitedError(IndexerError):
    """The indexer refuses more requests for now (HTTP 429, "Request limit reached", API cap).

    ``retry_after`` is what the indexer asked for, when it said; the status tracker backs
    off at least that long.
    """

    def __init__(
        self, message: str, *, code: int | None = None, retry_after: timedelta | None = None
    ) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


class IndexerHttpError(IndexerError):
    """An HTTP error status without a Newznab error document explaining it."""

    def __init__(self, message: str, *, status_code: int) -> None:
        super().__init__(message)
        self.status_code = status_code


class IndexerConnectionError(IndexerError):
    """No HTTP answer at all: DNS, refused connection, TLS failure or timeout."""

    property_name = "baseUrl"


class IndexerResponseError(IndexerError):
    """The body is not a usable Newznab/Torznab document (malformed, hostile, HTML, empty)."""


class IndexerDisabledError(IndexerError):
    """We are backing off this indexer after failures; no request was sent.

    Raised before touching the network so that a scheduled RSS sync or an automatic search
    skips a failing indexer cheaply, the way the originals' "indexer unavailable due to
    failures" health check does.
    """

    def __init__(self, message: str, *, disabled_until: datetime) -> None:
        super().__init__(message)
        self.disabled_until = disabled_until
