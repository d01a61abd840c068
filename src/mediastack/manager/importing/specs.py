"""The import specifications every media kind shares (Sonarr's ``Specifications/``).

Each is a small callable over a :class:`FileCandidate`; the domain adds its own (does the
file match the grabbed episodes, was it imported already...). Reasons are written for the
person reading the manual-import screen.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from mediastack.core.fs import free_space
from mediastack.manager.importing.decisions import Rejection, RejectionType
from mediastack.manager.importing.discovery import DiscoveredFile, is_sample, unpacking_reason
from mediastack.manager.importing.media_info import MediaInfo
from mediastack.manager.importing.model import ALREADY_IMPORTED, SAMPLE
from mediastack.manager.parser.model import Revision
from mediastack.manager.quality.definitions import Quality
from mediastack.manager.quality.profiles import QualityProfile

__all__ = [
    "ExistingFile",
    "FileCandidate",
    "FileSettled",
    "FreeSpace",
    "NotSample",
    "already_imported",
    "destination_free",
    "identified",
    "minimum_runtime_seconds",
    "not_sample",
    "not_unpacking",
    "quality_allowed",
    "upgrade_allowed",
]


@dataclass(frozen=True, slots=True)
class ExistingFile:
    """A library file the candidate would replace.

    ``source_path`` is the file an earlier import came from, so a re-run of the same
    import recognises its own work (``already_imported``).
    """

    path: str
    quality: Quality
    revision: Revision
    format_score: int = 0
    id: int = 0
    size: int = 0
    source_path: str | None = None


class FileCandidate(Protocol):
    @property
    def file(self) -> DiscoveredFile: ...

    @property
    def quality(self) -> Quality: ...

    @property
    def revision(self) -> Revision: ...

    @property
    def format_score(self) -> int: ...

    @property
    def profile(self) -> QualityProfile | None: ...

    @property
    def existing(self) -> Sequence[ExistingFile]: ...

    @property
    def destination_folder(self) -> Path | None: ...

    @property
    def mapping_error(self) -> str | None: ...


def identified(candidate: FileCandidate) -> Rejection | None:
    """The file must name something in the library (a series and episodes, a movie...)."""
    return Rejection(candidate.mapping_error) if candidate.mapping_error else None


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def already_imported(candidate: FileCandidate) -> Rejection | None:
    """Re-running an import must not import the same file again (idempotence)."""
    source = str(candidate.file.path)
    for existing in candidate.existing:
        if existing.source_path == source and existing.size == candidate.file.size:
            return Rejection(f"{ALREADY_IMPORTED} from this file")
        if _same_file(existing.path, source):
            return Rejection(f"{ALREADY_IMPORTED} (same file)")
    return None


def not_sample(candidate: FileCandidate) -> Rejection | None:
    f = candidate.file
    if is_sample(f.relative_path, f.size, f.largest_in_release):
        return Rejection(SAMPLE)
    return None


# Containers whose running time the originals never hold against them (disc images,
# stream pointers, Flash video).
SAMPLE_CHECK_EXEMPT = frozenset({".flv", ".strm", ".iso", ".img", ".m2ts"})


def minimum_runtime_seconds(runtime_minutes: int) -> int:
    """Below this a file is a sample, by how long the item runs (the originals' steps)."""
    if runtime_minutes <= 3:
        return 15  # anime shorts
    if runtime_minutes <= 10:
        return 90  # webisodes
    if runtime_minutes <= 30:
        return 300
    return 600


class TimedCandidate(FileCandidate, Protocol):
    @property
    def runtime_minutes(self) -> int: ...


@dataclass(frozen=True, slots=True)
class NotSample:
    """A sample is told by its running time, whatever its name: a file shorter than the
    item's runtime allows (``minimum_runtime_seconds``) is refused, and a file that reads
    as zero seconds long too. When the item's runtime is unknown or the file cannot be
    read (no ffprobe, not a video), the name-and-size rule of ``not_sample`` decides."""

    probe: Callable[[Path], MediaInfo | None]

    def __call__(self, candidate: TimedCandidate) -> Rejection | None:
        f = candidate.file
        if candidate.runtime_minutes <= 0:
            return not_sample(candidate)
        if f.path.suffix.lower() in SAMPLE_CHECK_EXEMPT:
            return None
        info = self.probe(f.path)
        if info is None:
            return not_sample(candidate)
        if info.run_time_seconds < minimum_runtime_seconds(candidate.runtime_minutes):
            return Rejection(SAMPLE)
        return None


def not_unpacking(candidate: FileCandidate) -> Rejection | None:
    reason = unpacking_reason(candidate.file.path.parent)
    return Rejection(reason, RejectionType.TEMPORARY) if reason else None


@dataclass(frozen=True, slots=True)
class FileSettled:
    """A file modified in the last ``seconds`` may still be written (copied in, extracted)."""

    seconds: float

    def __call__(self, candidate: FileCandidate) -> Rejection | None:
        if self.seconds > 0 and time.time() - candidate.file.mtime < self.seconds:
            return Rejection(
                "File is still being written (modified moments ago)", RejectionType.TEMPORARY
            )
        return None


def quality_allowed(candidate: FileCandidate) -> Rejection | None:
    profile = candidate.profile
    if profile is not None and not profile.allows(candidate.quality):
        return Rejection(f"{candidate.quality.name} is not wanted in profile '{profile.name}'")
    return None


def upgrade_allowed(candidate: FileCandidate) -> Rejection | None:
    """Replacing a file needs an upgrade under the profile: quality, then revision, then
    custom-format score (``QualityProfile.is_upgrade``)."""
    profile = candidate.profile
    if profile is None:
        return None
    for old in candidate.existing:
        if profile.is_upgrade(
            old.quality,
            candidate.quality,
            current_revision=old.revision,
            candidate_revision=candidate.revision,
            current_score=old.format_score,
            candidate_score=candidate.format_score,
        ):
            continue
        return Rejection(
            "Not an upgrade for existing file(s). "
            f"Existing quality: {old.quality.name}. New quality: {candidate.quality.name}."
        )
    return None


@dataclass(frozen=True, slots=True)
class FreeSpace:
    """Refuse (temporarily) an import that would leave less than ``minimum_mb`` free."""

    minimum_mb: int
    skip: bool = False

    def __call__(self, candidate: FileCandidate) -> Rejection | None:
        folder = candidate.destination_folder
        if self.skip or folder is None:
            return None
        try:
            available = free_space(folder)
        except OSError:
            return None  # unknown: the originals import anyway and warn
        left = available - candidate.file.size
        if left < self.minimum_mb * 1024 * 1024:
            return Rejection(
                f"Not enough free space: {left // (1024 * 1024)} MB would be left, "
                f"{self.minimum_mb} MB required",
                RejectionType.TEMPORARY,
            )
        return None


class PlacedCandidate(FileCandidate, Protocol):
    @property
    def destination(self) -> Path | None: ...


def destination_free(candidate: PlacedCandidate) -> Rejection | None:
    """Never write over what the library does not own: a file already at the destination
    must be one this import replaces, and every folder on the way must be a folder."""
    destination = candidate.destination
    if destination is None:
        return None
    for parent in destination.parents:
        if parent.is_symlink() or parent.exists():
            if not parent.is_dir():
                return Rejection(f"'{parent}' exists as a file where a folder must be")
            break
    if not (destination.is_symlink() or destination.exists()):
        return None
    if destination.is_dir():
        return Rejection(f"Destination '{destination}' exists as a folder")
    source = str(candidate.file.path)
    if _same_file(source, str(destination)) or any(
        _same_file(e.path, str(destination)) for e in candidate.existing
    ):
        return None
    return Rejection(
        f"Destination '{destination}' already exists and is not a file this import replaces"
    )
