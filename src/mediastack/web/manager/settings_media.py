"""Settings › Media management: file naming with a live example, and how imports treat files.

Both forms are drawn from the resources themselves (``config/naming``,
``config/mediamanagement``), so the same page serves Sonarr's episode formats, Radarr's
movie formats and Lidarr's track formats. The example under the naming form is the API's
own ``config/naming/examples`` for the values being typed (``manager-settings.js`` asks
for it as the user types; without JavaScript the Preview button renders it server-side
from the same endpoint), so the preview is exactly what the namer will produce.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from mediastack.core.roles import Role
from mediastack.web.manager.api import ApiCallError, ManagerApi, api_for
from mediastack.web.manager.details import optional
from mediastack.web.manager.filters import words
from mediastack.web.manager.kinds import kind_of
from mediastack.web.manager.render import render, render_fragment
from mediastack.web.manager.settings_forms import (
    FormError,
    InputField,
    checked,
    config_fields,
    failure,
    posted,
    read_config,
)
from mediastack.web.pages import User, redirect_back, require_same_origin

__all__ = ["media_router", "naming_examples", "naming_query"]

PAGE = "/settings/mediamanagement"

_NAMING_LABELS = {
    "multiEpisodeStyle": "Multi-episode style",
    "colonReplacementFormat": "Colon replacement",
    "customColonReplacementFormat": "Custom colon replacement",
}
_COLON_NUMBERS = (
    (0, "Delete"),
    (1, "Replace with dash"),
    (2, "Replace with space dash"),
    (3, "Replace with space dash space"),
    (4, "Smart replace"),
    (5, "Custom"),
)
_COLON_WORDS = (
    ("delete", "Delete"),
    ("dash", "Replace with dash"),
    ("spaceDash", "Replace with space dash"),
    ("spaceDashSpace", "Replace with space dash space"),
    ("smart", "Smart replace"),
)
_NAMING_OPTIONS: dict[str, tuple[tuple[Any, str], ...]] = {
    "colonReplacementFormat": _COLON_NUMBERS + _COLON_WORDS,
    "multiEpisodeStyle": (
        (0, "Extend"),
        (1, "Duplicate"),
        (2, "Repeat"),
        (3, "Scene"),
        (4, "Range"),
        (5, "Prefixed range"),
    ),
}

_MEDIA_LABELS = {
    "minimumFreeSpaceWhenImporting": "Minimum free space when importing (MB)",
    "recycleBinCleanupDays": "Recycle bin cleanup (days)",
    "chmodFolder": "Folder permissions (chmod)",
    "chownGroup": "Group (chown)",
    "setPermissionsLinux": "Set permissions",
    "copyUsingHardlinks": "Use hardlinks instead of copy",
    "enableMediaInfo": "Analyse video files",
    "extraFileExtensions": "Extra file extensions",
}
_FILE_DATES: dict[Role, tuple[tuple[Any, str], ...]] = {
    Role.TV: (("none", "None"), ("localAirDate", "Local air date"), ("utcAirDate", "UTC air date")),
    Role.MOVIES: (("none", "None"), ("cinemas", "In cinemas date"), ("release", "Release date")),
    Role.MUSIC: (("none", "None"), ("albumReleaseDate", "Album release date")),
}
_MEDIA_OPTIONS: dict[str, tuple[tuple[Any, str], ...]] = {
    "downloadPropersAndRepacks": (
        ("preferAndUpgrade", "Prefer and upgrade"),
        ("doNotUpgrade", "Do not upgrade automatically"),
        ("doNotPrefer", "Do not prefer"),
    ),
    "rescanAfterRefresh": (
        ("always", "Always"),
        ("afterManual", "After a manual refresh"),
        ("never", "Never"),
    ),
    "allowFingerprinting": (
        ("never", "Never"),
        ("newFiles", "For new imports only"),
        ("allFiles", "Always"),
    ),
    "episodeTitleRequired": (
        ("always", "Always"),
        ("bulkSeasonReleases", "Only for bulk season releases"),
        ("never", "Never"),
    ),
}


def is_format(key: str, value: Any) -> bool:
    """A naming pattern (``standardEpisodeFormat``, ``movieFolderFormat``...), as opposed
    to an option such as the colon replacement."""
    return isinstance(value, str) and key.endswith("Format") and not key.startswith("custom")


def naming_fields(naming: Mapping[str, Any]) -> tuple[list[InputField], list[InputField]]:
    """(options, formats) of the naming form; a choice offers only values of the stored
    value's type (Sonarr numbers its colon choices, Radarr names them)."""
    options = {
        key: tuple(o for o in choices if type(o[0]) is type(naming.get(key)))
        for key, choices in _NAMING_OPTIONS.items()
    }
    fields = config_fields(naming, _NAMING_LABELS, options)
    formats = [f for f in fields if is_format(f.name, f.value)]
    return [f for f in fields if f not in formats], formats


def naming_query(naming: Mapping[str, Any], form: Mapping[str, str]) -> dict[str, str]:
    """The ``config/naming/examples`` query for typed values: every naming key the form
    carries, as text, and unticked boxes as ``false`` (a form leaves them out)."""
    query: dict[str, str] = {}
    for key, value in naming.items():
        if key == "id" or isinstance(value, dict | list):
            continue
        if isinstance(value, bool):
            query[key] = "true" if checked(form.get(key)) else "false"
        elif key in form:
            query[key] = form[key]
    return query


async def naming_examples(
    api: ManagerApi, query: Mapping[str, str] | None = None
) -> tuple[list[tuple[str, str]], str]:
    """The API's examples as (label, example) pairs, or the API's sentence on bad input."""
    try:
        found = await optional(api.get("/config/naming/examples", **dict(query or {})))
    except ApiCallError as exc:
        return [], exc.message
    if found is None:
        return [], ""
    pairs = [
        (words(key.removesuffix("Example")), str(value))
        for key, value in found.items()
        if isinstance(value, str) and value
    ]
    return pairs, ""


def _media_fields(request: Request, config: Mapping[str, Any]) -> list[InputField]:
    options = dict(_MEDIA_OPTIONS)
    options["fileDate"] = _FILE_DATES.get(kind_of(request).role, ())
    return config_fields(config, _MEDIA_LABELS, options)


def media_router() -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    same_origin = [Depends(require_same_origin)]

    async def page(
        request: Request,
        user: str,
        *,
        typed: Mapping[str, str] | None = None,
        message: str = "",
        error: str = "",
        status: int = 200,
    ) -> Response:
        async with api_for(request) as api:
            naming = await optional(api.get("/config/naming"))
            media = await optional(api.get("/config/mediamanagement"))
            shown, query = naming, None
            if naming is not None and typed:
                try:
                    shown, query = read_config(naming, typed), naming_query(naming, typed)
                except FormError as exc:
                    error = error or str(exc)
            examples, example_error = (
                await naming_examples(api, query) if naming is not None else ([], "")
            )
        options, formats = naming_fields(shown) if shown is not None else ([], [])
        return render(
            request,
            "manager/settings_media.html",
            user=user,
            active="/settings",
            naming=shown,
            naming_options=options,
            naming_formats=formats,
            examples=examples,
            example_error=example_error,
            media=media,
            media_fields=_media_fields(request, media) if media is not None else [],
            message=message,
            error=error,
            status=status,
        )

    @routes.get(PAGE)
    async def media_page(
        request: Request, user: User, message: str = "", error: str = "", preview: str = ""
    ) -> Response:
        typed = dict(request.query_params) if preview else None
        return await page(request, user, typed=typed, message=message, error=error)

    @routes.get("/settings/naming")
    def naming_alias(_user: User) -> Response:
        return redirect_back(PAGE)

    @routes.get("/settings/naming/examples")
    async def examples_fragment(request: Request, _user: User) -> Response:
        """The live example for the values in the query (the unsaved form)."""
        async with api_for(request) as api:
            naming = await optional(api.get("/config/naming"))
            query = naming_query(naming or {}, request.query_params)
            examples, error = await naming_examples(api, query)
        return render_fragment(
            request, "manager/settings_naming_examples.html", examples=examples, example_error=error
        )

    @routes.post("/settings/naming", dependencies=same_origin)
    async def save_naming(request: Request, user: User) -> Response:
        form = await posted(request)
        async with api_for(request) as api:
            try:
                naming = await api.get("/config/naming")
                await api.put("/config/naming", read_config(naming, form))
            except (ApiCallError, FormError) as exc:
                message = failure(exc)
                return await page(
                    request, user, typed=form, error=f"Naming not saved: {message}", status=400
                )
        return redirect_back(PAGE, message="Naming saved; new imports use it.")

    @routes.post(PAGE, dependencies=same_origin)
    async def save_media(request: Request, user: User) -> Response:
        form = await posted(request)
        async with api_for(request) as api:
            try:
                media = await api.get("/config/mediamanagement")
                await api.put("/config/mediamanagement", read_config(media, form))
            except (ApiCallError, FormError) as exc:
                message = failure(exc)
                return redirect_back(PAGE, error=f"Media management not saved: {message}")
        return redirect_back(PAGE, message="Media management saved.")

    return routes
