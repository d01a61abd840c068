"""Reading and writing the settings sections, and applying a client's resource to one.

Each section is one JSON document keyed by name, merged over the dataclass defaults on
read, so a field added in a later version has its default without a data migration. Writes
take the client's whole resource (a GET-modify-PUT round trip, as Recyclarr and the UI do);
missing fields keep their stored value and every field is type-checked before anything is
saved.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from enum import IntEnum
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from mediastack.core.db import Database

Errors = list[tuple[str, str, Any]]


class SectionLike(Protocol):
    """A settings dataclass: frozen, with defaults for every field."""

    __dataclass_fields__: ClassVar[dict[str, Any]]


T = TypeVar("T", bound=SectionLike)


class ConfigColumns:
    """Mixin of a domain's settings table: ``class Row(ConfigColumns, ManagerBase)``."""

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)


class ConfigValidationError(ValueError):
    """``(propertyName, message, attemptedValue)`` triples, rendered as the 400 array."""

    def __init__(self, errors: Errors) -> None:
        super().__init__("; ".join(f"{f}: {m}" for f, m, _ in errors))
        self.errors = errors


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, IntEnum) else value


def from_json(cls: type[T], stored: Mapping[str, Any]) -> T:
    """The section with the stored values over the defaults (enums restored)."""
    defaults = cls()
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in stored:
            continue
        value = stored[f.name]
        default = getattr(defaults, f.name)
        if isinstance(default, IntEnum):
            try:
                value = type(default)(int(value))
            except ValueError:
                value = default
        values[f.name] = value
    return replace(defaults, **values)


def to_json(config: SectionLike) -> dict[str, Any]:
    return {f.name: _plain(getattr(config, f.name)) for f in fields(config)}


Parser = Callable[[Any], Any]


def coerce(
    body: Mapping[str, Any],
    field_map: Mapping[str, str],
    current: T,
    parsers: Mapping[str, Parser] | None = None,
) -> tuple[T, Errors]:
    """Apply the client's fields onto ``current``, checking each one's type.

    ``parsers`` turn a field's API form into the stored one (Radarr's colon replacement is
    a word, ``"smart"``); a parser raises ``ValueError`` or ``KeyError`` for a value it
    does not know.
    """
    errors: Errors = []
    changes: dict[str, Any] = {}
    for api_name, attr in field_map.items():
        if api_name not in body:
            continue
        value = body[api_name]
        existing = getattr(current, attr)
        parse = (parsers or {}).get(api_name)
        if parse is not None:
            try:
                value = parse(value)
            except (ValueError, TypeError, KeyError):
                errors.append((api_name, f"'{api_name}' has an invalid value", value))
                continue
        elif isinstance(existing, bool):
            if not isinstance(value, bool):
                errors.append((api_name, f"'{api_name}' must be true or false", value))
                continue
        elif isinstance(existing, IntEnum):
            try:
                value = type(existing)(int(value))
            except (ValueError, TypeError):
                errors.append((api_name, f"'{api_name}' has an invalid value", value))
                continue
        elif isinstance(existing, int):
            if isinstance(value, bool) or not isinstance(value, int):
                errors.append((api_name, f"'{api_name}' must be a whole number", value))
                continue
        elif isinstance(existing, str):
            value = "" if value is None else value
            if not isinstance(value, str):
                errors.append((api_name, f"'{api_name}' must be text", value))
                continue
        changes[attr] = value
    return replace(current, **changes), errors


def query_value(default: Any, raw: str) -> Any:
    """A section field sent in a query string (the naming preview) in its JSON type."""
    if isinstance(default, bool):
        return raw.lower() == "true"
    if isinstance(default, int):
        return int(raw) if raw.lstrip("-").isdigit() else raw
    return raw


class SectionStore:
    """The sections of one domain's settings table, read fresh on every use (they are
    small; a PUT applies at once)."""

    def __init__(self, database: Database, row: type[ConfigColumns]) -> None:
        self._db = database
        self._row = row

    def read(self, key: str, cls: type[T]) -> T:
        with self._db.session() as session:
            row = session.get(self._row, key)
            return from_json(cls, dict(row.value) if row is not None else {})

    def write(self, key: str, config: SectionLike) -> None:
        value = to_json(config)
        with self._db.session() as session:
            row = session.get(self._row, key)
            if row is None:
                row = self._row()
                row.key = key
                row.value = value
                session.add(row)
            else:
                row.value = value


@dataclass(frozen=True, slots=True)
class Section(Generic[T]):
    """One section a domain keeps: its key, dataclass, API fields and checks."""

    key: str
    cls: type[T]
    fields: Mapping[str, str]
    validate: Callable[[T], Errors]
    parsers: Mapping[str, Parser] = field(default_factory=dict)


N = TypeVar("N", bound=SectionLike)
M = TypeVar("M", bound=SectionLike)


class NamingAndMedia(Generic[N, M]):
    """A domain's ``config/naming`` and ``config/mediamanagement`` (``ConfigSections``)."""

    def __init__(
        self,
        database: Database,
        row: type[ConfigColumns],
        naming: Section[N],
        media: Section[M],
    ) -> None:
        self._sections = SectionStore(database, row)
        self._naming = naming
        self._media = media

    def _apply(self, section: Section[T], body: Mapping[str, Any]) -> T:
        current = self._sections.read(section.key, section.cls)
        merged, errors = coerce(body, section.fields, current, section.parsers)
        errors += section.validate(merged) if not errors else []
        if errors:
            raise ConfigValidationError(errors)
        return merged

    def naming(self) -> N:
        return self._sections.read(self._naming.key, self._naming.cls)

    def media_management(self) -> M:
        return self._sections.read(self._media.key, self._media.cls)

    def naming_from(self, body: Mapping[str, Any]) -> N:
        """The stored naming with the client's fields applied and checked (not saved)."""
        return self._apply(self._naming, body)

    def save_naming(self, body: Mapping[str, Any]) -> N:
        config = self._apply(self._naming, body)
        self._sections.write(self._naming.key, config)
        return config

    def save_media_management(self, body: Mapping[str, Any]) -> M:
        config = self._apply(self._media, body)
        self._sections.write(self._media.key, config)
        return config
