"""Every Tier 1 and Tier 2 operation against Sonarr's OpenAPI document (see ``routes``)."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema  # type: ignore[import-untyped,unused-ignore]
import pytest

from tests.integration.tv.contract.conftest import Contract
from tests.integration.tv.contract.routes import NOT_IN_TIERS, OPS, TIER_PREFIXES, Op
from tests.support.openapi import assert_component, response_schema
from tests.support.shared_data import DATA

SPEC: dict[str, Any] = json.loads((DATA / "openapi" / "sonarr-v3.json").read_text())
PREFIX = "/api/v3"
#: Fields the original leaves out when null (an episode not yet dated, a file without a
#: scene name): required on some items, not on all.
NULLABLE = {"airDateUtc", "imdbId", "sceneName", "wikiUrl", "downloadId", "outputPath"}
PAGING_FIELDS = ("page", "pageSize", "sortKey", "sortDirection", "totalRecords", "records")


def spec_operations() -> set[str]:
    out = set()
    for path, ops in SPEC["paths"].items():
        if path.startswith(PREFIX + "/"):
            for method in ops:
                out.add(f"{method.upper()} {path.removeprefix(PREFIX)}")
    return out


def in_tiers(name: str) -> bool:
    path = name.split(" ", 1)[1].lstrip("/")
    return any(path == p or path.startswith(p + "/") for p in TIER_PREFIXES)


def test_the_table_is_the_documents_tier_operations() -> None:
    documented = spec_operations()
    table = [op.name for op in OPS]
    assert len(table) == len(set(table)), "an operation is listed twice"
    assert set(table) - documented == set(), "not operations of the original"
    assert set(NOT_IN_TIERS) - documented == set()
    missing = {n for n in documented if in_tiers(n)} - set(table) - set(NOT_IN_TIERS)
    assert missing == set(), "tier operations without a contract test"


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


def check_required(op: Op, body: Any) -> None:
    """Each field on every item; the nullable ones (the originals leave out nulls) on at
    least one."""
    paging = isinstance(body, dict) and "records" in body and "totalRecords" in body
    items = body["records"] if paging else body if isinstance(body, list) else [body]
    assert items, f"{op.name}: nothing to check the fields on"
    for field in op.required:
        if paging and field in PAGING_FIELDS:
            assert field in body, (op.name, field)
        elif field in NULLABLE:
            assert any(_has(item, field) for item in items), (op.name, field)
        else:
            for item in items:
                _values(item, field)


def _has(item: Any, field: str) -> bool:
    try:
        _values(item, field)
    except AssertionError:
        return False
    return True


def schema_for(op: Op) -> dict[str, Any] | None:
    """The document's response schema, with one correction: ``HttpUri`` (``wikiUrl``) is
    written as a string by the original's converter, not as the object the generator
    describes."""
    schema = response_schema("sonarr", op.path, op.method.lower())
    if schema is not None:
        schema = copy.deepcopy(schema)
        schema["components"]["schemas"]["HttpUri"] = {"type": ["string", "null"]}
    return schema


@pytest.mark.parametrize("op", OPS, ids=[op.name for op in OPS])
def test_operation(contract: Contract, op: Op) -> None:
    response = op.call(contract)
    assert response.status_code == op.status, (op.name, response.status_code, response.text)
    assert response.headers["X-Application-Version"].startswith("4.")
    body = response.json() if response.content else None
    schema = schema_for(op)
    if schema is not None:
        assert body is not None, f"{op.name}: the original answers with a body"
        errors = list(jsonschema.Draft7Validator(schema).iter_errors(body))
        assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]
    if op.component is not None:
        assert_component("sonarr", op.component, body, many=op.many)
    if op.required:
        check_required(op, body)
