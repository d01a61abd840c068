"""The audio files of a folder as the matcher sees them: tags first, names as a fallback.

Each field is taken from the tags when they have it, else from the file name (``01 -
Title.flac``), the disc folder (``CD2``) or the release folder ("Artist - Album (Year)
[FLAC]", read by the release-name parser), in that order; ``from_name`` marks a file
whose identity came from its name, which the UI shows. A file mutagen cannot read at all
is not a track: it is reported with its reason and never imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol, TypeVar

from mediastack.manager.parser import MusicInfo, parse
from mediastack.music.importing.filename import (
    NameInfo,
    disc_from_folder,
    parse_name,
    settle_folder,
)
from mediastack.music.tags import AudioTags, read_tags

T = TypeVar("T")
UNREADABLE = "Not a readable audio file (unknown format or damaged)"


class FoundFile(Protocol):
    """What discovery yields: a path, its path below the scanned folder, its size."""

    @property
    def path(self) -> Path: ...

    @property
    def relative_path(self) -> str: ...

    @property
    def size(self) -> int: ...


@dataclass(frozen=True, slots=True)
class LocalTrack:
    path: Path
    relative_path: str
    size: int
    tags: AudioTags
    artist: str | None
    album: str | None
    title: str | None
    track: int | None
    disc: int | None
    disc_count: int | None
    year: int | None
    from_name: bool = False

    @property
    def folder(self) -> str:
        return str(PurePosixPath(self.relative_path).parent)

    @property
    def duration(self) -> float | None:
        return self.tags.duration_seconds

    @property
    def quality(self) -> str:
        return self.tags.quality

    @property
    def recording_mbid(self) -> str | None:
        return self.tags.recording_mbid

    @property
    def track_mbid(self) -> str | None:
        return self.tags.track_mbid

    @property
    def release_mbid(self) -> str | None:
        return self.tags.release_mbid

    @property
    def release_group_mbid(self) -> str | None:
        return self.tags.release_group_mbid

    @property
    def artist_mbid(self) -> str | None:
        return self.tags.artist_mbid


@dataclass(frozen=True, slots=True)
class UnreadableFile:
    path: Path
    relative_path: str
    reason: str = UNREADABLE


def _folder_music(name: str) -> MusicInfo | None:
    parsed = parse(name, "lidarr") if name else None
    return parsed.music if parsed is not None else None


def _album_folder(relative_path: str) -> tuple[str, int | None]:
    """The folder naming the album (the parent, or the grandparent of a disc folder) and
    the disc number a disc folder gives."""
    parents = PurePosixPath(relative_path).parents
    folders = [p.name for p in parents if p.name]
    if not folders:
        return "", None
    disc = disc_from_folder(folders[0])
    if disc is not None:
        return (folders[1] if len(folders) > 1 else ""), disc
    return folders[0], None


def _local(
    item: FoundFile,
    tags: AudioTags,
    name: NameInfo,
    release: MusicInfo | None,
) -> LocalTrack:
    folder, folder_disc = _album_folder(item.relative_path)
    from_folder = _folder_music(folder) if folder else None
    guess = from_folder or release
    folder_album = folder if folder and from_folder is None and release is None else None
    return LocalTrack(
        path=item.path,
        relative_path=item.relative_path,
        size=item.size,
        tags=tags,
        artist=tags.album_artist or tags.artist or name.artist or (guess.artist if guess else None),
        album=tags.album or name.album or (guess.album if guess else None) or folder_album,
        title=tags.title or name.title,
        track=tags.track_number or name.track,
        disc=tags.disc_number or name.disc or folder_disc,
        disc_count=tags.disc_total,
        year=tags.year or (guess.year if guess and guess.year else None),
        from_name=not tags.has_identity,
    )


def read_local_tracks(
    files: Iterable[FoundFile], release_name: str | None = None
) -> tuple[list[LocalTrack], list[UnreadableFile]]:
    """Tracks for the readable files, reasons for the rest; ``release_name`` (the download's
    title) fills in artist, album and year when neither tags nor folders tell."""
    release = _folder_music(release_name) if release_name else None
    readable: list[tuple[FoundFile, AudioTags]] = []
    unreadable: list[UnreadableFile] = []
    for item in files:
        tags = read_tags(item.path)
        if tags is None:
            unreadable.append(UnreadableFile(item.path, item.relative_path))
        else:
            readable.append((item, tags))
    by_folder: dict[str, list[int]] = {}
    for index, (item, _) in enumerate(readable):
        by_folder.setdefault(str(PurePosixPath(item.relative_path).parent), []).append(index)
    names: dict[int, NameInfo] = {}
    for indexes in by_folder.values():
        settled = settle_folder([parse_name(readable[i][0].path.stem) for i in indexes])
        names.update(zip(indexes, settled, strict=True))
    tracks = [_local(item, tags, names[i], release) for i, (item, tags) in enumerate(readable)]
    return tracks, unreadable


def most_common(values: Sequence[T | None]) -> T | None:
    """The value most files agree on (ties: the first seen); None when none has one."""
    counts: dict[T, int] = {}
    for value in values:
        if value is not None and value != "":
            counts[value] = counts.get(value, 0) + 1
    return max(counts, key=lambda v: counts[v]) if counts else None
