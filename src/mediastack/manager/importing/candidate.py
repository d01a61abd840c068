"""One file on its way into the library, as every import specification reads it.

``S`` is the domain's subject (a series, a movie, an artist) and ``I`` an item the file
fills (an episode, the movie, a track). The domain identifies files (``Identified``); the
engine adds the quality, custom formats, the files they would replace and the destination.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from mediastack.manager.importing.discovery import DiscoveredFile
from mediastack.manager.importing.specs import ExistingFile
from mediastack.manager.parser import ParsedRelease
from mediastack.manager.parser.model import Revision
from mediastack.manager.quality.custom_formats import CustomFormat
from mediastack.manager.quality.definitions import Quality
from mediastack.manager.quality.profiles import QualityProfile

S = TypeVar("S")
I = TypeVar("I")  # noqa: E741


@dataclass(frozen=True, slots=True)
class Override:
    """What a manual import dictates (any field left ``None`` is worked out as usual)."""

    subject_id: int | None = None
    item_ids: tuple[int, ...] | None = None
    quality: Quality | None = None
    revision: Revision | None = None
    release_group: str | None = None
    languages: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class FileHint:
    """A found file with what is already known about it: the subject the user, the
    command or the grab chose, and the items a manual import picked."""

    file: DiscoveredFile
    subject_id: int | None = None
    item_ids: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class Identified(Generic[S, I]):
    """The domain's answer for one file: what it is, or why that is unknown.

    ``quality`` is what the file itself says when the domain can read it (an audio
    file's codec and bitrate); ``extra`` is the domain's own data carried through to its
    naming and its database rows (an edition, audio tags); ``runtime_minutes`` is how long
    the items run by the metadata (0: unknown), which tells a sample from the real file.
    """

    file: DiscoveredFile
    parsed: ParsedRelease | None
    subject: S | None = None
    items: tuple[I, ...] = ()
    error: str | None = None
    quality: tuple[Quality, Revision] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    runtime_minutes: int = 0


@dataclass(frozen=True, slots=True)
class ImportCandidate(Generic[S, I]):
    """One file with everything the specifications and the import need."""

    file: DiscoveredFile
    parsed: ParsedRelease | None
    subject: S | None
    items: tuple[I, ...]
    quality: Quality
    revision: Revision
    release_group: str | None
    languages: tuple[str, ...]
    scene_name: str | None
    profile: QualityProfile | None = None
    format_score: int = 0
    custom_formats: tuple[CustomFormat, ...] = ()
    existing: tuple[ExistingFile, ...] = ()
    root: Path | None = None  # the subject's folder
    destination: Path | None = None
    download_id: str | None = None
    grabbed_item_ids: frozenset[int] | None = None
    mapping_error: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    runtime_minutes: int = 0

    @property
    def destination_folder(self) -> Path | None:
        return self.destination.parent if self.destination else None


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the domain's naming puts a file: below ``root`` (the subject's folder).

    ``extra`` is what the domain learnt on the way (media info it probed for the name) and
    joins the candidate's ``extra`` for the commit.
    """

    root: Path
    relative_path: str
    extra: Mapping[str, Any] = field(default_factory=dict)
