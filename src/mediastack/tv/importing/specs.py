"""The TV import specifications (Sonarr's ``EpisodeImport/Specifications``)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from mediastack.manager.importing import ImportSpecification, Rejection
from mediastack.manager.importing.model import ALREADY_IMPORTED
from mediastack.manager.importing.specs import (
    FileSettled,
    FreeSpace,
    not_sample,
    not_unpacking,
    quality_allowed,
    upgrade_allowed,
)
from mediastack.tv.importing.candidates import TvCandidate


def identified(candidate: TvCandidate) -> Rejection | None:
    """The file must name a series in the library and episodes of it."""
    if candidate.mapping_error:
        return Rejection(candidate.mapping_error)
    return None


def matches_grab(candidate: TvCandidate) -> Rejection | None:
    """A grabbed download may only fill the episodes it was grabbed for."""
    grabbed = candidate.grabbed_episode_ids
    if grabbed is None or not candidate.episodes:
        return None
    unexpected = [e for e in candidate.episodes if e.id not in grabbed]
    if unexpected:
        names = ", ".join(f"S{e.season_number:02d}E{e.episode_number:02d}" for e in unexpected)
        return Rejection(f"Episode(s) {names} were not part of the grabbed release")
    return None


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def already_imported(candidate: TvCandidate) -> Rejection | None:
    """Re-running an import must not import the same file again (idempotence)."""
    source = str(candidate.file.path)
    for existing, dropped in zip(candidate.existing_files, candidate.existing_sources, strict=True):
        if dropped == source and existing.size == candidate.file.size:
            return Rejection(f"{ALREADY_IMPORTED} from this file")
        if _same_file(existing.path, source):
            return Rejection(f"{ALREADY_IMPORTED} (same file)")
    return None


def tv_specifications(
    free_space: FreeSpace, settle_seconds: float
) -> Sequence[ImportSpecification[TvCandidate]]:
    return [
        identified,
        not_unpacking,
        not_sample,
        FileSettled(settle_seconds),
        matches_grab,
        already_imported,
        quality_allowed,
        upgrade_allowed,
        free_space,
    ]
