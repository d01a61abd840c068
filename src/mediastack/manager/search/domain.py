"""What a media kind tells the search and grab engine, and nothing more.

The decide loop, the ranking, the grab, the queue and the failure handling are the same
for series, movies and artists; what differs is how a release maps to the library (a
series and episodes, a movie, an artist and albums), what files those items already have,
how reasons name them, and which ids a grab records. A domain implements
:class:`SearchDomain` (long-lived) which hands out a :class:`ReleaseMapper` per batch, so
a search or RSS sync reads the library once however many releases it judges.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar, runtime_checkable

from mediastack.manager.decisions import Rejection, WantedItem
from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.indexers.search import MediaKind
from mediastack.manager.parser.model import App
from mediastack.manager.search.model import DecideOptions, RemoteRelease

S = TypeVar("S")
I = TypeVar("I")  # noqa: E741


class ReleaseMapper(Protocol[S, I]):
    """One batch's view of the library; may cache what it reads."""

    def map(self, release: ReleaseInfo) -> RemoteRelease[S, I]:
        """Parse the release and find its subject and items (or say why not)."""
        ...

    def wanted(self, remote: RemoteRelease[S, I]) -> tuple[WantedItem, ...]:
        """The mapped items as the rules see them: id, parent id, label, file on disk."""
        ...

    def runtime_minutes(self, remote: RemoteRelease[S, I]) -> float:
        """Total runtime of the items (0 when unknown), for the size limits."""
        ...

    def rejections(
        self, remote: RemoteRelease[S, I], options: DecideOptions
    ) -> Sequence[Rejection]:
        """The domain's own rules (a movie's minimum availability, ...); empty accepts."""
        ...


@runtime_checkable
class BatchReleaseMapper(ReleaseMapper[S, I], Protocol[S, I]):
    """A mapper that maps a whole batch at once, reading the library for all of it together
    (an RSS sync names thousands of subjects; reading each one apart is what costs)."""

    def map_all(self, releases: Sequence[ReleaseInfo]) -> list[RemoteRelease[S, I]]:
        """What :meth:`ReleaseMapper.map` gives for each release, in order."""
        ...


def map_releases(
    mapper: ReleaseMapper[S, I], releases: Iterable[ReleaseInfo]
) -> list[RemoteRelease[S, I]]:
    """Each release mapped, in one batch when the mapper can."""
    if isinstance(mapper, BatchReleaseMapper):
        return mapper.map_all(list(releases))
    return [mapper.map(r) for r in releases]


class SearchDomain(Protocol[S, I]):
    """The long-lived half: ids, profiles and what a grab records."""

    @property
    def app(self) -> App:
        """Whose parser rules and quality catalogue apply (``sonarr``, ``radarr``...)."""
        ...

    @property
    def rss_kind(self) -> MediaKind:
        """Which categories an RSS sync reads (``tv``, ``movie``, ``music``)."""
        ...

    def mapper(self) -> ReleaseMapper[S, I]: ...

    def subject_id(self, subject: S) -> int: ...

    def profile_id(self, subject: S) -> int: ...

    def item_id(self, item: I) -> int: ...

    def is_recent(self, items: Sequence[I]) -> bool:
        """Released lately: download clients give such grabs their "recent" priority."""
        ...

    def grab_data(self, remote: RemoteRelease[S, I]) -> dict[str, object]:
        """The ids the original records in a grab's history ``data`` (``tvdbId``...)."""
        ...


class PlainIds:
    """The usual ids: a subject's ``id`` and ``quality_profile_id``, an item's ``id``.

    Series, movies and artists all look like that, so a search or import domain inherits
    these three answers instead of writing them again.
    """

    def subject_id(self, subject: Any) -> int:
        return int(subject.id)

    def profile_id(self, subject: Any) -> int:
        return int(subject.quality_profile_id)

    def item_id(self, item: Any) -> int:
        return int(item.id)
