"""Release profiles: words a release title must or must not contain.

Terms are matched as the originals do: ``/pattern/flags`` is a regular expression (flags
``i``, ``m``, ``s``, ``x``), anything else a case-insensitive substring. A profile applies
to the items sharing one of its tags (all items when it has none) and to releases from
its indexer (any indexer when ``indexer_id`` is 0).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_PERL = re.compile(r"/(?P<pattern>.*)/(?P<flags>[a-z]*)")
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}


class TermError(ValueError):
    pass


@lru_cache(maxsize=4096)
def term_matcher(term: str) -> re.Pattern[str]:
    """The compiled form of one term (cached: the same terms meet every RSS release)."""
    perl = _PERL.fullmatch(term)
    if perl is None:
        return re.compile(re.escape(term), re.IGNORECASE)
    flags = 0
    for flag in perl.group("flags"):
        if flag not in _FLAGS:
            raise TermError(f"Unknown or unsupported perl regex modifier: {flag}")
        flags |= _FLAGS[flag]
    try:
        return re.compile(perl.group("pattern"), flags)
    except re.error as exc:
        raise TermError(f"Invalid regular expression {term!r}: {exc}") from exc


def matching_terms(terms: Iterable[str], title: str) -> list[str]:
    return [t for t in terms if term_matcher(t).search(title)]


@dataclass(frozen=True, slots=True)
class ReleaseProfile:
    id: int
    name: str | None
    enabled: bool
    required: tuple[str, ...]
    ignored: tuple[str, ...]
    indexer_id: int = 0
    tags: tuple[int, ...] = ()

    def applies_to_tags(self, tags: Iterable[int]) -> bool:
        return self.enabled and (not self.tags or bool(set(self.tags) & set(tags)))

    def applies_to_indexer(self, indexer_id: int | None) -> bool:
        return not self.indexer_id or self.indexer_id == (indexer_id or 0)
