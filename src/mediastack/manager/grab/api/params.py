"""Query parameters whose names depend on the domain (``seriesIds``, ``includeMovie``...).

FastAPI declares parameters by name at import time; these routes learn their names from the
domain at setup, so they read the query string themselves, with the same rules.
"""

from __future__ import annotations

from fastapi import Request

from mediastack.manager.api.resources import invalid
from mediastack.manager.library.api_fields import query_ids

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


def flag(request: Request, name: str | None, default: bool = False) -> bool:
    """A boolean switch (``includeSeries=true``); absent: ``default``."""
    if name is None:
        return False
    raw = request.query_params.get(name)
    if raw is None:
        return default
    text = raw.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise invalid(name, f"'{name}' must be true or false", raw)


def ids(request: Request, *names: str | None) -> list[int]:
    """Every id given under any of ``names`` (``seriesId=1&seriesIds=2,3``)."""
    out: list[int] = []
    for name in names:
        if name is not None:
            out += query_ids(request.query_params.getlist(name), name) or []
    return out
