"""Reading a metadata provider's JSON defensively.

TVmaze, TMDB and MusicBrainz answers are mapped field by field; a field of the wrong type
(a string where a number belongs, null where an object belongs) must read as missing, not
fail the whole lookup. These are the readers every domain's mapping uses.
"""

from __future__ import annotations

from typing import Any


def as_int(value: object) -> int | None:
    """An integer, or a string of digits; booleans and anything else are missing."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def as_float(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []
