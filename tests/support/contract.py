"""The contract-test generator the TV, movie and music packages share.

Each package lists the Tier 1 and Tier 2 operations of COMPAT.md as ``Op`` rows (the
original's method and path, a request that exercises it, the original's status code and
the fields its clients read) plus the operations below the tiers' paths it leaves out and
why. ``Contract`` checks that table against the original's OpenAPI document both ways and
runs each row: status, ``X-Application-Version``, the document's response schema (types)
and the required fields. Status codes are the originals' real ones: the generated
documents list 200 everywhere, while the originals answer POST with 201 Created and PUT
with 202 Accepted (``RestPostById``/``RestPutById``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import jsonschema  # type: ignore[import-untyped,unused-ignore]

from tests.support.openapi import App, assert_component, operations, response_schema

PAGING = ("page", "pageSize", "sortKey", "sortDirection", "totalRecords", "records")


@dataclass(frozen=True)
class Op:
    tier: int
    method: str
    path: str
    call: Callable[[Any], httpx.Response]
    status: int = 200
    required: tuple[str, ...] = ()  # dotted fields clients read (COMPAT.md)
    component: str | None = None  # schema for a body the document leaves undeclared
    many: bool = False

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"


def get(path: str, **params: Any) -> Callable[[Any], httpx.Response]:
    """A GET whose path is formatted with the contract (``{c.movie_id}``)."""
    return lambda c: c.api.get(path.format(c=c), params=params or None)


def _values(body: Any, dotted: str) -> list[Any]:
    """Every value at ``dotted`` (``a.b``) in an object or list; raises if absent."""
    found = [body]
    for part in dotted.split("."):
        step = []
        for item in found:
            for one in item if isinstance(item, list) else [item]:
                assert isinstance(one, dict) and part in one, f"no {dotted!r} in {one!r:.300}"
                step.append(one[part])
        found = step
    return found


def _has(item: Any, dotted: str) -> bool:
    try:
        _values(item, dotted)
    except AssertionError:
        return False
    return True


@dataclass(frozen=True)
class Contract:
    """One original's contract: its document, version line and the table to hold it to."""

    app: App
    version_major: str  # "4." (Sonarr), "5." (Radarr), "2." (Lidarr)
    ops: list[Op]
    not_in_tiers: Mapping[str, str]
    tier_prefixes: tuple[str, ...]
    #: Fields the original leaves out when null: required on some items, not on all.
    nullable: frozenset[str] = field(default_factory=frozenset)

    def documented(self) -> set[str]:
        return {f"{method} {path}" for method, path in operations(self.app)}

    def in_tiers(self, name: str) -> bool:
        path = name.split(" ", 1)[1].lstrip("/").lower()
        return any(path == p or path.startswith(p + "/") for p in self.tier_prefixes)

    def check_table(self) -> None:
        """Nothing listed the original lacks, nothing of the tiers left out silently."""
        documented = self.documented()
        table = [op.name for op in self.ops]
        assert len(table) == len(set(table)), "an operation is listed twice"
        unknown = set(table) - documented
        assert not unknown, f"not operations of the original: {sorted(unknown)}"
        stale = set(self.not_in_tiers) - documented
        assert not stale, f"exemptions the original lacks: {sorted(stale)}"
        both = set(table) & set(self.not_in_tiers)
        assert not both, f"listed and exempted: {sorted(both)}"
        documented_tiers = {n for n in documented if self.in_tiers(n)}
        missing = documented_tiers - set(table) - set(self.not_in_tiers)
        assert not missing, f"tier operations without a test: {sorted(missing)}"

    def schema_for(self, op: Op) -> dict[str, Any] | None:
        """The document's response schema, with one correction: ``HttpUri`` (``wikiUrl``)
        is written as a string by the originals' converter, not as the object the generator
        describes."""
        schema = response_schema(self.app, op.path, op.method.lower())
        if schema is not None:
            schema = copy.deepcopy(schema)
            schema["components"]["schemas"]["HttpUri"] = {"type": ["string", "null"]}
        return schema

    def check_required(self, op: Op, body: Any) -> None:
        """Each field on every item; the nullable ones on at least one."""
        paging = isinstance(body, dict) and "records" in body and "totalRecords" in body
        items = body["records"] if paging else body if isinstance(body, list) else [body]
        assert items, f"{op.name}: nothing to check the fields on"
        for name in op.required:
            if paging and name in PAGING:
                assert name in body, (op.name, name)
            elif name in self.nullable:
                assert any(_has(item, name) for item in items), (op.name, name)
            else:
                for item in items:
                    _values(item, name)

    def check(self, op: Op, subject: Any) -> None:
        """Run ``op`` against the running service behind ``subject`` and hold it to the
        original: status, version header, schema types, required fields."""
        response = op.call(subject)
        assert response.status_code == op.status, (op.name, response.status_code, response.text)
        assert response.headers["X-Application-Version"].startswith(self.version_major)
        body = response.json() if response.content else None
        schema = self.schema_for(op)
        if schema is not None:
            assert body is not None, f"{op.name}: the original answers with a body"
            errors = list(jsonschema.Draft7Validator(schema).iter_errors(body))
            assert not errors, [
                f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:20]
            ]
        if op.component is not None:
            assert_component(self.app, op.component, body, many=op.many)
        if op.required:
            self.check_required(op, body)


def ids(ops: Iterable[Op]) -> list[str]:
    return [op.name for op in ops]
