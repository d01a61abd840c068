"""Check our JSON against the originals' OpenAPI specs (shared/data/openapi/*.json).

The specs are OpenAPI 3.0: ``nullable`` instead of a null type, ``$ref`` into
``components``, and ``additionalProperties: false`` on every resource. We translate that
to JSON Schema and validate with ``jsonschema``: strict on the types of declared fields
(a string where the original has an integer fails), tolerant of fields the spec does not
list (the specs lag behind the apps, and extra fields never break a client).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any, Literal

import jsonschema  # type: ignore[import-untyped,unused-ignore]

from tests.support.shared_data import DATA

App = Literal["sonarr", "radarr", "lidarr"]

_FILES: dict[App, tuple[str, str]] = {
    "sonarr": ("sonarr-v3.json", "/api/v3"),
    "radarr": ("radarr-v3.json", "/api/v3"),
    "lidarr": ("lidarr-v1.json", "/api/v1"),
}


def _convert(node: Any) -> Any:
    """OpenAPI 3.0 schema -> JSON Schema (nullable, tolerant objects)."""
    if isinstance(node, list):
        return [_convert(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _convert(v) for k, v in node.items() if k not in ("nullable", "additionalProperties")}
    if node.get("nullable"):
        if "$ref" in out:
            return {"anyOf": [{"$ref": out.pop("$ref")}, {"type": "null"}], **out}
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


@cache
def _spec(app: App) -> dict[str, Any]:
    name, _ = _FILES[app]
    data: dict[str, Any] = json.loads((DATA / "openapi" / name).read_text())
    return data


@cache
def _components(app: App) -> dict[str, Any]:
    converted: dict[str, Any] = _convert(_spec(app)["components"])
    return converted


def operations(app: App) -> set[tuple[str, str]]:
    """Every (METHOD, path without the API prefix) the original's document declares."""
    _, prefix = _FILES[app]
    return {
        (method.upper(), path.removeprefix(prefix))
        for path, ops in _spec(app)["paths"].items()
        if path.startswith(prefix + "/")
        for method in ops
    }


def response_schema(app: App, path: str, method: str, status: str = "200") -> dict[str, Any] | None:
    """The JSON Schema of a response (``path`` without the API prefix), None if undeclared."""
    _, prefix = _FILES[app]
    operation = _spec(app)["paths"][prefix + path][method.lower()]
    content = operation["responses"][status].get("content", {})
    body = content.get("application/json")
    if body is None:
        return None
    return {**_convert(body["schema"]), "components": _components(app)}


def component_schema(app: App, name: str, many: bool = False) -> dict[str, Any]:
    """The JSON Schema of ``components/schemas/<name>`` (or of an array of them)."""
    ref: dict[str, Any] = {"$ref": f"#/components/schemas/{name}"}
    body = {"type": "array", "items": ref} if many else ref
    return {**body, "components": _components(app)}


def _check(schema: dict[str, Any], body: Any) -> None:
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors]
        raise AssertionError(
            "response does not match the original's schema:\n" + "\n".join(lines[:20])
        )


def assert_response(app: App, path: str, method: str, body: Any, status: str = "200") -> None:
    """Validate ``body`` against the spec's response for ``method path``.

    Raises if the spec declares no JSON body there; use ``assert_component`` then.
    """
    schema = response_schema(app, path, method, status)
    if schema is None:
        raise AssertionError(f"{app} spec declares no JSON response for {method} {path}")
    _check(schema, body)


def assert_component(app: App, name: str, body: Any, many: bool = False) -> None:
    """Validate ``body`` against a named schema (for responses the spec leaves undeclared)."""
    _check(component_schema(app, name, many), body)
