"""The ``fields`` array every provider resource carries (indexers, download clients, ...).

Clients round-trip these: they GET a resource, change a value and PUT it back, so stored
secrets are sent out masked and a masked value coming back means "keep what is stored".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from mediastack.core.http import ApiError, FieldError
from mediastack.manager.api.resources import invalid
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


class ProviderDefinition(Protocol):
    @property
    def implementation(self) -> str: ...

    @property
    def fields(self) -> Sequence[FieldDef]: ...


D = TypeVar("D", bound=ProviderDefinition)
D_co = TypeVar("D_co", bound=ProviderDefinition, covariant=True)


class StoredProvider(Protocol[D_co]):
    @property
    def definition(self) -> D_co: ...

    @property
    def name(self) -> str: ...

    @property
    def tags(self) -> list[int]: ...

    @property
    def settings(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class ProviderBasics(Generic[D]):
    """What every provider resource carries, read and checked the same way for all."""

    definition: D
    name: str
    tags: list[int]
    settings: dict[str, Any]


def provider_basics(
    body: Mapping[str, Any],
    existing: StoredProvider[D] | None,
    definitions: Mapping[str, D],
) -> ProviderBasics[D]:
    """Implementation, name, tags and field values of a POST/PUT body (a PUT may omit
    what it does not change; masked secrets keep the stored values)."""
    implementation = body.get("implementation") or (
        existing.definition.implementation if existing else None
    )
    definition = definitions.get(str(implementation))
    if definition is None:
        raise invalid("implementation", f"Unknown implementation '{implementation}'")
    name = str(common(body, "name", existing.name if existing else "")).strip()
    if not name:
        raise invalid("name", "Name must not be empty", body.get("name"))
    tags = common(body, "tags", existing.tags if existing else [])
    if not isinstance(tags, list) or not all(isinstance(t, int) for t in tags):
        raise invalid("tags", "Tags must be a list of ids", tags)
    settings = values_from_resource(
        definition.fields, body, existing.settings if existing else None
    )
    return ProviderBasics(definition, name, tags, settings)
