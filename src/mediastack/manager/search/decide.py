"""From indexer releases to decisions: map, build candidates, run the engine per subject.

The rules live in ``manager.decisions`` and know no media kind; the domain's mapper says
what a release is about. This loop joins the two: each release is mapped, judged under its
own subject's quality profile, and given the domain's extra rejections.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Generic, TypeVar

from mediastack.core.collector import collector_paused
from mediastack.manager.blocklist import BlocklistStore
from mediastack.manager.decisions import (
    Candidate,
    Decision,
    DecisionContext,
    DecisionMaker,
    ExistingFile,
    Rejection,
    WantedItem,
)
from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.parser import ParsedRelease, QualityModel, parse
from mediastack.manager.parser.model import App
from mediastack.manager.quality import CustomFormat, QualityProfile
from mediastack.manager.quality.custom_formats import ReleaseFacts, matching_formats
from mediastack.manager.quality.definitions import by_name
from mediastack.manager.search.domain import ReleaseMapper, SearchDomain, map_releases
from mediastack.manager.search.model import (
    DecideOptions,
    IndexerFacts,
    QualitySources,
    ReleaseDecision,
    RemoteRelease,
)

S = TypeVar("S")
I = TypeVar("I")  # noqa: E741


def release_facts(release: ReleaseInfo, parsed: ParsedRelease) -> ReleaseFacts:
    q = parsed.quality
    return ReleaseFacts(
        title=release.title,
        source=q.source,
        resolution=q.resolution,
        modifier=q.modifier,
        languages=parsed.languages,
        release_group=parsed.release_group,
        size_bytes=release.size or 0,
        indexer_flags=frozenset(f.value for f in release.flags),
    )


def existing_file(
    app: App, quality_name: str, scene_name: str | None, relative_path: str
) -> ExistingFile:
    """A library file's stored quality; for a file recorded as Unknown (a rescan that did
    not read the name), the quality its name says, which is what the originals would have
    stored at import."""
    quality = by_name(app, quality_name)
    if quality.id == 0:
        name = scene_name or PurePosixPath(relative_path).name
        parsed = parse(name, app)
        if parsed is not None:
            return ExistingFile(by_name(app, parsed.quality.name), parsed.quality.revision)
    return ExistingFile(quality)


def placeholder(release: ReleaseInfo, parsed: ParsedRelease | None, app: App) -> ParsedRelease:
    """A parse for a release the parser refused, so it can still be listed with its reason."""
    if parsed is not None:
        return parsed
    return ParsedRelease(
        input=release.title,
        app=app,
        title="",
        normalized_title="",
        quality=QualityModel(),
        languages=(),
        release_group=None,
    )


def build_candidate(
    app: App,
    release: ReleaseInfo,
    parsed: ParsedRelease,
    profile: QualityProfile,
    formats: Sequence[CustomFormat],
    items: tuple[WantedItem, ...],
    pack: bool,
    runtime_minutes: float,
    options: DecideOptions,
    indexer: IndexerFacts | None,
) -> Candidate:
    # no formats, nothing to match: the facts are not worked out for each release
    matched = (
        tuple(matching_formats(list(formats), release_facts(release, parsed))) if formats else ()
    )
    score = sum(profile.format_items.get(cf.id, 0) for cf in matched)
    requested = options.requested is None or bool(
        options.requested & frozenset(i.id for i in items)
    )
    return Candidate(
        release=release,
        parsed=parsed,
        quality=by_name(app, parsed.quality.name),
        items=items,
        custom_formats=matched,
        custom_format_score=score,
        runtime_minutes=runtime_minutes,
        full_season=pack,
        requested=requested,
        indexer_priority=indexer.priority if indexer else 25,
        minimum_seeders=indexer.minimum_seeders if indexer else 0,
        indexer_retention_days=indexer.retention_days if indexer else None,
    )


class ReleaseDecider(Generic[S, I]):
    """Maps releases to the library through the domain and runs the decision engine."""

    def __init__(
        self,
        domain: SearchDomain[S, I],
        blocklist: BlocklistStore,
        maker: DecisionMaker | None = None,
    ) -> None:
        self.domain = domain
        self.blocklist = blocklist
        self.maker = maker or DecisionMaker()

    def decide(
        self,
        releases: Iterable[ReleaseInfo],
        quality: QualitySources,
        options: DecideOptions,
        indexers: dict[int, IndexerFacts] | None = None,
        mapper: ReleaseMapper[S, I] | None = None,
    ) -> list[ReleaseDecision[S, I]]:
        # An RSS sync maps and judges thousands of releases: their records form no cycles,
        # and collector passes over the loaded library in between cost a third of it.
        with collector_paused():
            return self._decide(releases, quality, options, indexers, mapper)

    def _decide(
        self,
        releases: Iterable[ReleaseInfo],
        quality: QualitySources,
        options: DecideOptions,
        indexers: dict[int, IndexerFacts] | None,
        mapper: ReleaseMapper[S, I] | None,
    ) -> list[ReleaseDecision[S, I]]:
        mapper = mapper or self.domain.mapper()
        app = self.domain.app
        out: list[ReleaseDecision[S, I]] = []
        for remote in map_releases(mapper, releases):
            release = remote.release
            parsed = placeholder(release, remote.parsed, app)
            subject = remote.subject
            profile = quality.profile(
                self.domain.profile_id(subject) if subject is not None else None
            )
            candidate = build_candidate(
                app,
                release,
                parsed,
                profile,
                quality.formats,
                mapper.wanted(remote) if remote.items else (),
                remote.pack,
                mapper.runtime_minutes(remote) if remote.items else 0.0,
                options,
                (indexers or {}).get(release.indexer_id or -1),
            )
            if remote.problem is not None:
                decision = Decision(candidate, (Rejection(remote.problem),))
            else:
                decision = self.maker.evaluate(
                    candidate, self._context(remote, profile, quality, options)
                )
                extra = tuple(mapper.rejections(remote, options))
                if extra:
                    decision = replace(decision, rejections=decision.rejections + extra)
            out.append(ReleaseDecision(remote, decision))
        return out

    def _context(
        self,
        remote: RemoteRelease[S, I],
        profile: QualityProfile,
        quality: QualitySources,
        options: DecideOptions,
    ) -> DecisionContext:
        subject_id = self.domain.subject_id(remote.subject) if remote.subject is not None else 0

        def blocklisted(candidate: Candidate) -> bool:
            release = candidate.release
            return self.blocklist.is_blocklisted(
                subject_id, release.title, release.indexer, release.info_hash
            )

        return DecisionContext(
            profile=profile,
            definitions=quality.definitions,
            queue=options.queue,
            blocklisted=blocklisted,
            retention_days=options.retention_days,
            search_kind=options.kind,
            now=options.now,
        )
