"""The values a search passes around: a release mapped to the library, its decision, and
the facts read once per evaluation (quality model, indexers, options).

``S`` is the domain's library subject (a series, a movie, an artist) and ``I`` the item a
release fills (an episode, the movie itself, an album). The engine never looks inside them;
it asks the domain (``manager.search.domain``) for ids, profiles and labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Generic, TypeVar

from mediastack.manager.decisions import Decision, QueuedDownload, SearchKind
from mediastack.manager.indexers.models import DownloadProtocol, ReleaseInfo
from mediastack.manager.parser import ParsedRelease
from mediastack.manager.quality import CustomFormat, QualityDefinition, QualityProfile

S = TypeVar("S")
I = TypeVar("I")  # noqa: E741 - the item type, named as the protocols name it


@dataclass(frozen=True, slots=True)
class RemoteRelease(Generic[S, I]):
    """A release with what it maps to; ``problem`` says why it maps to nothing.

    ``pack`` marks a release that covers a whole unit the user may want at once (a season,
    a discography): the ranking prefers such releases when they cover what is wanted.
    """

    release: ReleaseInfo
    parsed: ParsedRelease | None
    subject: S | None = None
    items: tuple[I, ...] = ()
    problem: str | None = None
    pack: bool = False


@dataclass(frozen=True, slots=True)
class ReleaseDecision(Generic[S, I]):
    """A decision with the subject and items it is about (for the API and the grab)."""

    remote: RemoteRelease[S, I]
    decision: Decision

    @property
    def subject(self) -> S | None:
        return self.remote.subject

    @property
    def items(self) -> tuple[I, ...]:
        return self.remote.items


@dataclass(frozen=True, slots=True)
class IndexerFacts:
    """What the rules need to know about the indexer a release came from."""

    id: int
    name: str
    protocol: DownloadProtocol
    priority: int = 25
    minimum_seeders: int = 0
    retention_days: int | None = None
    download_client_id: int = 0


@dataclass(frozen=True, slots=True)
class QualitySources:
    """The stored quality model, read once per evaluation."""

    profiles: dict[int, QualityProfile]
    formats: list[CustomFormat]
    definitions: dict[int, QualityDefinition]

    def profile(self, profile_id: int | None) -> QualityProfile:
        found = self.profiles.get(profile_id or 0)
        if found is not None:
            return found
        return next(iter(self.profiles.values()))


@dataclass(frozen=True, slots=True)
class DecideOptions:
    kind: SearchKind = SearchKind.AUTOMATIC
    requested: frozenset[int] | None = None  # item ids asked for; None = anything (RSS)
    queue: tuple[QueuedDownload, ...] = ()
    retention_days: int = 0
    user_invoked: bool = False  # a person asked (rules such as availability step aside)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
