"""What a media file contributes to its name, the same for every media kind.

Quality, revision, release group and the names it arrived with feed the ``{Quality ...}``,
``{Release Group}`` and ``{Original ...}`` tokens of Sonarr, Radarr and Lidarr alike; the
domains add their own facts (episodes, movie, tracks) beside this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mediastack.manager.parser.model import Revision


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What the file itself contributes: quality, group, the names it came with."""

    quality: str = "Unknown"
    revision: Revision = field(default_factory=Revision)
    release_group: str | None = None
    scene_name: str | None = None
    original_name: str | None = None  # file name without extension
    custom_formats: tuple[str, ...] = ()


def proper_text(revision: Revision, with_real: bool = True) -> str:
    """``{Quality Proper}``: "Proper" or "Repack" for a second version, and "REAL" where the
    original names it (Lidarr does not)."""
    words = []
    if revision.version > 1:
        words.append("Repack" if revision.is_repack else "Proper")
    if with_real and revision.real > 0:
        words.append("REAL")
    return " ".join(words)
