"""Reading qBittorrent WebAPI parameters: query and form merged, typed, refused with a 400.

qBittorrent takes every parameter from the query string or the (url-encoded or multipart)
body alike, so clients mix them freely; this module merges both and converts values the way
qBittorrent's ``Utils::String`` helpers do. A value that does not parse is a ``400`` with
a short sentence rather than FastAPI's 422, because clients written against qBittorrent
only know its codes. ``hashes`` is ``a|b|c`` or ``all``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from fastapi import Request
from starlette.datastructures import UploadFile

from mediastack.core.http import ApiError

MAX_FORM_FIELDS = 1000
MAX_UPLOADS = 100
MAX_FIELD_BYTES = 1024 * 1024


def bad_request(message: str = "Bad Request") -> ApiError:
    return ApiError(400, message)


def parse_bool(value: str) -> bool | None:
    """qBittorrent's ``parseBool``: ``true``/``false`` in any case, anything else unknown."""
    lowered = value.strip().lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    return None


def parse_hashes(value: str) -> list[str] | None:
    """``a|b`` -> ``["a", "b"]`` (lower-cased); ``all`` -> ``None`` (every torrent)."""
    items = [h.strip().lower() for h in value.split("|") if h.strip()]
    if any(h == "all" for h in items):
        return None
    return items


@dataclass
class Params:
    """The merged parameters of one request, with typed accessors that raise 400."""

    values: dict[str, str] = field(default_factory=dict)
    uploads: list[tuple[str, UploadFile]] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.values

    def text(self, name: str, default: str | None = None) -> str:
        value = self.values.get(name)
        if value is None:
            if default is None:
                raise bad_request(f"Missing required parameter: {name}")
            return default
        return value

    def optional(self, name: str) -> str | None:
        return self.values.get(name)

    def boolean(self, name: str, default: bool | None = None) -> bool:
        raw = self.values.get(name)
        if raw is None or raw == "":
            if default is None:
                raise bad_request(f"Missing required parameter: {name}")
            return default
        parsed = parse_bool(raw)
        if parsed is None:
            raise bad_request(f"'{name}' must be true or false")
        return parsed

    def optional_bool(self, name: str) -> bool | None:
        raw = self.values.get(name)
        if raw is None or raw == "":
            return None
        parsed = parse_bool(raw)
        if parsed is None:
            raise bad_request(f"'{name}' must be true or false")
        return parsed

    def integer(self, name: str, default: int | None = None) -> int:
        raw = self.values.get(name)
        if raw is None or raw.strip() == "":
            if default is None:
                raise bad_request(f"Missing required parameter: {name}")
            return default
        try:
            return int(raw.strip())
        except ValueError:
            raise bad_request(f"'{name}' must be an integer") from None

    def number(self, name: str, default: float | None = None) -> float:
        raw = self.values.get(name)
        if raw is None or raw.strip() == "":
            if default is None:
                raise bad_request(f"Missing required parameter: {name}")
            return default
        try:
            value = float(raw.strip())
        except ValueError:
            raise bad_request(f"'{name}' must be a number") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise bad_request(f"'{name}' must be a finite number")
        return value

    def hashes(self, name: str = "hashes") -> list[str] | None:
        """The ``hashes`` selection; ``None`` for ``all``. Missing is a 400, as qBittorrent."""
        return parse_hashes(self.text(name))

    def single_hash(self, name: str = "hash") -> str:
        value = self.text(name).strip().lower()
        if not value:
            raise bad_request(f"Missing required parameter: {name}")
        return value

    def separated(self, name: str, sep: str, default: str | None = None) -> list[str]:
        return [p.strip() for p in self.text(name, default).split(sep) if p.strip()]


async def read_params(request: Request) -> Params:
    """Merge the query string and the body (url-encoded or multipart) of ``request``."""
    params = Params(values=dict(request.query_params))
    content_type = request.headers.get("content-type", "")
    if request.method in ("POST", "PUT") and (
        content_type.startswith("application/x-www-form-urlencoded")
        or content_type.startswith("multipart/form-data")
    ):
        try:
            form = await request.form(
                max_files=MAX_UPLOADS, max_fields=MAX_FORM_FIELDS, max_part_size=MAX_FIELD_BYTES
            )
        except Exception as exc:  # malformed multipart, too many parts, oversized field
            raise bad_request(f"Unreadable form: {exc}") from None
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                params.uploads.append((key, value))
            else:
                params.values[key] = value
    return params


def selection(hashes: list[str] | None, known: Sequence[str]) -> list[str]:
    """Resolve ``None`` ("all") to every known id; keep explicit lists as they are."""
    return list(known) if hashes is None else hashes
