"""Which accepted release is best (Sonarr's DownloadDecisionComparer, roughly).

Order of the comparisons, each only breaking ties of the ones before it: quality (by the
profile's order), revision, custom-format score, preferred protocol, season pack (a full
season first, then more items), indexer priority (lower number first), seeders for
torrents / coarse age for Usenet (newer first), then size (nearest the preferred size per
minute when one is set, else smaller).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta

from mediastack.core.collector import collector_paused
from mediastack.manager.decisions.model import Decision, DecisionContext

MIB = 1024 * 1024
_HOUR, _DAY, _WEEK = timedelta(hours=1), timedelta(hours=24), timedelta(days=7)


def _age_bucket(decision: Decision, ctx: DecisionContext) -> int:
    """Usenet: newer posts first, but only in coarse steps (as the originals do)."""
    release = decision.candidate.release
    if release.protocol != "usenet":
        return 0
    age = release.age(ctx.now)
    if age < _HOUR:
        return 1000
    if age <= _DAY:
        return 100
    if age <= _WEEK:
        return 10
    return 1


def _size_score(decision: Decision, ctx: DecisionContext) -> float:
    """Higher is better: minus the distance to the preferred size, else minus the size."""
    candidate = decision.candidate
    size = float(candidate.release.size or 0)
    definition = ctx.definitions.get(candidate.quality.id)
    if definition and definition.preferred_size and candidate.runtime_minutes > 0:
        preferred = definition.preferred_size * MIB * candidate.runtime_minutes
        return -abs(size - preferred) // (200 * MIB)
    return -(size // (200 * MIB))


def sort_key(decision: Decision, ctx: DecisionContext) -> tuple[float, ...]:
    """A key where larger means better, for ``sorted(..., reverse=True)``."""
    candidate = decision.candidate
    rank = ctx.profile.ranks().get(candidate.quality.id, -1)
    revision = candidate.revision
    delay = decision.delay_profile or ctx.delay_profile
    preferred = 1 if candidate.protocol == delay.preferred_protocol else 0
    seeders = candidate.release.seeders or 0 if candidate.protocol == "torrent" else 0
    return (
        rank,
        revision.version,
        revision.real,
        candidate.custom_format_score,
        preferred,
        1 if candidate.full_season else 0,
        len(candidate.items),
        -candidate.indexer_priority,
        seeders,
        _age_bucket(decision, ctx),
        _size_score(decision, ctx),
    )


ContextFor = DecisionContext | Callable[[Decision], DecisionContext]


def prioritize(decisions: Iterable[Decision], ctx: ContextFor) -> list[Decision]:
    """Approved decisions first, best first; then temporary, then permanent rejections.

    ``ctx`` may be one context, or a function giving each decision its own (releases of
    different series are ranked by their own series' profile).
    """

    def key(d: Decision) -> tuple[int, tuple[float, ...]]:
        group = 2 if d.approved else 1 if d.temporarily_rejected else 0
        return group, sort_key(d, ctx if isinstance(ctx, DecisionContext) else ctx(d))

    with collector_paused():  # an RSS sync ranks thousands: keys and contexts, no cycles
        return sorted(decisions, key=key, reverse=True)


def pick_grabs(decisions: Iterable[Decision], ctx: ContextFor) -> list[Decision]:
    """The approved releases to grab, best first, none overlapping an earlier pick's items.

    This is how one search ends with one season pack, or with the best single episode for
    each episode, instead of several downloads of the same thing.
    """
    taken: set[int] = set()
    picks: list[Decision] = []
    # Only approved releases are picked, and they rank first: the others need no keys (the
    # sort is stable, so the approved keep the order the whole ranking gives them).
    for decision in prioritize([d for d in decisions if d.approved], ctx):
        ids = decision.candidate.item_ids
        if ids & taken:
            continue
        taken |= ids
        picks.append(decision)
    return picks
