"""Provider failures as API errors: an unreachable or misconfigured provider is a 503 with
nothing stored, anything else the provider refused a 400, so clients can tell "try later"
from "fix your request"."""

from __future__ import annotations

from mediastack.core.http import ApiError
from mediastack.manager.metadata.errors import MetadataError, MetadataUnavailableError


def metadata_failure(exc: MetadataError) -> ApiError:
    if isinstance(exc, MetadataUnavailableError):
        return ApiError(503, f"Metadata provider unavailable: {exc}")
    return ApiError(400, str(exc))
