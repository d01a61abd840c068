"""What the release, queue, history and blocklist routes ask the domain.

The four routers are the same program for Sonarr, Radarr and Lidarr; what differs is the
word the original uses for the library subject and item (``seriesId``/``episodeId``,
``movieId``, ``artistId``/``albumId``, and the ``include...`` switches built from them),
the history event names and codes, and the domain's own fields on a release. The domain
answers those through a :class:`GrabPresenter`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from mediastack.manager.history import HistoryEventType
from mediastack.manager.history.store import EVENT_CODES
from mediastack.manager.indexers.search import SearchCriteria
from mediastack.manager.search.model import ReleaseDecision

S = TypeVar("S")
I = TypeVar("I")  # noqa: E741


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


@dataclass(frozen=True, slots=True)
class ApiNames:
    """The original's words: ``subject="series", item="episode"`` gives ``seriesId``,
    ``seriesIds``, ``includeSeries``, ``includeUnknownSeriesItems``, ``episodeId``...; a
    domain whose item is its subject (movies) has ``item=None``."""

    subject: str
    item: str | None
    event_names: Mapping[HistoryEventType, str] = field(default_factory=dict)
    event_codes: Mapping[HistoryEventType, int] = field(default_factory=lambda: EVENT_CODES)
    #: ``release/push`` answers with the one decision (Lidarr) instead of a list of them
    #: (Sonarr, Radarr); autobrr reads either.
    push_answers_one: bool = False

    @property
    def subject_id(self) -> str:
        return f"{self.subject}Id"

    @property
    def subject_ids(self) -> str:
        return f"{self.subject}Ids"

    @property
    def include_subject(self) -> str:
        return f"include{_capital(self.subject)}"

    @property
    def include_unknown(self) -> str:
        return f"includeUnknown{_capital(self.subject)}Items"

    @property
    def item_id(self) -> str | None:
        return f"{self.item}Id" if self.item else None

    @property
    def item_ids(self) -> str | None:
        return f"{self.item}Ids" if self.item else None

    @property
    def include_item(self) -> str | None:
        return f"include{_capital(self.item)}" if self.item else None

    def event_name(self, kind: HistoryEventType) -> str:
        return self.event_names.get(kind, kind.value)

    def ids(self, subject_id: int, item_ids: Sequence[int]) -> dict[str, Any]:
        """``{"seriesId": 1, "episodeId": 5}`` (one item) or ``..., "episodeIds": [...]``."""
        out: dict[str, Any] = {self.subject_id: subject_id}
        if self.item_id and len(item_ids) == 1:
            out[self.item_id] = item_ids[0]
        return out


@dataclass(frozen=True, slots=True)
class SearchTarget:
    """What an interactive search looks for: criteria and the item ids asked for."""

    criteria: Sequence[SearchCriteria]
    requested: Sequence[int]


class GrabPresenter(Protocol[S, I]):
    @property
    def names(self) -> ApiNames: ...

    def search_target(self, params: Mapping[str, str]) -> SearchTarget:
        """GET release's query (``episodeId``, ``movieId``...) as a search; raises ApiError."""
        ...

    def release_fields(self, decision: ReleaseDecision[S, I]) -> dict[str, Any]:
        """The domain's keys of a release resource (``mappedEpisodeInfo``, ``movieTitles``)."""
        ...

    def subject_resource(self, subject_id: int) -> dict[str, Any] | None: ...

    def item_resource(self, item_id: int) -> dict[str, Any] | None: ...

    def queue_fields(self, subject_id: int, item_id: int) -> dict[str, Any]:
        """Extra keys of a queue record (``seasonNumber``, ``episodeHasFile``...)."""
        ...

    def profile_id(self, subject_id: int) -> int | None:
        """The subject's quality profile (history's ``qualityCutoffNotMet``)."""
        ...

    def history_children(self, subject_id: int, params: Mapping[str, str]) -> set[int] | None:
        """Narrowing of ``history/<subject>`` by the domain's own query (a season)."""
        ...
