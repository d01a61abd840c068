"""The user's tag-scoped rules, read once and applied per candidate.

Delay profiles and release profiles apply by the tags of the item a release is for (a
series, a movie, an artist). ``DecisionRules`` keeps a snapshot of both and of the items'
tags, refreshed at most every ``ttl`` seconds or when a profile changes, so an RSS sync of
thousands of releases reads the database once, not per release.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from mediastack.manager.decisions.delay import DelayProfile, best_for_tags
from mediastack.manager.decisions.model import Candidate, DecisionContext
from mediastack.manager.decisions.release_profiles import ReleaseProfile

TTL_SECONDS = 30.0  # the originals cache "best delay profile for tags" this long too


@dataclass(frozen=True, slots=True)
class RulesSnapshot:
    delay_profiles: tuple[DelayProfile, ...]
    release_profiles: tuple[ReleaseProfile, ...]
    item_tags: Mapping[int, frozenset[int]]  # library item (series...) id -> its tags

    def apply(self, candidate: Candidate, ctx: DecisionContext) -> DecisionContext:
        parent = candidate.items[0].parent_id if candidate.items else None
        tags = self.item_tags.get(parent, frozenset()) if parent is not None else frozenset()
        return replace(
            ctx,
            delay_profile=best_for_tags(self.delay_profiles, tags),
            release_profiles=tuple(p for p in self.release_profiles if p.applies_to_tags(tags)),
        )


class DecisionRules:
    def __init__(
        self,
        delay_profiles: Callable[[], Sequence[DelayProfile]],
        release_profiles: Callable[[], Sequence[ReleaseProfile]],
        tagged_items: Callable[[], Mapping[int, Sequence[int]]],
        ttl: float = TTL_SECONDS,
    ) -> None:
        self._delay_profiles = delay_profiles
        self._release_profiles = release_profiles
        self._tagged_items = tagged_items  # tag id -> item ids (the library index's view)
        self._ttl = ttl
        self._lock = threading.Lock()
        self._snapshot: tuple[float, RulesSnapshot] | None = None

    def invalidate(self) -> None:
        with self._lock:
            self._snapshot = None

    def snapshot(self) -> RulesSnapshot:
        with self._lock:
            cached = self._snapshot
            if cached is not None and time.monotonic() - cached[0] < self._ttl:
                return cached[1]
        item_tags: dict[int, set[int]] = {}
        for tag, items in self._tagged_items().items():
            for item in items:
                item_tags.setdefault(item, set()).add(tag)
        fresh = RulesSnapshot(
            tuple(self._delay_profiles()),
            tuple(self._release_profiles()),
            {item: frozenset(tags) for item, tags in item_tags.items()},
        )
        with self._lock:
            self._snapshot = (time.monotonic(), fresh)
        return fresh
