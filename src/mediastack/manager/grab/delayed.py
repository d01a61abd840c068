"""Releases a delay profile holds back: kept as pending, shown in the queue, let through
once the oldest one waiting for the same items has waited the delay, dropped when a grab
made them pointless or they are judged never to be grabbed.

The grab service decides and grabs; this holds what it must remember between its runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from mediastack.manager.blocklist import BlocklistStore, NewBlocklistEntry
from mediastack.manager.decisions import RejectionType
from mediastack.manager.grab.pending import NewPendingRelease, PendingRelease, PendingStore
from mediastack.manager.grab.queue import QueueRecord
from mediastack.manager.grab.resources import custom_formats, languages, quality_model, quality_of
from mediastack.manager.search.domain import SearchDomain
from mediastack.manager.search.model import QualitySources, ReleaseDecision

S = TypeVar("S")
I = TypeVar("I")  # noqa: E741


class DelayedReleases(Generic[S, I]):
    def __init__(
        self,
        domain: SearchDomain[S, I],
        store: PendingStore,
        blocklist: BlocklistStore,
        sources: Callable[[], QualitySources],
        clock: Callable[[], datetime],
    ) -> None:
        self.domain = domain
        self.store = store
        self.blocklist = blocklist
        self._sources = sources
        self._clock = clock

    def _keys(self, decision: ReleaseDecision[S, I]) -> tuple[int, set[int]]:
        subject = decision.subject
        assert subject is not None
        return self.domain.subject_id(subject), {self.domain.item_id(i) for i in decision.items}

    def let_through(
        self, decision: ReleaseDecision[S, I], waiting: Sequence[PendingRelease]
    ) -> ReleaseDecision[S, I]:
        """A release the delay holds back is let through once the oldest release waiting
        for the same items has waited the delay: by then the best of what came counts, as
        the originals judge it."""
        judged = decision.decision
        if not judged.temporarily_rejected or decision.subject is None or not waiting:
            return decision
        profile = judged.delay_profile
        if profile is None:
            return decision
        delay = timedelta(minutes=profile.delay_minutes(judged.candidate.protocol))
        subject_id, items = self._keys(decision)
        now = self._clock()
        if not any(
            p.subject_id == subject_id
            and items & set(p.item_ids)
            and now - p.release.publish_date >= delay
            for p in waiting
        ):
            return decision
        kept = tuple(r for r in judged.rejections if r.type is not RejectionType.TEMPORARY)
        return replace(decision, decision=replace(judged, rejections=kept))

    def hold(
        self, decisions: Sequence[ReleaseDecision[S, I]], grabbed: Sequence[ReleaseDecision[S, I]]
    ) -> int:
        """Store the delayed releases (none for items just grabbed) and drop the waiting
        releases a grab made pointless (no better than what was grabbed)."""
        taken: dict[int, set[int]] = {}
        for d in grabbed:
            subject_id, items = self._keys(d)
            taken.setdefault(subject_id, set()).update(items)
        now = self._clock()
        held: list[NewPendingRelease] = []
        for d in decisions:
            if not d.decision.temporarily_rejected or d.subject is None or not d.items:
                continue
            subject_id, items = self._keys(d)
            if items & taken.get(subject_id, set()):
                continue
            held.append(self._pending_entry(d, subject_id, items, now))
        if grabbed:
            self.store.delete(self.superseded(grabbed))
        return len(self.store.add(held, now)) if held else 0

    def _pending_entry(
        self, decision: ReleaseDecision[S, I], subject_id: int, items: set[int], now: datetime
    ) -> NewPendingRelease:
        candidate = decision.decision.candidate
        release = candidate.release
        profile = decision.decision.delay_profile
        delay = profile.delay_minutes(release.protocol) if profile is not None else 0
        app = self.domain.app
        return NewPendingRelease(
            subject_id=subject_id,
            item_ids=tuple(sorted(items)),
            release=release,
            delay_until=max(now, release.publish_date + timedelta(minutes=delay)),
            quality=quality_model(app, candidate.quality, candidate.revision),
            languages=languages(app, candidate.parsed.languages),
            custom_formats=custom_formats(candidate.custom_formats),
            custom_format_score=candidate.custom_format_score,
        )

    def superseded(self, grabbed: Sequence[ReleaseDecision[S, I]]) -> list[int]:
        """Waiting releases for grabbed items whose quality is no better than the grab's
        (a better one may still be wanted as an upgrade; the next sync judges it)."""
        sources = self._sources()
        out: list[int] = []
        waiting = self.store.all()
        for d in grabbed:
            subject = d.subject
            assert subject is not None
            subject_id, items = self._keys(d)
            profile = sources.profile(self.domain.profile_id(subject))
            quality = d.decision.candidate.quality
            for p in waiting:
                if p.subject_id != subject_id or not items & set(p.item_ids):
                    continue
                if profile.compare(quality, quality_of(self.domain.app, p.quality)[0]) >= 0:
                    out.append(p.id)
        return out

    def prune(
        self, waiting: Sequence[PendingRelease], decisions: Sequence[ReleaseDecision[S, I]]
    ) -> None:
        """Drop the waiting releases judged again as never to be grabbed (the item got a
        file as good, was unmonitored, the series is gone from the mapping...)."""
        by_key = {(d.remote.release.indexer_id, d.remote.release.guid): d for d in decisions}
        gone = []
        for p in waiting:
            judged = by_key.get(p.key)
            if judged is None:
                continue
            if judged.decision.rejected and not judged.decision.temporarily_rejected:
                gone.append(p.id)
        self.store.delete(gone)

    def records(self) -> list[QueueRecord]:
        """The waiting releases as queue records, one per item (status ``delay``)."""
        now = self._clock()
        return [
            QueueRecord(p.queue_id(item), p.queue_entry(now), p.as_grab(item), p)
            for p in self.store.all()
            for item in p.item_ids
        ]

    def drop(self, records: Sequence[QueueRecord], block: bool) -> None:
        """DELETE queue/{id} of a waiting release: forget it (and blocklist it if asked)."""
        chosen = {r.pending.id: r.pending for r in records if r.pending is not None}
        for p in chosen.values():
            if block:
                self.blocklist.add(
                    NewBlocklistEntry(
                        item_id=p.subject_id,
                        child_ids=p.item_ids,
                        source_title=p.release.title,
                        protocol=p.release.protocol,
                        indexer=p.release.indexer or None,
                        torrent_info_hash=p.release.info_hash or None,
                        size=p.release.size or None,
                        message="Pending release manually blocklisted",
                        quality=p.quality,
                        languages=p.languages,
                        custom_formats=p.custom_formats,
                    )
                )
        self.store.delete(list(chosen))
