"""Metadata providers: where a manager learns what a series, movie or artist consists of.

Only the shape shared by every media kind lives here (the provider protocol, its errors, a
polite JSON fetcher and the cover-image cache); the providers themselves live with their
domain (``tv/metadata/tvmaze.py``, ...).
"""

from mediastack.manager.metadata.errors import (
    MetadataError,
    MetadataNotFoundError,
    MetadataUnavailableError,
)
from mediastack.manager.metadata.provider import ExternalId, MetadataProvider

__all__ = [
    "ExternalId",
    "MetadataError",
    "MetadataNotFoundError",
    "MetadataProvider",
    "MetadataUnavailableError",
]
