"""The grab path of every manager: search, decide, grab, RSS sync, failed downloads.

Everything with network I/O runs on the grab runtime's loop (``GrabRuntime``); the
commands and API routers call into this class and nothing else. What a release is about
comes from the domain (``SearchDomain``): the service never names a series or a movie.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Generic, TypeVar

from mediastack.manager.blocklist import BlocklistStore, NewBlocklistEntry
from mediastack.manager.decisions import (
    Decision,
    DecisionContext,
    SearchKind,
    pick_grabs,
    prioritize,
)
from mediastack.manager.download_clients.completion import CompletionHandler
from mediastack.manager.download_clients.store import DownloadClientStore
from mediastack.manager.grab.delayed import DelayedReleases
from mediastack.manager.grab.grabber import Grabber, GrabError, GrabResult
from mediastack.manager.grab.pending import PendingStore
from mediastack.manager.grab.queue import QueueRecord, QueueView
from mediastack.manager.grab.runtime import GrabRuntime
from mediastack.manager.grab.settings import GrabSettings
from mediastack.manager.history import HistoryEvent, HistoryEventType, HistoryStore
from mediastack.manager.history.store import NewHistoryEvent
from mediastack.manager.indexers.errors import IndexerError
from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.indexers.rss import sync_rss
from mediastack.manager.indexers.search import SearchCriteria
from mediastack.manager.indexers.store import Indexer, IndexerStore
from mediastack.manager.indexers.torznab.settings import TorznabSettings
from mediastack.manager.quality.store import (
    CustomFormatStore,
    ProfileStore,
    QualityDefinitionStore,
)
from mediastack.manager.search.cursors import DbRssCursorStore
from mediastack.manager.search.decide import ReleaseDecider
from mediastack.manager.search.domain import SearchDomain
from mediastack.manager.search.model import (
    DecideOptions,
    IndexerFacts,
    QualitySources,
    ReleaseDecision,
)

log = logging.getLogger(__name__)

S = TypeVar("S")
I = TypeVar("I")  # noqa: E741


@dataclass(slots=True)
class GrabSummary:
    reports: int = 0
    approved: int = 0
    grabbed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    pending: int = 0  # releases a delay holds back

    def text(self, what: str) -> str:
        out = f"{what}: {self.reports} reports, {self.approved} approved, "
        out += f"{len(self.grabbed)} grabbed"
        out += f", {self.pending} pending" if self.pending else ""
        return out + (f"; errors: {'; '.join(self.errors)}" if self.errors else "")

    def merge(self, other: GrabSummary) -> GrabSummary:
        self.reports += other.reports
        self.approved += other.approved
        self.grabbed += other.grabbed
        self.errors += other.errors
        self.pending += other.pending
        return self


@dataclass(frozen=True, slots=True)
class CachedRelease(Generic[S, I]):
    decision: ReleaseDecision[S, I]
    expires: float


class GrabService(Generic[S, I]):
    def __init__(
        self,
        *,
        domain: SearchDomain[S, I],
        indexers: IndexerStore,
        clients: DownloadClientStore,
        profiles: ProfileStore,
        formats: CustomFormatStore,
        definitions: QualityDefinitionStore,
        history: HistoryStore,
        blocklist: BlocklistStore,
        cursors: DbRssCursorStore,
        runtime: GrabRuntime,
        settings: GrabSettings,
        pending: PendingStore,
    ) -> None:
        self.domain = domain
        self.indexers = indexers
        self.clients = clients
        self.profiles = profiles
        self.formats = formats
        self.definitions = definitions
        self.history = history
        self.blocklist = blocklist
        self.cursors = cursors
        self.runtime = runtime
        self.settings = settings
        self.decider = ReleaseDecider(domain, blocklist)
        self.grabber = Grabber(domain, runtime, clients, history)
        self.queue = QueueView(runtime.tracker, history, domain.app)
        self._cache: dict[tuple[str, int], CachedRelease[S, I]] = {}
        self.completion: CompletionHandler | None = None  # set by setup: imports and failures
        #: what "now" is for delays and release ages (tests move it forward)
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.delayed = DelayedReleases(
            domain, pending, blocklist, self.quality_sources, lambda: self.clock()
        )

    # ---- inputs of a decision ---------------------------------------------------------

    def quality_sources(self) -> QualitySources:
        records = self.profiles.records()
        return QualitySources(
            profiles={r.id: r.profile for r in records},
            formats=self.formats.all(),
            definitions={d.quality.id: d for d in self.definitions.all()},
        )

    def indexer_facts(self) -> dict[int, IndexerFacts]:
        out = {}
        for indexer in self.indexers.all():
            client = self.runtime.indexer_client(indexer)
            seeders = (
                client.settings.minimum_seeders
                if isinstance(client.settings, TorznabSettings)
                else 0
            )
            out[indexer.id] = IndexerFacts(
                id=indexer.id,
                name=indexer.name,
                protocol=indexer.definition.protocol,
                priority=indexer.priority,
                minimum_seeders=seeders,
                download_client_id=indexer.download_client_id,
            )
        return out

    def options(
        self, kind: SearchKind, requested: Iterable[int] | None, user_invoked: bool = False
    ) -> DecideOptions:
        return DecideOptions(
            kind=kind,
            requested=None if requested is None else frozenset(requested),
            queue=self.queue.queued_downloads(),
            retention_days=self.settings.retention_days,
            user_invoked=user_invoked or kind is SearchKind.INTERACTIVE,
            now=self.clock(),
        )

    def decide(
        self,
        releases: Sequence[ReleaseInfo],
        kind: SearchKind,
        requested: Iterable[int] | None,
        user_invoked: bool = False,
    ) -> list[ReleaseDecision[S, I]]:
        decisions = self.decider.decide(
            releases,
            self.quality_sources(),
            self.options(kind, requested, user_invoked),
            self.indexer_facts(),
        )
        return self._ordered(decisions)

    def _context_for(
        self, decisions: Sequence[ReleaseDecision[S, I]]
    ) -> tuple[dict[int, ReleaseDecision[S, I]], Callable[[Decision], DecisionContext]]:
        """Each decision ranked under its own subject's profile."""
        by_decision = {id(d.decision): d for d in decisions}
        sources = self.quality_sources()

        def ctx_for(decision: Decision) -> DecisionContext:
            subject = by_decision[id(decision)].subject
            profile_id = self.domain.profile_id(subject) if subject is not None else None
            return DecisionContext(
                profile=sources.profile(profile_id), definitions=sources.definitions
            )

        return by_decision, ctx_for

    def _ordered(self, decisions: list[ReleaseDecision[S, I]]) -> list[ReleaseDecision[S, I]]:
        by_decision, ctx_for = self._context_for(decisions)
        ordered = prioritize([d.decision for d in decisions], ctx_for)
        return [by_decision[id(d)] for d in ordered]

    # ---- searching --------------------------------------------------------------------

    def _searchable(self, interactive: bool) -> list[Indexer]:
        return [
            i
            for i in self.indexers.all()
            if (i.enable_interactive_search if interactive else i.enable_automatic_search)
        ]

    async def fetch(
        self, criteria: Sequence[SearchCriteria], interactive: bool
    ) -> list[ReleaseInfo]:
        """Every indexer's results for every criterion (on the grab loop)."""

        async def one(indexer: Indexer) -> list[ReleaseInfo]:
            client = self.runtime.indexer_client(indexer)
            found: list[ReleaseInfo] = []
            for criterion in criteria:
                try:
                    found += await client.search(criterion, max_pages=2)
                except IndexerError as exc:
                    log.warning("search on %s failed: %s", indexer.name, exc)
            return found

        batches = await asyncio.gather(*(one(i) for i in self._searchable(interactive)))
        unique: dict[tuple[int | None, str], ReleaseInfo] = {}
        for batch in batches:
            for release in batch:
                unique.setdefault((release.indexer_id, release.guid), release)
        return list(unique.values())

    async def interactive(
        self, criteria: Sequence[SearchCriteria], requested: Iterable[int]
    ) -> list[ReleaseDecision[S, I]]:
        """GET release: every result with its decision, cached for POST release."""
        releases = await self.fetch(criteria, interactive=True)
        decisions = self.decide(releases, SearchKind.INTERACTIVE, requested)
        expires = time.monotonic() + self.settings.release_cache_minutes * 60
        self._cache = {k: v for k, v in self._cache.items() if v.expires > time.monotonic()}
        for d in decisions:
            release = d.remote.release
            self._cache[(release.guid, release.indexer_id or 0)] = CachedRelease(d, expires)
        return decisions

    def cached(self, guid: str, indexer_id: int) -> ReleaseDecision[S, I] | None:
        hit = self._cache.get((guid, indexer_id))
        if hit is None or hit.expires < time.monotonic():
            return None
        return hit.decision

    async def automatic(
        self,
        criteria: Sequence[SearchCriteria],
        requested: Iterable[int],
        user_invoked: bool = False,
    ) -> GrabSummary:
        """The search commands (EpisodeSearch, MoviesSearch...): search, decide, grab."""
        wanted = list(requested)
        if not wanted or not criteria:
            return GrabSummary()
        releases = await self.fetch(criteria, interactive=False)
        decisions = self.decide(releases, SearchKind.AUTOMATIC, wanted, user_invoked)
        return await self.grab_best(decisions)

    async def grab_best(self, decisions: list[ReleaseDecision[S, I]]) -> GrabSummary:
        """Grab the best approved release for each item; hold back (as pending) what only
        a delay rejects, unless a release was grabbed for its items."""
        waiting = self.delayed.store.all()
        decisions = [self.delayed.let_through(d, waiting) for d in decisions]
        summary = GrabSummary(reports=len(decisions))
        summary.approved = sum(1 for d in decisions if d.decision.approved)
        by_decision, ctx_for = self._context_for(decisions)
        grabbed: list[ReleaseDecision[S, I]] = []
        for pick in pick_grabs([d.decision for d in decisions], ctx_for):
            chosen = by_decision[id(pick)]
            try:
                result = await self.grab(chosen)
            except Exception as exc:  # one bad release must not stop the others
                log.warning("grab of %r failed: %s", chosen.remote.release.title, exc)
                summary.errors.append(f"{chosen.remote.release.title}: {exc}")
                continue
            summary.grabbed.append(result.download_id)
            grabbed.append(chosen)
        summary.pending = self.delayed.hold(decisions, grabbed)
        return summary

    async def grab_pending(self, records: Sequence[QueueRecord]) -> list[GrabResult]:
        """POST queue/grab/{id}: grab a waiting release now, whatever its delay says."""
        results = []
        for p in {r.pending.id: r.pending for r in records if r.pending is not None}.values():
            [decision] = self.decide([p.release], SearchKind.INTERACTIVE, p.item_ids)
            if decision.subject is None or not decision.items:
                raise GrabError(decision.remote.problem or "The release maps to nothing")
            results.append(await self.grab(decision))
            self.delayed.store.delete([p.id, *self.delayed.superseded([decision])])
        return results

    async def grab(self, decision: ReleaseDecision[S, I]) -> GrabResult:
        facts = self.indexer_facts().get(decision.remote.release.indexer_id or -1)
        result = await self.grabber.grab(decision, facts.download_client_id if facts else 0)
        await self.refresh_downloads()
        return result

    # ---- RSS --------------------------------------------------------------------------

    async def rss_sync(self) -> GrabSummary:
        releases: list[ReleaseInfo] = []
        errors: list[str] = []
        for indexer in self.indexers.all():
            if not indexer.enable_rss:
                continue
            client = self.runtime.indexer_client(indexer)
            try:
                result = await sync_rss(client, self.domain.rss_kind, self.cursors)
            except IndexerError as exc:
                errors.append(f"{indexer.name}: {exc}")
                continue
            releases.extend(result.releases)
        # the waiting releases are judged again with the new ones (an indexer's RSS feed
        # offers a release once; the delay may be over now)
        waiting = self.delayed.store.all()
        offered = {(r.indexer_id, r.guid) for r in releases}
        releases += [p.release for p in waiting if p.key not in offered]
        decisions = self.decide(releases, SearchKind.RSS, None)
        summary = await self.grab_best(decisions)
        self.delayed.prune(waiting, decisions)
        summary.errors[:0] = errors
        return summary

    # ---- push (autobrr) ---------------------------------------------------------------

    async def push(self, release: ReleaseInfo) -> ReleaseDecision[S, I]:
        [decision] = self.decide([release], SearchKind.PUSH, None)
        if decision.decision.approved:
            await self.grab(decision)
        return decision

    # ---- the tracker and failures -----------------------------------------------------

    async def refresh_downloads(self) -> str:
        """Poll the clients, then import what completed and fail what failed."""
        result = await self.runtime.tracker.refresh()
        errors = "; ".join(f"client {k}: {v}" for k, v in result.errors.items())
        text = f"Polled {len(result.polled)} clients" + (f"; {errors}" if errors else "")
        if self.completion is not None:
            text += "; " + (await self.completion.handle()).text()
        return text

    async def remove(
        self, records: Sequence[QueueRecord], remove_from_client: bool, block: bool
    ) -> None:
        done: set[tuple[int, str]] = set()
        for record in records:
            entry = record.entry
            key = (entry.client_id, entry.download_id)
            if key in done:
                continue
            done.add(key)
            grabs = [r.grab for r in records if r.grab and r.entry.download_id == entry.download_id]
            if not grabs and record.grab is None:
                grabs = self.history.for_download(entry.download_id)
            if remove_from_client:
                client = self.clients.get(entry.client_id)
                if client is not None:
                    await self.runtime.provider_for(client).remove_item(entry.download_id, True)
            if block and grabs:
                self.fail(grabs, "Removed from the queue and blocklisted")
            tracked = self.runtime.tracker.get(entry.client_id, entry.download_id)
            if tracked is not None:
                self.runtime.tracker.ignore(entry.client_id, entry.download_id)

    def fail(self, grabs: Sequence[HistoryEvent], message: str) -> None:
        """A grab failed: a downloadFailed event per item and one blocklist entry."""
        if not grabs:
            return
        first = grabs[0]
        self.history.add(
            NewHistoryEvent(
                event_type=HistoryEventType.DOWNLOAD_FAILED,
                item_id=g.item_id,
                child_id=g.child_id,
                source_title=g.source_title,
                quality=g.quality,
                languages=g.languages,
                custom_formats=g.custom_formats,
                download_id=g.download_id,
                data={"message": message, **{k: first.data.get(k, "") for k in ("indexer",)}},
            )
            for g in grabs
        )
        self.blocklist.add(
            NewBlocklistEntry(
                item_id=first.item_id,
                child_ids=tuple(sorted({g.child_id for g in grabs})),
                source_title=first.source_title,
                protocol=str(first.data.get("protocolName") or "unknown"),
                indexer=str(first.data.get("indexer") or "") or None,
                torrent_info_hash=str(first.data.get("torrentInfoHash") or "") or None,
                size=int(str(first.data.get("size") or "0") or 0) or None,
                message=message,
                quality=first.quality,
                languages=first.languages,
                custom_formats=first.custom_formats,
            )
        )

    def mark_failed(self, history_id: int) -> bool:
        """POST history/failed/{id}: the grab failed after all; blocklist it."""
        event = self.history.get(history_id)
        if event is None:
            return False
        grabs = [event]
        if event.download_id:
            grabs = [
                e
                for e in self.history.for_download(event.download_id)
                if e.event_type is HistoryEventType.GRABBED
            ] or [event]
        self.fail(grabs, "Manually marked as failed")
        return True
