"""Quality profiles: which qualities are wanted, in which order, until when.

A profile is an ordered list of items, worst first; an item is a quality or a
named group of qualities that rank equal. The *cutoff* is the item after which
no upgrade is sought; custom-format scores add a second axis with a minimum
score (below it a release is rejected) and a cutoff score.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

from mediastack.manager.parser.model import Revision
from mediastack.manager.quality.definitions import Quality

# The ranks of the profiles last asked (each held, so its id is not reused while cached):
# an RSS sync ranks thousands of releases under a handful of profiles, and a profile is
# built anew only when it is read from the database again.
_RANKS: dict[int, tuple[QualityProfile, Mapping[int, int]]] = {}
_RANKS_KEPT = 64
_RANKS_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class ProfileItem:
    """A quality, or a group of qualities (``name`` set, ``items`` non-empty)."""

    quality: Quality | None = None
    items: tuple[ProfileItem, ...] = ()
    allowed: bool = True
    name: str = ""
    id: int = 0

    def qualities(self) -> tuple[Quality, ...]:
        """Every quality in this item (itself, or all members of the group)."""
        if self.quality is not None:
            return (self.quality,)
        return tuple(q for it in self.items for q in it.qualities())

    def key(self) -> int:
        """The id a cutoff refers to: the group id, or the quality id."""
        return self.id if self.quality is None else self.quality.id


@dataclass(frozen=True, slots=True)
class QualityProfile:
    """A quality profile (Sonarr/Radarr/Lidarr semantics)."""

    name: str
    items: tuple[ProfileItem, ...]
    cutoff: int
    upgrade_allowed: bool = True
    min_format_score: int = 0
    cutoff_format_score: int = 0
    min_upgrade_format_score: int = 1
    format_items: dict[int, int] = field(default_factory=dict)

    def ranks(self) -> Mapping[int, int]:
        """Quality id -> position of the first item holding it (a group's members rank
        equal); qualities the profile lacks are absent."""
        cached = _RANKS.get(id(self))
        if cached is not None and cached[0] is self:
            return cached[1]
        ranks: dict[int, int] = {}
        for index, item in enumerate(self.items):
            for quality in item.qualities():
                ranks.setdefault(quality.id, index)
        with _RANKS_LOCK:
            while len(_RANKS) >= _RANKS_KEPT:
                del _RANKS[next(iter(_RANKS))]
            _RANKS[id(self)] = (self, ranks)
        return ranks

    def _rank(self, quality: Quality) -> int | None:
        return self.ranks().get(quality.id)

    def allows(self, quality: Quality) -> bool:
        """Whether the quality is wanted at all (its item, or its group, is allowed)."""
        for item in self.items:
            for member in item.items or (item,):
                if member.quality is not None and member.quality.id == quality.id:
                    return item.allowed and member.allowed
        return False

    def cutoff_rank(self) -> int:
        """Position of the cutoff item (last item when the cutoff is unknown)."""
        for index, item in enumerate(self.items):
            if item.key() == self.cutoff:
                return index
        return len(self.items) - 1

    def compare(self, a: Quality, b: Quality) -> int:
        """-1, 0 or 1 as quality ``a`` ranks below, equal to or above ``b``."""
        ra, rb = self._rank(a), self._rank(b)
        ra = -1 if ra is None else ra
        rb = -1 if rb is None else rb
        return (ra > rb) - (ra < rb)

    def quality_cutoff_met(self, quality: Quality) -> bool:
        """Whether ``quality`` reaches the profile's cutoff."""
        rank = self._rank(quality)
        return rank is not None and rank >= self.cutoff_rank()

    def cutoff_met(self, quality: Quality, format_score: int = 0) -> bool:
        """Quality cutoff met and, when formats are scored, the cutoff score too."""
        if not self.quality_cutoff_met(quality):
            return False
        return format_score >= self.cutoff_format_score

    def meets_minimum_score(self, format_score: int) -> bool:
        """Releases scoring below the minimum custom-format score are rejected."""
        return format_score >= self.min_format_score

    def is_upgrade(
        self,
        current: Quality,
        candidate: Quality,
        *,
        current_revision: Revision | None = None,
        candidate_revision: Revision | None = None,
        current_score: int = 0,
        candidate_score: int = 0,
    ) -> bool:
        """Whether ``candidate`` should replace ``current`` under this profile.

        A better quality is an upgrade until the current quality meets the
        cutoff; at equal quality a higher revision (PROPER/REPACK, then REAL)
        is; at equal quality and revision a custom-format score at least
        ``min_upgrade_format_score`` higher is, until the current score meets
        the cutoff score. Nothing is an upgrade when upgrades are off, or when
        the candidate is not allowed or scores below the minimum.
        """
        if not self.upgrade_allowed or not self.allows(candidate):
            return False
        if not self.meets_minimum_score(candidate_score):
            return False
        order = self.compare(candidate, current)
        if order != 0:
            return order > 0 and not self.quality_cutoff_met(current)
        cr = current_revision or Revision()
        nr = candidate_revision or Revision()
        if (nr.version, nr.real) != (cr.version, cr.real):
            return (nr.version, nr.real) > (cr.version, cr.real)
        if current_score >= self.cutoff_format_score:
            return False
        return candidate_score - current_score >= self.min_upgrade_format_score


def simple_profile(
    name: str,
    allowed: list[Quality],
    cutoff: Quality,
    *,
    upgrade_allowed: bool = True,
    groups: dict[str, list[Quality]] | None = None,
) -> QualityProfile:
    """Build a profile from allowed qualities (worst first) and optional groups."""
    items: list[ProfileItem] = []
    grouped = {q.id for members in (groups or {}).values() for q in members}
    group_ids = 1000
    placed: set[str] = set()
    for q in allowed:
        if q.id in grouped:
            for gname, members in (groups or {}).items():
                if any(m.id == q.id for m in members) and gname not in placed:
                    group_ids += 1
                    sub = tuple(ProfileItem(quality=m) for m in members)
                    items.append(ProfileItem(items=sub, name=gname, id=group_ids))
                    placed.add(gname)
            continue
        items.append(ProfileItem(quality=q))
    cutoff_key = cutoff.id
    for it in items:
        if it.quality is None and any(q.id == cutoff.id for q in it.qualities()):
            cutoff_key = it.id
    return QualityProfile(name, tuple(items), cutoff_key, upgrade_allowed)
