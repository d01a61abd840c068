"""Which episodes a file name claims, read by the engine's release-name parser.

One small function (``match_episodes``) so the rescan does not care how names are parsed
(the claim also carries the quality and group the name gives):
``S01E02``, ``S01E02E03``, ``S01E02-E03``, ``1x02`` and the many other spellings the parser
knows. A claim needs explicit season and episode numbers; daily and absolute numbering are
resolved by the import path, which knows the series' episodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediastack.manager.parser import parse

# "Thes01e01x": a marker glued into a word on both sides is a coincidence, not a claim.
_GLUED = re.compile(r"[a-z]s\d{1,3}e\d{1,4}[a-z]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class EpisodeClaim:
    season_number: int
    episode_numbers: tuple[int, ...]
    quality: str = "Unknown"  # what the name says (Sonarr's scan reads it the same way)
    release_group: str | None = None


def match_episodes(file_name: str) -> EpisodeClaim | None:
    """The season and episode numbers a file name carries, or None."""
    if _GLUED.search(file_name):
        return None
    parsed = parse(file_name, "sonarr")
    info = parsed.episode if parsed is not None else None
    if info is None or not info.episodes:
        return None
    return EpisodeClaim(
        info.season,
        tuple(dict.fromkeys(info.episodes)),
        parsed.quality.name if parsed is not None else "Unknown",
        parsed.release_group if parsed is not None else None,
    )
