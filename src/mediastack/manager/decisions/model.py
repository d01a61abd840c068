"""What the decision engine reads and what it answers.

The engine knows nothing about series or movies: a ``Candidate`` is one indexer release
plus what the media domain worked out about it (the parse, its quality in the app's
catalogue, the custom formats it matches, and the library items it would fill, each with
the file already on disk if any). A ``Decision`` is the candidate with every rejection the
specifications raised, each a sentence the user reads in the UI's interactive search.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from mediastack.manager.decisions.delay import DelayProfile, default_delay_profile
from mediastack.manager.decisions.release_profiles import ReleaseProfile
from mediastack.manager.indexers.models import DownloadProtocol, ReleaseInfo
from mediastack.manager.parser.model import ParsedRelease, Revision
from mediastack.manager.quality.custom_formats import CustomFormat
from mediastack.manager.quality.definitions import Quality, QualityDefinition
from mediastack.manager.quality.profiles import QualityProfile


class RejectionType(StrEnum):
    """Permanent: this release will never do. Temporary: it may do later (a delay)."""

    PERMANENT = "permanent"
    TEMPORARY = "temporary"


class SearchKind(StrEnum):
    """Why the engine is looking: some rules only apply to some of these."""

    RSS = "rss"
    AUTOMATIC = "automatic"  # EpisodeSearch, SeasonSearch, ... commands
    INTERACTIVE = "interactive"  # GET release: the user picks
    PUSH = "push"  # release/push (autobrr)


@dataclass(frozen=True, slots=True)
class Rejection:
    reason: str
    type: RejectionType = RejectionType.PERMANENT


@dataclass(frozen=True, slots=True)
class ExistingFile:
    """The file an item already has, in the terms upgrades are judged by."""

    quality: Quality
    revision: Revision = field(default_factory=Revision)
    custom_format_score: int = 0


@dataclass(frozen=True, slots=True)
class WantedItem:
    """One library item a release would fill (an episode; a movie; an album)."""

    id: int
    parent_id: int
    label: str  # how reasons name it: "S01E03"
    existing: ExistingFile | None = None


@dataclass(frozen=True, slots=True)
class QueuedDownload:
    """A download already in a client for some items, as the queue rule compares it."""

    title: str
    item_ids: frozenset[int]
    quality: Quality
    revision: Revision = field(default_factory=Revision)
    custom_format_score: int = 0


@dataclass(frozen=True, slots=True)
class Candidate:
    """One release under evaluation.

    ``items`` may be empty when the domain could not map the release; ``requested`` says
    whether it contains something the current search asked for (always True for RSS).
    ``runtime_minutes`` is the total runtime of the items (0 when unknown), for size rules.
    """

    release: ReleaseInfo
    parsed: ParsedRelease
    quality: Quality
    items: tuple[WantedItem, ...]
    custom_formats: tuple[CustomFormat, ...] = ()
    custom_format_score: int = 0
    runtime_minutes: float = 0.0
    full_season: bool = False
    requested: bool = True
    indexer_priority: int = 25
    minimum_seeders: int = 0
    indexer_retention_days: int | None = None

    @property
    def revision(self) -> Revision:
        return self.parsed.quality.revision

    @property
    def item_ids(self) -> frozenset[int]:
        return frozenset(i.id for i in self.items)

    @property
    def protocol(self) -> DownloadProtocol:
        return self.release.protocol


BlocklistCheck = Callable[[Candidate], bool]


def _never_blocklisted(_candidate: Candidate) -> bool:
    return False


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class DecisionContext:
    """Everything the specifications compare a candidate with, fixed for one evaluation."""

    profile: QualityProfile
    definitions: dict[int, QualityDefinition] = field(default_factory=dict)
    queue: tuple[QueuedDownload, ...] = ()
    blocklisted: BlocklistCheck = _never_blocklisted
    delay_profile: DelayProfile = field(default_factory=default_delay_profile)
    release_profiles: tuple[ReleaseProfile, ...] = ()  # those for the item's tags
    retention_days: int = 0  # usenet retention setting; 0 = unlimited
    wanted_languages: frozenset[str] = frozenset()  # parser keys; empty = any language
    search_kind: SearchKind = SearchKind.AUTOMATIC
    now: datetime = field(default_factory=_now)


@dataclass(frozen=True, slots=True)
class Decision:
    candidate: Candidate
    rejections: tuple[Rejection, ...] = ()
    #: the delay profile the candidate was judged under (ranking prefers its protocol)
    delay_profile: DelayProfile | None = None

    @property
    def approved(self) -> bool:
        return not self.rejections

    @property
    def rejected(self) -> bool:
        return bool(self.rejections)

    @property
    def temporarily_rejected(self) -> bool:
        """Rejected only for reasons that may pass later (Sonarr's pending releases)."""
        return bool(self.rejections) and all(
            r.type is RejectionType.TEMPORARY for r in self.rejections
        )

    @property
    def reasons(self) -> list[str]:
        return [r.reason for r in self.rejections]
