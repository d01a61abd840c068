"""Settings › Indexers, Download clients and Connect: the originals' "providers".

The three share one shape in the compat API (``implementation``, ``name``, ``fields``,
``/schema`` for a new one, ``/test`` for a check), so one set of pages serves them all;
what differs is which top-level switches and numbers a section shows. The Test button
sends the unsaved form to the API's ``/test``, which really connects, and shows the
API's own sentence (``manager-settings.js`` puts it under the form without a reload;
without JavaScript the whole form comes back with it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from mediastack.web.manager.api import ApiCallError, ManagerApi, api_for
from mediastack.web.manager.filters import words
from mediastack.web.manager.render import (
    PageNotFound,
    page_id,
    render,
    render_fragment,
)
from mediastack.web.manager.settings_forms import (
    FormError,
    InputField,
    act,
    checked,
    coerce,
    posted,
    provider_fields,
    read_provider_fields,
    stored,
)
from mediastack.web.pages import User, redirect_back, require_same_origin

__all__ = ["SECTIONS", "ProviderSection", "provider_body", "providers_router"]

Json = Mapping[str, Any]


def _notification_switches(resource: Json) -> list[str]:
    """The events this kind of connection can be told about (``onGrab`` when
    ``supportsOnGrab``), then health warnings."""
    keys = [
        key
        for key, value in resource.items()
        if key.startswith("on")
        and isinstance(value, bool)
        and resource.get(f"supports{key[0].upper()}{key[1:]}") is True
    ]
    return [*keys, "includeHealthWarnings"] if "includeHealthWarnings" in resource else keys


@dataclass(frozen=True, slots=True)
class ProviderSection:
    slug: str  # the page: /settings/<slug>
    endpoint: str  # the API resource: /indexer, /downloadclient, /notification
    title: str
    noun: str
    switches: Callable[[Json], list[str]]
    numbers: tuple[str, ...] = ()

    @property
    def page(self) -> str:
        return f"/settings/{self.slug}"


SECTIONS: dict[str, ProviderSection] = {
    s.slug: s
    for s in (
        ProviderSection(
            "indexers",
            "/indexer",
            "Indexers",
            "indexer",
            lambda r: [
                k
                for k in ("enableRss", "enableAutomaticSearch", "enableInteractiveSearch")
                if k in r
            ],
            numbers=("priority",),
        ),
        ProviderSection(
            "downloadclients",
            "/downloadclient",
            "Download clients",
            "download client",
            lambda r: [
                k for k in ("enable", "removeCompletedDownloads", "removeFailedDownloads") if k in r
            ],
            numbers=("priority",),
        ),
        ProviderSection(
            "connect",
            "/notification",
            "Connections",
            "connection",
            _notification_switches,
        ),
    )
}

_LABELS = {
    "enableRss": "Use for RSS",
    "enableAutomaticSearch": "Use for automatic search",
    "enableInteractiveSearch": "Use for interactive search",
    "enable": "Enabled",
    "removeCompletedDownloads": "Remove completed downloads",
    "removeFailedDownloads": "Remove failed downloads",
    "onDownload": "On import",
    "includeHealthWarnings": "Include health warnings",
}


def _section(slug: str) -> ProviderSection:
    section = SECTIONS.get(slug)
    if section is None:
        raise PageNotFound("There is no such settings page.")
    return section


def top_fields(section: ProviderSection, resource: Json) -> list[InputField]:
    """The section's switches and numbers as form fields."""
    out = [
        InputField(key, _LABELS.get(key) or words(key), "checkbox", bool(resource.get(key)))
        for key in section.switches(resource)
    ]
    out += [
        InputField(key, _LABELS.get(key) or words(key), "number", resource.get(key))
        for key in section.numbers
        if key in resource
    ]
    return out


def provider_body(section: ProviderSection, base: Json, form: Mapping[str, str]) -> dict[str, Any]:
    """``base`` (the stored resource or the schema's template) with the form applied."""
    body = dict(base)
    body.pop("presets", None)
    name = str(form.get("name") or "").strip()
    if not name:
        raise FormError(f"Give the {section.noun} a name.")
    body["name"] = name
    for key in section.switches(base):
        body[key] = checked(form.get(key))
    for key in section.numbers:
        if key in base and key in form:
            body[key] = coerce(form.get(key), int(base.get(key) or 0), words(key))
    body["fields"] = read_provider_fields(base.get("fields") or [], form)
    return body


def _summary(section: ProviderSection, resource: Json) -> dict[str, Any]:
    switches = section.switches(resource)
    return {
        "id": resource.get("id"),
        "name": str(resource.get("name") or ""),
        "implementation": str(resource.get("implementationName") or ""),
        "on": [_LABELS.get(k) or words(k) for k in switches if resource.get(k)],
        "enabled": any(resource.get(k) for k in switches) if switches else True,
    }


async def _template(api: ManagerApi, section: ProviderSection, implementation: str) -> Json:
    for candidate in await api.get(f"{section.endpoint}/schema"):
        if candidate.get("implementation") == implementation:
            return dict(candidate)
    raise FormError(f"Choose what kind of {section.noun} to add.")


async def _base(
    api: ManagerApi, section: ProviderSection, form: Mapping[str, str]
) -> tuple[Json, int | None]:
    """What the post edits: the stored provider (``id``) or a new one's schema template."""
    raw_id = str(form.get("id") or "")
    if raw_id.isdigit() and int(raw_id) > 0:
        return await stored(api, f"{section.endpoint}/{raw_id}", section.noun), int(raw_id)
    return await _template(api, section, str(form.get("implementation") or "")), None


async def run_test(api: ManagerApi, section: ProviderSection, body: Json) -> tuple[bool, str]:
    """(passed, the sentence to show) from the API's ``/test``."""
    try:
        await api.post(f"{section.endpoint}/test", body)
    except ApiCallError as exc:
        return False, f"Test failed: {exc.message}"
    return True, f"Test passed: the {section.noun} answered."


def providers_router() -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    same_origin = [Depends(require_same_origin)]

    def form_page(
        request: Request,
        user: str,
        section: ProviderSection,
        resource: Json,
        *,
        test: tuple[bool, str] | None = None,
        error: str = "",
        status: int = 200,
    ) -> Response:
        fields = provider_fields(resource.get("fields") or [])
        return render(
            request,
            "manager/settings_provider.html",
            user=user,
            active="/settings",
            section=section,
            resource=resource,
            top=top_fields(section, resource),
            basic=[f for f in fields if not f.advanced],
            advanced=[f for f in fields if f.advanced],
            test=test,
            error=error,
            status=status,
        )

    def typed(resource: Json, body: Json) -> dict[str, Any]:
        """The resource showing what was posted (a refused form keeps what was typed)."""
        values = {f["name"]: f["value"] for f in body.get("fields") or []}
        fields = [
            {**f, "value": values.get(f["name"], f.get("value"))}
            for f in resource.get("fields") or []
        ]
        return {**resource, **{k: v for k, v in body.items() if k != "fields"}, "fields": fields}

    @routes.get("/settings/{slug}")
    async def listing(
        request: Request, user: User, slug: str, message: str = "", error: str = ""
    ) -> Response:
        section = _section(slug)
        async with api_for(request) as api:
            found = await api.get(section.endpoint)
            schema = await api.get(f"{section.endpoint}/schema")
        return render(
            request,
            "manager/settings_providers.html",
            user=user,
            active="/settings",
            section=section,
            rows=[_summary(section, r) for r in found],
            kinds=[
                (s["implementation"], s.get("implementationName") or s["implementation"])
                for s in schema
            ],
            message=message,
            error=error,
        )

    @routes.get("/settings/{slug}/new")
    async def new(request: Request, user: User, slug: str, implementation: str = "") -> Response:
        section = _section(slug)
        async with api_for(request) as api:
            try:
                template = await _template(api, section, implementation)
            except FormError as exc:
                return redirect_back(section.page, error=str(exc))
        return form_page(request, user, section, template)

    @routes.get("/settings/{slug}/{raw_id}")
    async def edit(request: Request, user: User, slug: str, raw_id: str) -> Response:
        section = _section(slug)
        provider_id = page_id(raw_id, section.noun)
        async with api_for(request) as api:
            resource = await stored(api, f"{section.endpoint}/{provider_id}", section.noun)
        return form_page(request, user, section, resource)

    @routes.post("/settings/{slug}/save", dependencies=same_origin)
    async def save(request: Request, user: User, slug: str) -> Response:
        section = _section(slug)
        form = await posted(request)
        async with api_for(request) as api:
            try:
                base, provider_id = await _base(api, section, form)
            except FormError as exc:
                return redirect_back(section.page, error=str(exc))
            try:
                body = provider_body(section, base, form)
            except FormError as exc:
                return form_page(request, user, section, base, error=str(exc), status=400)
            force = {"forceSave": "true"} if checked(form.get("forceSave")) else None
            try:
                if provider_id is None:
                    saved = await api.call("POST", section.endpoint, params=force, json=body)
                else:
                    path = f"{section.endpoint}/{provider_id}"
                    saved = await api.call("PUT", path, params=force, json=body)
            except ApiCallError as exc:
                return form_page(
                    request,
                    user,
                    section,
                    typed(base, body),
                    error=f"Not saved: {exc.message}",
                    status=400,
                )
        return redirect_back(section.page, message=f"Saved {saved['name']}.")

    @routes.post("/settings/{slug}/test", dependencies=same_origin)
    async def test(request: Request, user: User, slug: str) -> Response:
        """Test the form as typed; a fetch gets the sentence, a plain post the whole form."""
        section = _section(slug)
        form = await posted(request)
        as_fragment = request.headers.get("x-requested-with") == "fetch"
        async with api_for(request) as api:
            try:
                base, _ = await _base(api, section, form)
            except FormError as exc:
                return redirect_back(section.page, error=str(exc))
            try:
                body = provider_body(section, base, form)
            except FormError as exc:
                body, result = dict(base), (False, str(exc))
            else:
                result = await run_test(api, section, body)
        if as_fragment:
            return render_fragment(request, "manager/settings_test_result.html", test=result)
        return form_page(request, user, section, typed(base, body), test=result)

    @routes.post("/settings/{slug}/{raw_id}/test", dependencies=same_origin)
    async def test_saved(request: Request, _user: User, slug: str, raw_id: str) -> Response:
        section = _section(slug)
        provider_id = page_id(raw_id, section.noun)
        async with api_for(request) as api:
            resource = await stored(api, f"{section.endpoint}/{provider_id}", section.noun)
            passed, sentence = await run_test(api, section, resource)
        name = resource.get("name")
        if passed:
            return redirect_back(section.page, message=f"{name}: {sentence}")
        return redirect_back(section.page, error=f"{name}: {sentence}")

    @routes.post("/settings/{slug}/{raw_id}/delete", dependencies=same_origin)
    async def delete(request: Request, _user: User, slug: str, raw_id: str) -> Response:
        section = _section(slug)
        path = f"{section.endpoint}/{page_id(raw_id, section.noun)}"
        return await act(
            request,
            lambda api: api.delete(path),
            back=section.page,
            done=f"The {section.noun} was deleted.",
            refused="Not deleted",
        )

    return routes
