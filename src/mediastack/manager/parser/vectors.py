"""Scoring of parser output against vector files (``dev.jsonl`` schema).

Used by the vector test and the benchmark, so that both score the same way:
a vector is *fully right* when every asserted field matches.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mediastack.manager.parser.cli import to_expect
from mediastack.manager.parser.core import parse

_SET_FIELDS = frozenset({"series_titles", "movie_titles", "languages"})


@dataclass
class Score:
    """Per-app and per-(app, field) right/total counters."""

    vectors: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    fields: dict[tuple[str, str], list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0])
    )
    failures: list[tuple[dict[str, Any], dict[str, Any] | None, list[str]]] = field(
        default_factory=list
    )

    def app_accuracy(self, app: str) -> float:
        right, total = self.vectors[app]
        return right / total if total else 1.0

    def field_accuracy(self, app: str, name: str) -> float:
        right, total = self.fields[(app, name)]
        return right / total if total else 1.0


def load_vectors(path: Path) -> list[dict[str, Any]]:
    """Read a JSON-lines vector file."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def field_matches(name: str, expected: Any, actual: dict[str, Any] | None) -> bool:
    """Whether one asserted field matches our output object."""
    if name == "rejected":
        return (actual is None) == bool(expected)
    if actual is None:
        return False
    if name == "languages_include":
        return set(expected) <= set(actual.get("languages") or [])
    value = actual.get(name)
    if name in _SET_FIELDS:
        return sorted(expected) == sorted(value or [])
    if isinstance(expected, list):
        return list(value or []) == expected
    if expected is None:
        return value is None
    if isinstance(expected, bool) or isinstance(value, bool):
        return bool(value) == expected and value is not None
    if isinstance(expected, str) and value is None:
        return expected == ""
    return bool(value == expected)


def score(
    vectors: Iterable[dict[str, Any]],
    parse_fn: Callable[[str, str, str], dict[str, Any] | None] | None = None,
) -> Score:
    """Score ``parse_fn`` (default: our parser) on ``vectors``."""

    def ours(title: str, app: str, kind: str) -> dict[str, Any] | None:
        return to_expect(parse(title, app, kind))

    fn = parse_fn or ours
    result = Score()
    for vec in vectors:
        app = vec["app"]
        out = fn(vec["title"], app, vec.get("input", "title"))
        bad = [k for k, v in vec["expect"].items() if not field_matches(k, v, out)]
        for k in vec["expect"]:
            cell = result.fields[(app, k)]
            cell[1] += 1
            cell[0] += k not in bad
        cell = result.vectors[app]
        cell[1] += 1
        cell[0] += not bad
        if bad:
            result.failures.append((vec, out, bad))
    return result
