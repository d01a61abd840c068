"""The ``fields`` array every provider resource carries (indexers, download clients, ...).

Clients round-trip these: they GET a resource, change a value and PUT it back, so stored
secrets are sent out masked and a masked value coming back means "keep what is stored".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from mediastack.core.http import ApiError, FieldError
from mediastack.manager.download_clients.definitions import FieldDef

MASK = "********"
_SECRET = ("password", "apiKey")


def fields_resource(
    definitions: Iterable[FieldDef], values: Mapping[str, Any]
) -> list[dict[str, Any]]:
    out = []
    for order, field in enumerate(definitions):
        value = values.get(field.name, field.default)
        if field.privacy in _SECRET and value:
            value = MASK  # never hand a stored secret back to a client
        out.append(
            {
                "order": order,
                "name": field.name,
                "label": field.label,
                "value": value,
                "type": field.type,
                "advanced": field.advanced,
                "privacy": field.privacy,
                "isFloat": False,
            }
        )
    return out


def values_from_resource(
    definitions: Iterable[FieldDef],
    body: Mapping[str, Any],
    stored: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """``{name: value}`` from a resource's ``fields``, keeping stored secrets sent back masked."""
    raw = body.get("fields", [])
    if not isinstance(raw, list):
        raise ApiError(400, "fields must be a list", [FieldError("fields", "must be a list")])
    given: dict[str, Any] = {}
    for item in raw:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            given[item["name"]] = item.get("value")
    values: dict[str, Any] = {}
    for field in definitions:
        value = given.get(field.name, (stored or {}).get(field.name, field.default))
        if field.privacy in _SECRET and value == MASK:
            value = (stored or {}).get(field.name, "")
        values[field.name] = value
    return values


def common(body: Mapping[str, Any], key: str, default: Any) -> Any:
    value = body.get(key, default)
    return default if value is None else value
