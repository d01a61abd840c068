"""Reading the fields every library resource shares out of a client's JSON body.

``qualityProfileId``, ``tags``, ``applyTags`` and id lists look the same on a series, a
movie and an artist; reading them here keeps the validation errors (the originals'
``propertyName``/``errorMessage`` array) identical across the three services.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from mediastack.manager.api.resources import invalid
from mediastack.manager.library.folders import LibraryPathError, configured_root, item_path


def int_or_none(body: Mapping[str, Any], key: str) -> int | None:
    """An optional integer field; a string or a boolean is a validation error."""
    value = body.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(key, f"'{key}' must be a number", value)
    return value


def quality_profile_id(body: Mapping[str, Any]) -> int:
    value = int_or_none(body, "qualityProfileId")
    if value is None or value <= 0:
        raise invalid("qualityProfileId", "'Quality Profile Id' must be greater than '0'.", value)
    return value


def tag_ids(body: Mapping[str, Any], default: list[int] | None = None) -> list[int]:
    """``tags`` as a sorted list of distinct ids (``default`` when absent or null)."""
    value = body.get("tags", default if default is not None else [])
    if value is None:
        return default or []
    if not isinstance(value, list) or not all(
        isinstance(t, int) and not isinstance(t, bool) for t in value
    ):
        raise invalid("tags", "Tags must be a list of tag ids", value)
    return sorted(set(value))


def item_location(body: Mapping[str, Any], roots: list[str]) -> tuple[str | None, str]:
    """Where an added item goes: its own ``path`` (inside a root folder) with that root,
    or no path yet and the configured ``rootFolderPath`` the title will be added to."""
    raw_path = body.get("path")
    raw_root = body.get("rootFolderPath")
    try:
        if isinstance(raw_path, str) and raw_path.strip():
            resolved, root_path = item_path(raw_path, roots)
            return str(resolved), str(root_path)
        if isinstance(raw_root, str) and raw_root.strip():
            return None, str(configured_root(raw_root, roots))
        raise invalid("rootFolderPath", "'Root Folder Path' must not be empty.", raw_root)
    except LibraryPathError as exc:
        raise invalid(
            "path" if raw_path else "rootFolderPath", str(exc), raw_path or raw_root
        ) from exc


def apply_tags(current: Iterable[int], given: Iterable[int], mode: object) -> list[int]:
    """The editor's ``applyTags``: ``add`` (default), ``remove`` or ``replace``."""
    now, sent = set(current), set(given)
    match str(mode or "add").lower():
        case "replace":
            return sorted(sent)
        case "remove":
            return sorted(now - sent)
        case _:
            return sorted(now | sent)


def body_ids(body: Mapping[str, Any], key: str) -> list[int]:
    """A required list of ids in a JSON body (``movieIds``, ``seriesIds``, ...)."""
    ids = body.get(key)
    if not isinstance(ids, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in ids
    ):
        raise invalid(key, f"{key} must be a list of ids", ids)
    return list(ids)


def query_ids(raw: list[str] | None, key: str) -> list[int] | None:
    """``ids=1&ids=2`` or ``ids=1,2`` in a query string (clients send both); None if absent."""
    if not raw:
        return None
    out: list[int] = []
    for part in ",".join(raw).split(","):
        part = part.strip()
        if part:
            if not part.isdigit():
                raise invalid(key, f"{key} must be numbers", part)
            out.append(int(part))
    return out
