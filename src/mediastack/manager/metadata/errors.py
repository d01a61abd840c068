"""What can go wrong when asking a metadata provider, in terms an API handler can map.

A missing item and an unreachable provider must stay distinguishable: the first is an empty
lookup or a 404 for the client, the second a 503 with nothing stored.
"""

from __future__ import annotations


class MetadataError(Exception):
    """Base class for every provider failure."""


class MetadataNotFoundError(MetadataError):
    """The provider answered, and it does not know the item."""


class MetadataUnavailableError(MetadataError):
    """The provider could not be reached, kept refusing (rate limit) or answered garbage."""
