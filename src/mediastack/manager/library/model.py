"""Records every media domain's library shares (plain, immutable, as its stores hand out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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
