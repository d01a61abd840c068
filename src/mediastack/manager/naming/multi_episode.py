"""Multi-episode styles: how one file holding several episodes spells its numbers.

The originals rewrite the ``S{season:00}E{episode:00}`` (or ``{season}x{episode:00}``) part of
the template before the tokens are rendered; we do the same, substituting literal numbers,
so the rest of the engine never needs to know a file may hold more than one episode.
Examples for episodes 1-3 of season 1 (``S{season:00}E{episode:00}``):

=================  ======================
Extend             ``S01E01-02-03``
Duplicate          ``S01E01 - S01E02 - S01E03``
Repeat             ``S01E01E02E03``
Scene              ``S01E01-E02-E03``
Range              ``S01E01-03``
Prefixed Range     ``S01E01-E03``
=================  ======================
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import IntEnum
from itertools import pairwise

from mediastack.manager.naming.engine import pad_number

__all__ = ["MultiEpisodeStyle", "expand_multi_episode"]


class MultiEpisodeStyle(IntEnum):
    """Sonarr's ``multiEpisodeStyle`` values."""

    EXTEND = 0
    DUPLICATE = 1
    REPEAT = 2
    SCENE = 3
    RANGE = 4
    PREFIXED_RANGE = 5


_SEASON_EPISODE_RE = re.compile(
    r"(?P<before>(?<=\})[- ._]+)?"
    r"(?P<prefix>s?)\{season(?::(?P<sfmt>0+))?\}"
    r"(?P<sep>[- ._]?[ex])"
    r"\{episode(?::(?P<efmt>0+))?\}"
    r"(?P<after>[- ._]+(?=\{))?",
    re.IGNORECASE,
)
_ABSOLUTE_RE = re.compile(r"\{absolute(?::(?P<fmt>0+))?\}", re.IGNORECASE)


def _consecutive(numbers: Sequence[int]) -> bool:
    return all(b == a + 1 for a, b in pairwise(numbers))


def _episode_part(
    numbers: Sequence[int], sep: str, fmt: str, style: MultiEpisodeStyle, first: str
) -> str:
    padded = [pad_number(n, fmt) for n in numbers]
    ranged = style in (MultiEpisodeStyle.RANGE, MultiEpisodeStyle.PREFIXED_RANGE)
    if ranged and _consecutive(numbers):
        join = "-" + sep.lstrip("- ._") if style == MultiEpisodeStyle.PREFIXED_RANGE else "-"
        return f"{first}{join}{padded[-1]}"
    if style == MultiEpisodeStyle.REPEAT:
        return first + "".join(sep + p for p in padded[1:])
    if style == MultiEpisodeStyle.SCENE:
        letter = sep.lstrip("- ._")
        return first + "".join(f"-{letter}{p}" for p in padded[1:])
    return first + "".join(f"-{p}" for p in padded[1:])  # EXTEND, and ranges with gaps


def expand_multi_episode(
    template: str,
    season: int,
    episodes: Sequence[int],
    style: MultiEpisodeStyle,
    absolute: Sequence[int] = (),
) -> str:
    """``template`` with its season/episode (and absolute) tokens spelled for many episodes.

    With one episode the template is returned unchanged: the ordinary tokens render it.
    """
    out = template
    if len(episodes) > 1:

        def season_episode(match: re.Match[str]) -> str:
            prefix, sep = match.group("prefix"), match.group("sep")
            sfmt, efmt = match.group("sfmt") or "", match.group("efmt") or ""
            before, after = match.group("before") or "", match.group("after") or ""
            head = f"{prefix}{pad_number(season, sfmt)}{sep}"
            first = head + pad_number(episodes[0], efmt)
            if style == MultiEpisodeStyle.DUPLICATE:
                joiner = before or after or " - "
                pieces = [head + pad_number(n, efmt) for n in episodes]
                return before + joiner.join(pieces) + after
            return before + _episode_part(episodes, sep, efmt, style, first) + after

        out = _SEASON_EPISODE_RE.sub(season_episode, out)
    if len(absolute) > 1:

        def absolute_part(match: re.Match[str]) -> str:
            fmt = match.group("fmt") or ""
            padded = [pad_number(n, fmt) for n in absolute]
            ranged = style in (MultiEpisodeStyle.RANGE, MultiEpisodeStyle.PREFIXED_RANGE)
            if ranged and _consecutive(absolute):
                return f"{padded[0]}-{padded[-1]}"
            return "-".join(padded)

        out = _ABSOLUTE_RE.sub(absolute_part, out)
    return out
