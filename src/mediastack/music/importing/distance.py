"""A weighted distance between what files say and what MusicBrainz says, 0 (same) to 1.

The model is the one Lidarr took from beets: every piece of evidence adds one or more
penalties in ``[0, 1]`` under a named key, each key has a weight, and the distance is the
weighted sum of penalties over the weighted number of penalties. Evidence that is absent
adds nothing (a file without a MusicBrainz id is neither helped nor hurt by ids), so a
distance compares only what is known. Heavy weights make MusicBrainz ids decisive: a
recording id that disagrees costs more than a title, length and index that agree can pay
back, and a release id that agrees outweighs a country that differs.

The keys that carry a penalty are the *reasons*, reported to the user when a match is
refused ("Album match is not close enough: 31.0% [album, year]").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

WEIGHTS: dict[str, float] = {
    # album (release) level
    "artist": 3.0,
    "album": 3.0,
    "media_count": 1.0,
    "media_format": 1.0,
    "year": 1.0,
    "country": 0.5,
    "album_id": 5.0,
    "tracks": 2.0,
    "missing_tracks": 0.9,
    "unmatched_tracks": 0.6,
    # track level
    "track_title": 3.0,
    "track_artist": 2.0,
    "track_index": 1.0,
    "track_length": 2.0,
    "recording_id": 5.0,
    "track_id": 5.0,
}

_NON_WORD = re.compile(r"[\W_]+")


def clean(text: str) -> str:
    """Lower-case letters and digits only, accents folded: "Beyoncé!" -> "beyonce".

    Letters of every script count ("ケアレス" stays itself): reducing titles to ASCII
    would make every Japanese or Cyrillic title equal to every other."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return _NON_WORD.sub("", plain)


def levenshtein(a: str, b: str) -> int:
    """Edits (insert, delete, substitute) turning ``a`` into ``b``; two rows of memory."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def string_distance(value: str, target: str) -> float:
    """0 for the same words ignoring case, accents and punctuation; 1 for nothing alike."""
    a, b = clean(value), clean(target)
    if not a and not b:  # titles of symbols only ("+", "÷"): compare the symbols
        a, b = "".join(value.casefold().split()), "".join(target.casefold().split())
        if not a and not b:
            return 0.0
    if not a or not b:
        return 1.0
    return levenshtein(a, b) / max(len(a), len(b))


@dataclass(slots=True)
class Distance:
    penalties: dict[str, list[float]] = field(default_factory=dict)

    def add(self, key: str, value: float) -> None:
        if key not in WEIGHTS:
            raise KeyError(f"unknown distance key {key!r}")
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"penalty {value} for {key!r} is outside [0, 1]")
        self.penalties.setdefault(key, []).append(value)

    def add_bool(self, key: str, wrong: bool) -> None:
        self.add(key, 1.0 if wrong else 0.0)

    def add_string(self, key: str, value: str, target: str) -> None:
        self.add(key, string_distance(value, target))

    def add_ratio(self, key: str, value: float, limit: float) -> None:
        """``value`` as a share of ``limit`` (clamped): 15 s late out of 30 s allowed -> 0.5."""
        self.add(key, min(max(value, 0.0), limit) / limit if limit > 0 else 0.0)

    def add_number(self, key: str, value: int, target: int) -> None:
        """One full penalty per unit of difference (two discs too many: two penalties)."""
        diff = abs(value - target)
        for _ in range(diff or 1):
            self.add(key, 1.0 if diff else 0.0)

    def add_priority(self, key: str, values: Iterable[str], preferred: Sequence[str]) -> None:
        """The better the best of ``values`` ranks in ``preferred``, the smaller the penalty."""
        have = set(values)
        for rank, option in enumerate(preferred):
            if option in have:
                self.add(key, rank / len(preferred))
                return
        self.add(key, 1.0)

    def _weighted(self, skip: frozenset[str]) -> tuple[float, float]:
        raw = maximum = 0.0
        for key, values in self.penalties.items():
            if key in skip:
                continue
            raw += sum(values) * WEIGHTS[key]
            maximum += len(values) * WEIGHTS[key]
        return raw, maximum

    def normalized(self, skip: Iterable[str] = ()) -> float:
        raw, maximum = self._weighted(frozenset(skip))
        return raw / maximum if maximum > 0 else 0.0

    @property
    def reasons(self) -> list[str]:
        """The keys that cost something, worst first."""
        costs = {k: sum(v) * WEIGHTS[k] for k, v in self.penalties.items() if max(v) > 0}
        return sorted(costs, key=lambda k: -costs[k])

    def describe(self) -> str:
        reasons = self.reasons
        return f"{self.normalized():.1%}" + (f" [{', '.join(reasons)}]" if reasons else "")
