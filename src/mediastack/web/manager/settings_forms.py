"""Turning the compat API's JSON into form fields and form posts back into JSON.

The settings, activity and system pages never hard-code a manager's fields: a resource
(``config/naming``, ``config/mediamanagement``, a provider's ``fields`` array) says what
there is, and the value's JSON type says how to edit it. A post is read against the same
resource, so a number stays a number and an unticked box becomes ``false`` rather than
disappearing. Bad input is a ``FormError`` with a sentence naming the field; nothing is
sent to the API until every field reads.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from mediastack.web.manager.api import ApiCallError, ManagerApi, api_for
from mediastack.web.manager.filters import words
from mediastack.web.manager.render import not_found_from
from mediastack.web.pages import redirect_back

__all__ = [
    "FormError",
    "InputField",
    "act",
    "checked",
    "coerce",
    "config_fields",
    "failure",
    "page_number",
    "paged",
    "pages_of",
    "posted",
    "provider_fields",
    "read_config",
    "read_provider_fields",
    "stored",
]

_TRUE = ("true", "on", "1", "yes")


class FormError(ValueError):
    """A form value that cannot be what the API expects; the message names the field."""


async def posted(request: Request) -> dict[str, str]:
    """A form post as text values (a repeated name keeps its last value)."""
    return {key: str(value) for key, value in (await request.form()).items()}


def failure(exc: Exception) -> str:
    """The sentence of a refused form: the API's own words, or the form's."""
    return exc.message if isinstance(exc, ApiCallError) else str(exc)


async def stored(api: ManagerApi, path: str, what: str) -> Any:
    """What the API has at ``path``; a 404 there is the page's 404 ("this ``what`` does
    not exist"), any other refusal stays the API's error."""
    try:
        return await api.get(path)
    except ApiCallError as exc:
        raise not_found_from(exc, what) from exc


async def act(
    request: Request,
    call: Callable[[ManagerApi], Awaitable[Any]],
    *,
    back: str,
    done: str,
    refused: str,
) -> Response:
    """The answer to a one-button form: make the API call, then go ``back`` saying
    ``done``, or ``refused`` with the API's reason."""
    async with api_for(request) as api:
        try:
            await call(api)
        except ApiCallError as exc:
            return redirect_back(back, error=f"{refused}: {exc.message}")
    return redirect_back(back, message=done)


def checked(raw: str | None) -> bool:
    """A checkbox or ``true``/``false`` text as a bool (an absent box is unticked)."""
    return (raw or "").strip().lower() in _TRUE


def page_number(raw: str) -> int:
    """A ``page=`` as people type it: anything but a positive number is the first page."""
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def pages_of(total: int, size: int) -> int:
    return max(1, math.ceil(total / size))


def paged(
    found: Mapping[str, Any] | None,
    page: int,
    size: int,
    row: Callable[[dict[str, Any]], Any] = lambda record: record,
) -> dict[str, Any]:
    """What a page shows of one page of an API list (the originals' paging envelope):
    its rows, the counts for the pager, and whether the service has the list at all."""
    total = int(found.get("totalRecords") or 0) if found else 0
    return {
        "available": found is not None,
        "rows": [row(r) for r in (found or {}).get("records") or []],
        "total": total,
        "page": page,
        "pages": pages_of(total, size),
    }


@dataclass(frozen=True, slots=True)
class InputField:
    """One form control: how the template draws it and how a post is read back."""

    name: str
    label: str
    kind: str  # checkbox, number, text, password, select, list, lines
    value: Any
    options: tuple[tuple[Any, str], ...] = ()
    advanced: bool = False
    help: str = ""

    @property
    def text(self) -> str:
        """The value as the input shows it."""
        if self.value is None:
            return ""
        if self.kind == "list":
            return ", ".join(str(v) for v in self.value or [])
        if self.kind == "lines":
            return "\n".join(
                f"{p.get('key', '')}: {p.get('value', '')}"
                for p in self.value or []
                if isinstance(p, dict)
            )
        return str(self.value)

    def selected(self, option: Any) -> bool:
        return str(option) == str(self.value)


def coerce(raw: str | None, like: Any, label: str) -> Any:
    """``raw`` from a form as the JSON type of ``like`` (the stored or default value)."""
    text = (raw or "").strip()
    if isinstance(like, bool):
        return checked(raw)
    if isinstance(like, int):
        try:
            return int(text)
        except ValueError:
            raise FormError(f"{label} must be a whole number.") from None
    if isinstance(like, float):
        try:
            return float(text)
        except ValueError:
            raise FormError(f"{label} must be a number.") from None
    if isinstance(like, list):
        parts = [p.strip() for p in text.split(",") if p.strip()]
        numeric = (
            all(isinstance(v, int) for v in like)
            if like
            else all(p.lstrip("-").isdigit() for p in parts)
        )
        if numeric:
            try:
                return [int(p) for p in parts]
            except ValueError:
                raise FormError(f"{label} must be whole numbers separated by commas.") from None
        return parts
    return raw if raw is not None else ""


# --- config resources (naming, media management) -------------------------------------


def config_fields(
    resource: Mapping[str, Any],
    labels: Mapping[str, str],
    options: Mapping[str, Sequence[tuple[Any, str]]],
    *,
    skip: Sequence[str] = ("id",),
) -> list[InputField]:
    """A field per key of a config resource: a box for a bool, a number for an int, a
    choice where the originals' values are known (and the stored value is one of them),
    text otherwise."""
    out: list[InputField] = []
    for key, value in resource.items():
        if key in skip or isinstance(value, dict | list):
            continue
        label = labels.get(key) or words(key)
        choices = tuple(options.get(key) or ())
        if choices and any(str(v) == str(value) for v, _ in choices):
            out.append(InputField(key, label, "select", value, choices))
        elif isinstance(value, bool):
            out.append(InputField(key, label, "checkbox", value))
        elif isinstance(value, int | float):
            out.append(InputField(key, label, "number", value))
        else:
            out.append(InputField(key, label, "text", "" if value is None else value))
    return out


def read_config(
    resource: Mapping[str, Any], form: Mapping[str, str], *, skip: Sequence[str] = ("id",)
) -> dict[str, Any]:
    """The resource with every field the form carries (and every box it leaves unticked)."""
    out = dict(resource)
    for key, value in resource.items():
        if key in skip or isinstance(value, dict | list):
            continue
        if isinstance(value, bool):
            out[key] = checked(form.get(key))
        elif key in form:
            out[key] = coerce(form[key], value, words(key))
    return out


# --- provider ``fields`` arrays (indexers, download clients, notifications, formats) ---

_FIELD_KINDS = {
    "checkbox": "checkbox",
    "number": "number",
    "password": "password",
    "keyValueList": "lines",
}


def _field_kind(field: Mapping[str, Any]) -> str:
    kind = str(field.get("type") or "textbox")
    if field.get("selectOptions"):
        return "select"
    if kind == "keyValueList":
        return "lines"
    if isinstance(field.get("value"), list):
        return "list"
    if kind == "select":  # a choice whose options the API does not list: its number
        return "number"
    if field.get("privacy") in ("password", "apiKey"):
        return "password"
    return _FIELD_KINDS.get(kind, "text")


def provider_fields(fields: Sequence[Mapping[str, Any]], prefix: str = "f.") -> list[InputField]:
    out = []
    for field in sorted(fields, key=lambda f: int(f.get("order") or 0)):
        options = tuple(
            (o.get("value"), str(o.get("name") or o.get("value")))
            for o in field.get("selectOptions") or []
        )
        out.append(
            InputField(
                name=f"{prefix}{field['name']}",
                label=str(field.get("label") or words(str(field["name"]))),
                kind=_field_kind(field),
                value=field.get("value"),
                options=options,
                advanced=bool(field.get("advanced")),
                help=str(field.get("helpText") or ""),
            )
        )
    return out


def _key_values(raw: str) -> list[dict[str, str]]:
    pairs = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            raise FormError(f"Write each header as “Name: value” (not “{line.strip()}”).")
        pairs.append({"key": key.strip(), "value": value.strip()})
    return pairs


def read_provider_fields(
    fields: Sequence[Mapping[str, Any]], form: Mapping[str, str], prefix: str = "f."
) -> list[dict[str, Any]]:
    """The ``fields`` array of a post: each value read as its field's kind; a secret the
    form left masked goes back masked, so the API keeps the stored one."""
    out = []
    for field in fields:
        name = str(field["name"])
        raw = form.get(f"{prefix}{name}")
        kind = _field_kind(field)
        label = str(field.get("label") or name)
        current = field.get("value")
        value: Any
        if kind == "checkbox":
            value = checked(raw)
        elif raw is None:
            value = current
        elif kind == "lines":
            value = _key_values(raw)
        elif kind == "list":
            value = coerce(raw, current if isinstance(current, list) else [], label)
        elif kind in ("number", "select") and (isinstance(current, int | float) or current is None):
            if kind == "number" and not raw.strip() and current is None:
                value = None
            else:
                option_values = [o.get("value") for o in field.get("selectOptions") or []]
                like: Any = current if current is not None else 0
                if option_values:
                    like = option_values[0]
                elif field.get("isFloat"):
                    like = 0.0
                value = coerce(raw, like, label)
        else:
            value = raw
        out.append({"name": name, "value": value})
    return out
