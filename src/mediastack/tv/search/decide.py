"""From indexer releases to decisions: map, build candidates, run the engine per series.

The TV side of the decision engine: everything here is about series and episodes (which
profile a series uses, what files its episodes have, labels like ``S01E03``); the rules
themselves live in ``manager.decisions`` and know none of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import PurePosixPath

from mediastack.manager.blocklist import BlocklistStore
from mediastack.manager.decisions import (
    Candidate,
    Decision,
    DecisionContext,
    DecisionMaker,
    ExistingFile,
    QueuedDownload,
    Rejection,
    SearchKind,
    WantedItem,
)
from mediastack.manager.indexers.models import DownloadProtocol, ReleaseInfo
from mediastack.manager.parser import ParsedRelease, QualityModel, parse
from mediastack.manager.quality import CustomFormat, QualityDefinition, QualityProfile
from mediastack.manager.quality.custom_formats import ReleaseFacts, matching_formats
from mediastack.manager.quality.definitions import by_name
from mediastack.tv.library.model import Episode, EpisodeFile, Series
from mediastack.tv.library.store import TvLibraryStore
from mediastack.tv.search.mapping import RemoteEpisode, SeriesMatcher, map_release


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
class EpisodeDecision:
    """A decision with the series/episodes it is about (for the API and the grab)."""

    remote: RemoteEpisode
    decision: Decision

    @property
    def series(self) -> Series | None:
        return self.remote.series

    @property
    def episodes(self) -> tuple[Episode, ...]:
        return self.remote.episodes


@dataclass(frozen=True, slots=True)
class QualitySources:
    """The stored quality model, read once per evaluation."""

    profiles: dict[int, QualityProfile]
    formats: list[CustomFormat]
    definitions: dict[int, QualityDefinition]

    def profile(self, profile_id: int) -> QualityProfile:
        found = self.profiles.get(profile_id)
        if found is not None:
            return found
        return next(iter(self.profiles.values()))


@dataclass(frozen=True, slots=True)
class DecideOptions:
    kind: SearchKind = SearchKind.AUTOMATIC
    requested: frozenset[int] | None = None  # episode ids asked for; None = anything (RSS)
    queue: tuple[QueuedDownload, ...] = ()
    retention_days: int = 0
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


def episode_label(episode: Episode) -> str:
    return f"S{episode.season_number:02d}E{episode.episode_number:02d}"


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


def _existing(file: EpisodeFile | None) -> ExistingFile | None:
    """The file's stored quality; for a file recorded as Unknown (a rescan that did not
    read the name), the quality its name says, which is what the originals would have
    stored at import."""
    if file is None:
        return None
    quality = by_name("sonarr", file.quality)
    if quality.id == 0:
        name = file.scene_name or PurePosixPath(file.relative_path).name
        parsed = parse(name, "sonarr")
        if parsed is not None:
            return ExistingFile(by_name("sonarr", parsed.quality.name), parsed.quality.revision)
    return ExistingFile(quality)


def build_candidate(
    remote: RemoteEpisode,
    parsed: ParsedRelease,
    profile: QualityProfile,
    formats: Sequence[CustomFormat],
    files: dict[int, EpisodeFile],
    options: DecideOptions,
    indexer: IndexerFacts | None,
) -> Candidate:
    release = remote.release
    matched = tuple(matching_formats(list(formats), release_facts(release, parsed)))
    score = sum(profile.format_items.get(cf.id, 0) for cf in matched)
    series = remote.series
    runtime = 0.0
    for episode in remote.episodes:
        runtime += episode.runtime or (series.runtime if series else 0) or 0
    items = tuple(
        WantedItem(
            id=e.id,
            parent_id=e.series_id,
            label=episode_label(e),
            existing=_existing(files.get(e.episode_file_id) if e.episode_file_id else None),
        )
        for e in remote.episodes
    )
    requested = options.requested is None or bool(
        options.requested & frozenset(e.id for e in remote.episodes)
    )
    return Candidate(
        release=release,
        parsed=parsed,
        quality=by_name("sonarr", parsed.quality.name),
        items=items,
        custom_formats=matched,
        custom_format_score=score,
        runtime_minutes=runtime,
        full_season=remote.full_season,
        requested=requested,
        indexer_priority=indexer.priority if indexer else 25,
        minimum_seeders=indexer.minimum_seeders if indexer else 0,
        indexer_retention_days=indexer.retention_days if indexer else None,
    )


def _placeholder(release: ReleaseInfo, parsed: ParsedRelease | None) -> ParsedRelease:
    if parsed is not None:
        return parsed
    return ParsedRelease(
        input=release.title,
        app="sonarr",
        title="",
        normalized_title="",
        quality=QualityModel(),
        languages=(),
        release_group=None,
    )


class EpisodeDecider:
    """Maps releases to the library and runs the decision engine on them."""

    def __init__(
        self,
        store: TvLibraryStore,
        blocklist: BlocklistStore,
        maker: DecisionMaker | None = None,
    ) -> None:
        self.store = store
        self.blocklist = blocklist
        self.maker = maker or DecisionMaker()

    def decide(
        self,
        releases: Iterable[ReleaseInfo],
        quality: QualitySources,
        options: DecideOptions,
        indexers: dict[int, IndexerFacts] | None = None,
        series: Sequence[Series] | None = None,
    ) -> list[EpisodeDecision]:
        matcher = SeriesMatcher(series if series is not None else self.store.all())
        episodes: dict[int, list[Episode]] = {}
        files: dict[int, dict[int, EpisodeFile]] = {}

        def episodes_of(series_id: int) -> list[Episode]:
            if series_id not in episodes:
                episodes[series_id] = self.store.episodes(series_id=series_id)
                files[series_id] = {f.id: f for f in self.store.files(series_id=series_id)}
            return episodes[series_id]

        out: list[EpisodeDecision] = []
        for release in releases:
            remote = map_release(release, matcher, episodes_of)
            facts = (indexers or {}).get(release.indexer_id or -1)
            parsed = _placeholder(release, remote.parsed)
            if remote.series is None:
                profile = next(iter(quality.profiles.values()))
            else:
                profile = quality.profile(remote.series.quality_profile_id)
            candidate = build_candidate(
                remote,
                parsed,
                profile,
                quality.formats,
                files.get(remote.series.id, {}) if remote.series else {},
                options,
                facts,
            )
            if remote.problem is not None:
                decision = Decision(candidate, (Rejection(remote.problem),))
            else:
                decision = self.maker.evaluate(
                    candidate, self._context(remote, profile, quality, options)
                )
            out.append(EpisodeDecision(remote, decision))
        return out

    def _context(
        self,
        remote: RemoteEpisode,
        profile: QualityProfile,
        quality: QualitySources,
        options: DecideOptions,
    ) -> DecisionContext:
        series_id = remote.series.id if remote.series else 0

        def blocklisted(candidate: Candidate) -> bool:
            release = candidate.release
            return self.blocklist.is_blocklisted(
                series_id, release.title, release.indexer, release.info_hash
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


def with_kind(options: DecideOptions, kind: SearchKind) -> DecideOptions:
    return replace(options, kind=kind)
