"""The one protocol every metadata source implements (TVmaze today; TMDB, MusicBrainz later).

It is deliberately small: search by text, resolve an id from another catalogue (the ecosystem
adds series by TVDB id and movies by TMDB id while we may read a different source), and
fetch one item in full. The item type is the domain's own (a series with seasons and
episodes, a movie, an artist with albums), so the engine never learns its fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeVar

ItemT = TypeVar("ItemT")


@dataclass(frozen=True, slots=True)
class ExternalId:
    """An id in some catalogue: ``ExternalId("tvdb", "279121")``, ``ExternalId("imdb", "tt…")``."""

    source: str
    value: str


class MetadataProvider(Protocol[ItemT]):
    """A source of metadata for one media kind."""

    name: str

    async def search(self, term: str) -> list[ItemT]:
        """Items matching free text, best first; ``[]`` when nothing matches."""
        ...

    async def lookup(self, external: ExternalId) -> ItemT | None:
        """The item carrying ``external``, or None when the provider has no such item."""
        ...

    async def fetch(self, provider_id: int) -> ItemT:
        """One item in full (with its children); raises ``MetadataNotFoundError``."""
        ...
