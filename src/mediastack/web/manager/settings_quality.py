"""Settings › Profiles and Custom formats.

A quality profile is edited as the originals' pages do: tick the qualities (or groups)
that may be grabbed, pick the cutoff among them, and score the custom formats. A custom
format is a name and conditions; a condition's fields come from ``customformat/schema``,
so every condition type the API knows (release title, language, size, ...) is editable
without this module naming them. Everything is read and written through
``qualityprofile`` and ``customformat``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from mediastack.web.manager.api import ApiCallError, ManagerApi, api_for
from mediastack.web.manager.render import page_id, render
from mediastack.web.manager.settings_forms import (
    FormError,
    act,
    checked,
    coerce,
    failure,
    posted,
    provider_fields,
    read_provider_fields,
    stored,
)
from mediastack.web.pages import User, redirect_back, require_same_origin

__all__ = ["ProfileItem", "profile_items", "quality_router", "read_profile"]

PROFILES = "/settings/profiles"
FORMATS = "/settings/customformats"
_SCORES = (
    ("minFormatScore", "Minimum custom format score"),
    ("cutoffFormatScore", "Upgrade until custom format score"),
    ("minUpgradeFormatScore", "Minimum custom format score increment"),
)


@dataclass(frozen=True, slots=True)
class ProfileItem:
    """One line of the profile: a quality or a group of them, with the key the form uses."""

    id: int
    name: str
    is_group: bool
    allowed: bool
    members: tuple[str, ...]

    @classmethod
    def of(cls, item: Mapping[str, Any]) -> ProfileItem:
        quality = item.get("quality")
        members = tuple(
            str((m.get("quality") or {}).get("name") or "") for m in item.get("items") or []
        )
        if isinstance(quality, Mapping):
            return cls(
                int(quality["id"]),
                str(quality.get("name") or ""),
                False,
                bool(item.get("allowed")),
                members,
            )
        return cls(
            int(item.get("id") or 0),
            str(item.get("name") or ""),
            True,
            bool(item.get("allowed")),
            members,
        )

    @property
    def key(self) -> str:
        return f"{'g' if self.is_group else 'q'}{self.id}"


def profile_items(profile: Mapping[str, Any]) -> list[ProfileItem]:
    """Best first, as the originals list them (the API sends them worst first)."""
    return [ProfileItem.of(i) for i in reversed(profile.get("items") or [])]


def _set_allowed(item: dict[str, Any], allowed: bool) -> None:
    item["allowed"] = allowed
    for member in item.get("items") or []:
        member["allowed"] = allowed


def read_profile(profile: Mapping[str, Any], form: Mapping[str, Any]) -> dict[str, Any]:
    """The profile with the form's name, ticks, cutoff and scores applied."""
    out: dict[str, Any] = dict(profile)
    name = str(form.get("name") or "").strip()
    if not name:
        raise FormError("Give the profile a name.")
    out["name"] = name
    out["upgradeAllowed"] = checked(form.get("upgradeAllowed"))
    ticked = set(form.get("allowed") or [])
    items = [dict(i) for i in profile.get("items") or []]
    for raw in items:
        raw["items"] = [dict(m) for m in raw.get("items") or []]
        _set_allowed(raw, ProfileItem.of(raw).key in ticked)
    if not any(i["allowed"] for i in items):
        raise FormError("Allow at least one quality.")
    out["items"] = items
    cutoff = str(form.get("cutoff") or "")
    chosen = next((ProfileItem.of(i) for i in items if ProfileItem.of(i).key == cutoff), None)
    if chosen is None or not chosen.allowed:
        raise FormError("Choose the cutoff among the allowed qualities.")
    out["cutoff"] = chosen.id
    for key, label in _SCORES:
        if key in profile:
            out[key] = coerce(str(form.get(key, profile[key])), 0, label)
    scores = []
    for entry in profile.get("formatItems") or []:
        field = f"score.{entry.get('format')}"
        raw_score = str(form.get(field, entry.get("score", 0)))
        scores.append({**entry, "score": coerce(raw_score, 0, f"Score of {entry.get('name')}")})
    out["formatItems"] = scores
    return out


async def _form(request: Request) -> dict[str, Any]:
    """The posted form, with the repeated ``allowed`` boxes as a list."""
    form = await request.form()
    values: dict[str, Any] = {k: str(v) for k, v in form.items()}
    values["allowed"] = [str(v) for v in form.getlist("allowed")]
    return values


def _condition(spec: Mapping[str, Any]) -> dict[str, Any]:
    """How the list shows one condition: type, name, its values, negate/required."""
    shown = []
    for f in spec.get("fields") or []:
        value = f.get("value")
        for option in f.get("selectOptions") or []:
            if option.get("value") == value:
                value = option.get("name")
        if value not in (None, "", []):
            shown.append(f"{f.get('label') or f.get('name')}: {value}")
    return {
        "type": str(spec.get("implementationName") or spec.get("implementation") or ""),
        "name": str(spec.get("name") or ""),
        "shown": shown,
        "negate": bool(spec.get("negate")),
        "required": bool(spec.get("required")),
    }


async def _owner(api: ManagerApi, format_id: int | None) -> dict[str, Any] | None:
    """The custom format a condition is added to (None: a new format)."""
    if format_id is None:
        return None
    found: dict[str, Any] = await stored(api, f"/customformat/{format_id}", "custom format")
    return found


async def _spec_schema(api: ManagerApi, implementation: str) -> dict[str, Any] | None:
    for spec in await api.get("/customformat/schema"):
        if spec.get("implementation") == implementation:
            return dict(spec)
    return None


def _spec_from_form(schema: Mapping[str, Any], form: Mapping[str, str]) -> dict[str, Any]:
    return {
        "name": str(form.get("conditionName") or "").strip()
        or str(schema.get("implementationName")),
        "implementation": schema["implementation"],
        "negate": checked(form.get("negate")),
        "required": checked(form.get("required")),
        "fields": read_provider_fields(schema.get("fields") or [], form),
    }


def quality_router() -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    same_origin = [Depends(require_same_origin)]

    # --- quality profiles ---------------------------------------------------------------

    @routes.get(PROFILES)
    async def profiles(
        request: Request, user: User, message: str = "", error: str = ""
    ) -> Response:
        async with api_for(request) as api:
            found = await api.get("/qualityprofile")
        rows = []
        for p in found:
            items = profile_items(p)
            cutoff = next((i.name for i in items if i.id == p.get("cutoff")), "–")
            rows.append(
                {
                    "id": p["id"],
                    "name": p["name"],
                    "cutoff": cutoff,
                    "allowed": [i.name for i in items if i.allowed],
                    "upgrades": bool(p.get("upgradeAllowed")),
                }
            )
        return render(
            request,
            "manager/settings_profiles.html",
            user=user,
            active="/settings",
            rows=rows,
            message=message,
            error=error,
        )

    async def profile_page(
        request: Request,
        user: str,
        profile_id: int | None,
        *,
        shown: Mapping[str, Any] | None = None,
        message: str = "",
        error: str = "",
        status: int = 200,
    ) -> Response:
        async with api_for(request) as api:
            path = f"/qualityprofile/{profile_id}" if profile_id else "/qualityprofile/schema"
            profile = shown or await stored(api, path, "quality profile")
        items = profile_items(profile)
        return render(
            request,
            "manager/settings_profile.html",
            user=user,
            active="/settings",
            profile=profile,
            items=items,
            cutoff_key=next((i.key for i in items if i.id == profile.get("cutoff")), ""),
            scores=[(key, label, profile[key]) for key, label in _SCORES if key in profile],
            message=message,
            error=error,
            status=status,
        )

    @routes.get(PROFILES + "/new")
    async def new_profile(request: Request, user: User, name: str = "") -> Response:
        """A new profile starts as the schema (nothing allowed yet), as the originals' do."""
        async with api_for(request) as api:
            schema = await api.get("/qualityprofile/schema")
        return await profile_page(request, user, None, shown={**schema, "name": name.strip()})

    @routes.post(PROFILES, dependencies=same_origin)
    async def add_profile(request: Request, user: User) -> Response:
        form = await _form(request)
        async with api_for(request) as api:
            schema = await api.get("/qualityprofile/schema")
            try:
                made = await api.post("/qualityprofile", read_profile(schema, form))
            except (ApiCallError, FormError) as exc:
                message = failure(exc)
                typed = {**schema, "name": str(form.get("name") or "")}
                return await profile_page(
                    request, user, None, shown=typed, error=f"Not added: {message}", status=400
                )
        return redirect_back(PROFILES, message=f"Added {made['name']}.")

    @routes.get(PROFILES + "/{raw_id}")
    async def profile(
        request: Request, user: User, raw_id: str, message: str = "", error: str = ""
    ) -> Response:
        return await profile_page(
            request, user, page_id(raw_id, "quality profile"), message=message, error=error
        )

    @routes.post(PROFILES + "/{raw_id}", dependencies=same_origin)
    async def save_profile(request: Request, user: User, raw_id: str) -> Response:
        profile_id = page_id(raw_id, "quality profile")
        form = await _form(request)
        async with api_for(request) as api:
            current = await stored(api, f"/qualityprofile/{profile_id}", "quality profile")
            try:
                saved = await api.put(f"/qualityprofile/{profile_id}", read_profile(current, form))
            except (ApiCallError, FormError) as exc:
                message = failure(exc)
                return await profile_page(
                    request, user, profile_id, error=f"Not saved: {message}", status=400
                )
        return redirect_back(PROFILES, message=f"Saved {saved['name']}.")

    @routes.post(PROFILES + "/{raw_id}/delete", dependencies=same_origin)
    async def delete_profile(request: Request, _user: User, raw_id: str) -> Response:
        path = f"/qualityprofile/{page_id(raw_id, 'quality profile')}"
        return await act(
            request,
            lambda api: api.delete(path),
            back=PROFILES,
            done="Profile deleted.",
            refused="Not deleted",
        )

    # --- custom formats -----------------------------------------------------------------

    @routes.get(FORMATS)
    async def formats(request: Request, user: User, message: str = "", error: str = "") -> Response:
        async with api_for(request) as api:
            found = await api.get("/customformat")
            schema = await api.get("/customformat/schema")
        rows = [
            {
                "id": f["id"],
                "name": f["name"],
                "renaming": bool(f.get("includeCustomFormatWhenRenaming")),
                "conditions": [_condition(s) for s in f.get("specifications") or []],
            }
            for f in found
        ]
        return render(
            request,
            "manager/settings_formats.html",
            user=user,
            active="/settings",
            rows=rows,
            types=[(s["implementation"], s["implementationName"]) for s in schema],
            message=message,
            error=error,
        )

    async def condition_page(
        request: Request,
        user: str,
        implementation: str,
        *,
        format_id: int | None,
        form: Mapping[str, str] | None = None,
        error: str = "",
        status: int = 200,
    ) -> Response:
        async with api_for(request) as api:
            schema = await _spec_schema(api, implementation)
            owner = await _owner(api, format_id)
        if schema is None:
            return redirect_back(FORMATS, error="Choose a condition type.")
        fields = schema.get("fields") or []
        if form:  # a refused post shows what was typed
            fields = [
                {**f, "value": v["value"]}
                for f, v in zip(fields, read_provider_fields(fields, form), strict=True)
            ]
        return render(
            request,
            "manager/settings_format_new.html",
            user=user,
            active="/settings",
            schema=schema,
            owner=owner,
            fields=provider_fields(fields),
            form=form or {},
            error=error,
            status=status,
        )

    async def save_condition(request: Request, user: str, format_id: int | None) -> Response:
        """A new format with its first condition, or one more condition on ``format_id``."""
        form = await posted(request)
        implementation = form.get("implementation", "")
        async with api_for(request) as api:
            schema = await _spec_schema(api, implementation)
            owner = await _owner(api, format_id)
            if schema is None:
                return redirect_back(FORMATS, error="Choose a condition type.")
            try:
                spec = _spec_from_form(schema, form)
                if owner is None:
                    made = await api.post(
                        "/customformat",
                        {
                            "name": form.get("name", "").strip(),
                            "includeCustomFormatWhenRenaming": checked(form.get("renaming")),
                            "specifications": [spec],
                        },
                    )
                    done = f"Added the custom format {made['name']}."
                else:
                    specs = [*owner.get("specifications", []), spec]
                    await api.put(f"/customformat/{format_id}", {**owner, "specifications": specs})
                    done = f"Added a condition to {owner['name']}."
            except (ApiCallError, FormError) as exc:
                return await condition_page(
                    request,
                    user,
                    implementation,
                    format_id=format_id,
                    form=form,
                    error=f"Not added: {failure(exc)}",
                    status=400,
                )
        return redirect_back(FORMATS, message=done)

    @routes.get(FORMATS + "/new")
    async def new_format(request: Request, user: User, implementation: str = "") -> Response:
        return await condition_page(request, user, implementation, format_id=None)

    @routes.post(FORMATS, dependencies=same_origin)
    async def add_format(request: Request, user: User) -> Response:
        return await save_condition(request, user, None)

    @routes.get(FORMATS + "/{raw_id}/condition")
    async def new_condition(
        request: Request, user: User, raw_id: str, implementation: str = ""
    ) -> Response:
        format_id = page_id(raw_id, "custom format")
        return await condition_page(request, user, implementation, format_id=format_id)

    @routes.post(FORMATS + "/{raw_id}/condition", dependencies=same_origin)
    async def add_condition(request: Request, user: User, raw_id: str) -> Response:
        return await save_condition(request, user, page_id(raw_id, "custom format"))

    @routes.post(FORMATS + "/{raw_id}/condition/{raw_index}/delete", dependencies=same_origin)
    async def remove_condition(
        request: Request, _user: User, raw_id: str, raw_index: str
    ) -> Response:
        format_id = page_id(raw_id, "custom format")
        index = int(raw_index) if raw_index.isdigit() else -1
        async with api_for(request) as api:
            owner = await stored(api, f"/customformat/{format_id}", "custom format")
            specs = list(owner.get("specifications") or [])
            if not 0 <= index < len(specs):
                return redirect_back(FORMATS, error="That condition is already gone.")
            if len(specs) == 1:
                return redirect_back(
                    FORMATS, error="A custom format needs a condition; delete the format instead."
                )
            del specs[index]
            try:
                await api.put(f"/customformat/{format_id}", {**owner, "specifications": specs})
            except ApiCallError as exc:
                return redirect_back(FORMATS, error=f"Not removed: {exc.message}")
        return redirect_back(FORMATS, message=f"Removed a condition from {owner['name']}.")

    @routes.post(FORMATS + "/{raw_id}/delete", dependencies=same_origin)
    async def delete_format(request: Request, _user: User, raw_id: str) -> Response:
        path = f"/customformat/{page_id(raw_id, 'custom format')}"
        return await act(
            request,
            lambda api: api.delete(path),
            back=FORMATS,
            done="Custom format deleted.",
            refused="Not deleted",
        )

    @routes.get("/settings/quality")
    def quality_alias(_user: User) -> Response:
        return RedirectResponse(PROFILES, status_code=303)

    return routes
