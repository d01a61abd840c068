"""Records every media domain's library shares (plain, immutable, as its stores hand out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class LibraryItem:
    """A series, a movie or an artist: what the user chose for it and where it lives; the
    domains add what their provider says of it."""

    id: int
    monitored: bool
    quality_profile_id: int
    path: str
    root_folder_path: str
    tags: list[int]
    added: datetime
    last_info_sync: datetime | None
    extra: dict[str, Any]  # client fields kept for round-trips


@dataclass(frozen=True, slots=True)
class MediaFile:
    """A file in the library (an episode file, a movie file, a track file) and the
    release it came from; the domains add what the file belongs to."""

    id: int
    relative_path: str
    path: str
    size: int
    date_added: datetime
    scene_name: str | None
    release_group: str | None
    quality: str
