"""Which episodes a file name claims, until the release-name parser takes over.

Deliberately one small function (``match_episodes``): the engine's parser will replace it
without the rescan noticing. It understands ``S01E02``, ``S01E02E03``, ``S01E02-E03`` and
``1x02``, and nothing cleverer (no daily or absolute numbering yet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SXXEYY = re.compile(
    r"(?<![a-z0-9])s(?P<season>\d{1,3})[ ._-]?(?P<episodes>e\d{1,4}(?:[ ._-]?-?[ ._-]?e\d{1,4})*)",
    re.IGNORECASE,
)
_NXNN = re.compile(r"(?<![a-z0-9])(?P<season>\d{1,2})x(?P<episode>\d{2,3})(?![0-9])", re.IGNORECASE)
_EPISODE = re.compile(r"e(\d{1,4})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class EpisodeClaim:
    season_number: int
    episode_numbers: tuple[int, ...]


def match_episodes(file_name: str) -> EpisodeClaim | None:
    """The season and episode numbers a file name carries, or None."""
    match = _SXXEYY.search(file_name)
    if match:
        numbers = tuple(int(n) for n in _EPISODE.findall(match.group("episodes")))
        return EpisodeClaim(int(match.group("season")), tuple(dict.fromkeys(numbers)))
    match = _NXNN.search(file_name)
    if match:
        return EpisodeClaim(int(match.group("season")), (int(match.group("episode")),))
    return None
