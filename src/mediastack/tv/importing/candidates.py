"""From a file on disk to "this is episodes 3 and 4 of that series, in WEBDL-1080p".

The grab history wins when there is one (the download was grabbed *for* those episodes);
otherwise the file (or its release folder) is parsed and the series found by title, as the
originals do for a folder dropped in by hand. A manual import may dictate everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from mediastack.manager.history import HistoryEvent
from mediastack.manager.importing.discovery import DiscoveredFile
from mediastack.manager.importing.specs import ExistingFile
from mediastack.manager.parser import ParsedRelease, parse
from mediastack.manager.parser.model import Revision
from mediastack.manager.parser.text import normalize_title
from mediastack.manager.quality.custom_formats import CustomFormat
from mediastack.manager.quality.definitions import Quality, by_id, by_name
from mediastack.manager.quality.profiles import QualityProfile
from mediastack.tv.library.model import Episode, EpisodeFile, Series

UNKNOWN = by_name("sonarr", "Unknown")


@dataclass(frozen=True, slots=True)
class Override:
    """What a manual import dictates (any field left ``None`` is worked out as usual)."""

    series_id: int | None = None
    episode_ids: tuple[int, ...] | None = None
    quality: Quality | None = None
    revision: Revision | None = None
    release_group: str | None = None
    languages: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class TvCandidate:
    """One file with everything the specifications and the import need."""

    file: DiscoveredFile
    parsed: ParsedRelease | None
    series: Series | None
    episodes: tuple[Episode, ...]
    quality: Quality
    revision: Revision
    release_group: str | None
    languages: tuple[str, ...]
    scene_name: str | None
    profile: QualityProfile | None = None
    format_score: int = 0
    custom_formats: tuple[CustomFormat, ...] = ()
    existing: tuple[ExistingFile, ...] = ()
    existing_files: tuple[EpisodeFile, ...] = ()
    existing_sources: tuple[str | None, ...] = ()
    destination: Path | None = None
    download_id: str | None = None
    grabbed_episode_ids: frozenset[int] | None = None
    mapping_error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def destination_folder(self) -> Path | None:
        return self.destination.parent if self.destination else None


def parse_file(file: DiscoveredFile) -> ParsedRelease | None:
    """Parse the file name; when it says too little, the release folder and the file together."""
    own = parse(file.path.name, "sonarr")
    if own is not None and own.episode is not None and own.quality.source != "unknown":
        return own
    joined = parse(f"{file.folder_name}/{file.relative_path}", "sonarr")
    if joined is not None and joined.episode is not None:
        return joined
    return own or joined


def grabbed_quality(events: Sequence[HistoryEvent]) -> tuple[Quality, Revision] | None:
    for event in events:
        q = event.quality.get("quality") if isinstance(event.quality, dict) else None
        if isinstance(q, dict) and q.get("name"):
            try:
                quality = (
                    by_id("sonarr", int(q["id"]))
                    if q.get("id")
                    else by_name("sonarr", str(q["name"]))
                )
            except (KeyError, ValueError):
                continue
            rev = event.quality.get("revision") or {}
            return quality, Revision(
                int(rev.get("version", 1)), int(rev.get("real", 0)), bool(rev.get("isRepack"))
            )
    return None


def quality_of(parsed: ParsedRelease | None) -> tuple[Quality, Revision]:
    if parsed is None:
        return UNKNOWN, Revision()
    try:
        return by_name("sonarr", parsed.quality.name), parsed.quality.revision
    except (KeyError, ValueError):
        return UNKNOWN, parsed.quality.revision


def find_series(parsed: ParsedRelease | None, library: Sequence[Series]) -> Series | None:
    """The series whose title (with or without its year) the parsed title names."""
    if parsed is None or parsed.episode is None:
        return None
    wanted = {
        normalize_title(t)
        for t in (parsed.episode.series_title, *parsed.episode.series_titles)
        if t
    }
    wanted.add(normalize_title(parsed.episode.title_without_year or parsed.title))
    year = parsed.episode.year
    for series in library:
        names = {normalize_title(series.title)}
        if series.year:
            names.add(normalize_title(f"{series.title} {series.year}"))
        if names & wanted and (
            not year
            or not series.year
            or year == series.year
            or normalize_title(f"{series.title} {series.year}") in wanted
        ):
            return series
    return None


def find_episodes(
    parsed: ParsedRelease | None, series: Series, episodes: Sequence[Episode]
) -> tuple[Episode, ...]:
    """The series' episodes the parse names: S/E numbers, an air date, or absolute numbers."""
    info = parsed.episode if parsed is not None else None
    if info is None:
        return ()
    if info.air_date and not info.episodes:
        day = date.fromisoformat(info.air_date)
        return tuple(e for e in episodes if e.air_date == day)
    if info.episodes:
        wanted = {(info.season, n) for n in info.episodes}
        return tuple(e for e in episodes if (e.season_number, e.episode_number) in wanted)
    if info.absolute_episodes:
        absolute = set(info.absolute_episodes)
        return tuple(e for e in episodes if e.absolute_episode_number in absolute)
    return ()
