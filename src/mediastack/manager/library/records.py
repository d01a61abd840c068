"""Moving values between table rows and the plain records the domains hand out.

Every domain's store turns rows into frozen records field by field (a series, an episode,
a movie file, ...) and writes provider metadata onto rows the same way. The records name
their fields as the columns are named, so the copying is done here once, by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import MISSING, fields
from typing import Any, TypeVar

T = TypeVar("T")


_PLANS: dict[type[Any], tuple[tuple[str, ...], tuple[str, ...]]] = {}
_ABSENT = object()


def _plan(cls: type[Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The record's fields without a default, and those with one."""
    plan = _PLANS.get(cls)
    if plan is None:
        every = fields(cls)
        optional = tuple(
            f.name for f in every if f.default is not MISSING or f.default_factory is not MISSING
        )
        required = tuple(f.name for f in every if f.name not in optional)
        plan = _PLANS[cls] = (required, optional)
    return plan


def _own(value: Any) -> Any:
    """Lists and dicts (JSON columns) are copied, so no record shares one with a row."""
    kind = type(value)
    if kind is list or kind is tuple:
        return list(value)
    if kind is dict:
        return dict(value)
    return value


def from_row(cls: type[T], row: Any, **given: Any) -> T:
    """The record ``cls`` filled from ``row``'s attributes of the same names (an ORM
    object or a result row); ``given`` supplies the fields the row does not hold. A field
    neither has keeps its default, and without one it is an error. (Stores build whole
    libraries with this, so it stays a plain loop.)"""
    required, optional = _plan(cls)
    for name in required:
        if name not in given:
            given[name] = _own(getattr(row, name))
    for name in optional:
        if name not in given:
            value = getattr(row, name, _ABSENT)
            if value is not _ABSENT:
                given[name] = _own(value)
    return cls(**given)


def copy_fields(target: Any, source: Any, names: Iterable[str]) -> None:
    """Set each named attribute of ``target`` to ``source``'s (lists and dicts copied)."""
    for name in names:
        setattr(target, name, _own(getattr(source, name)))


def apply_changes(target: Any, changes: Mapping[str, Any]) -> None:
    """A client's edit of user-owned fields, already validated, onto a row."""
    for key, value in changes.items():
        setattr(target, key, value)
