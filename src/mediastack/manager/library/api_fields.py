"""Reading the fields every library resource shares out of a client's JSON body.

``qualityProfileId``, ``tags``, ``applyTags`` and id lists look the same on a series, a
movie and an artist; reading them here keeps the validation errors (the originals'
``propertyName``/``errorMessage`` array) identical across the three services.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable, Mapping
from typing import Any, TypeVar

from fastapi import Request

from mediastack.core.http import ApiError
from mediastack.manager.api.resources import invalid
from mediastack.manager.library.folders import LibraryPathError, configured_root, item_path
from mediastack.manager.library.model import LibraryItem
from mediastack.manager.metadata import MetadataError
from mediastack.manager.metadata.failures import metadata_failure

T = TypeVar("T")


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


def new_location(
    body: Mapping[str, Any],
    current: str,
    roots: list[str],
    taken: Callable[[], set[str]],
    what: str,
) -> dict[str, str]:
    """A ``PUT``'s changed ``path`` (inside a root folder, not another ``what``'s) as the
    ``path``/``root_folder_path`` changes to store; nothing when the path is unchanged."""
    raw_path = body.get("path")
    if not isinstance(raw_path, str) or not raw_path.strip() or raw_path == current:
        return {}
    try:
        path, root = item_path(raw_path, roots)
    except LibraryPathError as exc:
        raise invalid("path", str(exc), raw_path) from exc
    if str(path) != current and str(path) in taken():
        raise invalid("path", f"Path is already used by another {what}", raw_path)
    return {"path": str(path), "root_folder_path": str(root)}


def item_changes(
    body: Mapping[str, Any],
    item: LibraryItem,
    roots: list[str],
    taken: Callable[[], set[str]],
    what: str,
) -> dict[str, Any]:
    """A ``PUT``'s changes to what every item has: monitored, tags, the quality profile
    and its folder (``new_location``); the domain adds its own fields."""
    changes: dict[str, Any] = {
        "monitored": bool(body.get("monitored", item.monitored)),
        "tags": tag_ids(body, item.tags),
    }
    if body.get("qualityProfileId") is not None:
        changes["quality_profile_id"] = quality_profile_id(body)
    return changes | new_location(body, item.path, roots, taken, what)


def editor_changes(body: Mapping[str, Any]) -> dict[str, Any]:
    """What the bulk editor sets alike on every item it names (fields it was sent)."""
    changes: dict[str, Any] = {}
    if body.get("monitored") is not None:
        changes["monitored"] = bool(body["monitored"])
    if body.get("qualityProfileId") is not None:
        changes["quality_profile_id"] = quality_profile_id(body)
    return changes


def editor_item(body: Mapping[str, Any], item: LibraryItem, root: str | None) -> dict[str, Any]:
    """What the bulk editor changes of one item: its tags (``applyTags``) and its folder
    under the new root folder."""
    own: dict[str, Any] = {}
    if body.get("tags") is not None:
        own["tags"] = apply_tags(item.tags, tag_ids(body), body.get("applyTags"))
    if root is not None:
        own |= moved_to(root, item.path)
    return own


def editor_root(body: Mapping[str, Any], roots: list[str]) -> str | None:
    """The bulk editor's ``rootFolderPath``, which must be a configured root folder."""
    raw = body.get("rootFolderPath")
    if not raw:
        return None
    try:
        return str(configured_root(str(raw), roots))
    except LibraryPathError as exc:
        raise invalid("rootFolderPath", str(exc), raw) from exc


def moved_to(root: str, path: str) -> dict[str, str]:
    """An item's folder under another root folder (the editor moves no files)."""
    return {"root_folder_path": root, "path": f"{root}/{path.rstrip('/').rsplit('/', 1)[-1]}"}


async def json_items(request: Request, what: str) -> list[dict[str, Any]]:
    """A JSON array of objects (``POST .../import``), or the originals' 400."""
    try:
        body = await request.json()
    except ValueError:
        raise ApiError(400, "Request body is not valid JSON") from None
    if not isinstance(body, list) or not all(isinstance(i, dict) for i in body):
        raise ApiError(400, f"Request body must be a JSON array of {what}")
    return body


async def from_provider(
    call: Coroutine[Any, Any, T], not_found: type[Exception] | None = None
) -> T:
    """A metadata provider's answer; an unknown item is a 404, an unreachable or refusing
    provider the originals' 503 (the library is unchanged either way)."""
    try:
        return await call
    except Exception as exc:
        if not_found is not None and isinstance(exc, not_found):
            raise ApiError(404, str(exc)) from exc
        if isinstance(exc, MetadataError):
            raise metadata_failure(exc) from exc
        raise


def found(item: T | None, item_id: object, what: str) -> T:
    """The item, or the originals' 404 (``Movie with ID 5 does not exist``)."""
    if item is None:
        raise ApiError(404, f"{what} with ID {item_id} does not exist")
    return item
