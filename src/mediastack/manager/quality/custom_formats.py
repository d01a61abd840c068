"""Custom formats: conditions on a release and the score a profile gives them.

A custom format matches when, for every implementation kind used in it, all
*required* specifications match and at least one specification of the kind
matches (a kind with only required specs is satisfied by those). ``negate``
inverts a specification before that logic. A profile scores a release as the
sum of the scores of the formats it matches.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from mediastack.manager.quality.profiles import QualityProfile


class Spec(StrEnum):
    """Implementation kinds of custom-format specifications."""

    RELEASE_TITLE = "ReleaseTitleSpecification"
    SOURCE = "SourceSpecification"
    RESOLUTION = "ResolutionSpecification"
    LANGUAGE = "LanguageSpecification"
    RELEASE_GROUP = "ReleaseGroupSpecification"
    SIZE = "SizeSpecification"
    INDEXER_FLAG = "IndexerFlagSpecification"
    QUALITY_MODIFIER = "QualityModifierSpecification"
    EDITION = "EditionSpecification"


@dataclass(frozen=True, slots=True)
class Specification:
    """One condition. ``value`` is a regex (title, group, edition), a source or
    modifier name, a resolution, a language, an indexer flag, or for sizes a
    ``(min_gb, max_gb)`` pair."""

    kind: Spec
    value: str | int | tuple[float, float]
    negate: bool = False
    required: bool = False
    name: str = ""


@dataclass(frozen=True, slots=True)
class CustomFormat:
    """A named set of specifications."""

    id: int
    name: str
    specifications: tuple[Specification, ...]
    include_when_renaming: bool = False


@dataclass(frozen=True, slots=True)
class ReleaseFacts:
    """What the custom formats look at, taken from a parse plus indexer data."""

    title: str
    source: str = "unknown"
    resolution: int = 0
    modifier: str = ""
    languages: tuple[str, ...] = ()
    release_group: str | None = None
    edition: str = ""
    size_bytes: int = 0
    indexer_flags: frozenset[str] = field(default_factory=frozenset)


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    """Compile a user pattern once; an invalid pattern never matches."""
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:
        return None


def _search(pattern: str, text: str | None) -> bool:
    rx = _compiled(pattern)
    return bool(text) and rx is not None and rx.search(text or "") is not None


def _raw_match(spec: Specification, facts: ReleaseFacts) -> bool:
    v = spec.value
    if spec.kind is Spec.RELEASE_TITLE:
        return isinstance(v, str) and _search(v, facts.title)
    if spec.kind is Spec.RELEASE_GROUP:
        return isinstance(v, str) and _search(v, facts.release_group)
    if spec.kind is Spec.EDITION:
        return isinstance(v, str) and _search(v, facts.edition)
    if spec.kind is Spec.SOURCE:
        return isinstance(v, str) and v.lower() == facts.source.lower()
    if spec.kind is Spec.RESOLUTION:
        return isinstance(v, int) and v == facts.resolution
    if spec.kind is Spec.QUALITY_MODIFIER:
        return isinstance(v, str) and v.lower() == facts.modifier.lower()
    if spec.kind is Spec.LANGUAGE:
        return isinstance(v, str) and v.lower() in {x.lower() for x in facts.languages}
    if spec.kind is Spec.INDEXER_FLAG:
        return isinstance(v, str) and v.lower() in {f.lower() for f in facts.indexer_flags}
    if spec.kind is Spec.SIZE and isinstance(v, tuple):
        gib = facts.size_bytes / 1024**3
        return v[0] < gib <= v[1]
    return False


def spec_matches(spec: Specification, facts: ReleaseFacts) -> bool:
    """One specification, negation applied."""
    return _raw_match(spec, facts) != spec.negate


def format_matches(cf: CustomFormat, facts: ReleaseFacts) -> bool:
    """Whether a custom format applies to the release (see module docstring)."""
    if not cf.specifications:
        return False
    by_kind: dict[Spec, list[Specification]] = defaultdict(list)
    for spec in cf.specifications:
        by_kind[spec.kind].append(spec)
    for specs in by_kind.values():
        results = [(s.required, spec_matches(s, facts)) for s in specs]
        if any(req and not ok for req, ok in results):
            return False
        if not any(ok for _, ok in results):
            return False
    return True


def matching_formats(formats: list[CustomFormat], facts: ReleaseFacts) -> list[CustomFormat]:
    """The formats that apply to the release, in the given order."""
    return [cf for cf in formats if format_matches(cf, facts)]


def format_score(profile: QualityProfile, formats: list[CustomFormat], facts: ReleaseFacts) -> int:
    """The profile's score for the release: sum of its matched formats' scores."""
    return sum(profile.format_items.get(cf.id, 0) for cf in matching_formats(formats, facts))
