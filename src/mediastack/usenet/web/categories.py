"""The usenet categories page: list, add, edit and delete categories with their folder,
priority and post-processing.

Saving is ``mode=set_config&section=categories`` and deleting ``mode=del_config``, as a
SABnzbd client would do. The page also refuses a folder that would leave the complete
folder, which the API leaves to the moment a job finishes; and it offers no edit of the
default category (``*``), whose settings are fixed.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from mediastack.core.fs.paths import PathEscapeError, confine
from mediastack.core.http import context_of
from mediastack.usenet.queue.catalog import DEFAULT_CATEGORY
from mediastack.usenet.queue.models import Priority
from mediastack.usenet.web.calls import ModeRefused, api_call, form_of, run_mode
from mediastack.web.pages import User, page_context, redirect_back, require_same_origin, templates

__all__ = ["CATEGORIES", "categories_router"]

CATEGORIES = "/categories"
PRIORITY_CHOICES: list[tuple[str, str]] = [
    (str(p.value), "Default" if p is Priority.DEFAULT else p.label)
    for p in (
        Priority.DEFAULT,
        Priority.FORCE,
        Priority.HIGH,
        Priority.NORMAL,
        Priority.LOW,
        Priority.PAUSED,
    )
]
PP_CHOICES: list[tuple[str, str]] = [
    ("0", "Download only"),
    ("1", "+ Repair"),
    ("2", "+ Repair, unpack"),
    ("3", "+ Repair, unpack, delete"),
]
_DEFAULT_PP = ("", "Service default")
"""Shown only while a category has no processing of its own: the API cannot set it back."""


def categories_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    same_origin = [Depends(require_same_origin)]

    @router.get(CATEGORIES)
    def categories_page(
        request: Request, user: User, message: str = "", error: str = ""
    ) -> Response:
        call = api_call(request)
        categories = [c for c in call.catalog.categories() if c.name != DEFAULT_CATEGORY]
        return templates.TemplateResponse(
            request,
            "usenet/categories.html",
            page_context(
                context_of(request),
                request,
                user=user,
                message=message,
                error=error,
                categories=categories,
                complete_dir=str(call.manager.complete_dir.resolve()),
                priority_choices=PRIORITY_CHOICES,
                pp_choices=PP_CHOICES,
                default_pp=_DEFAULT_PP,
            ),
        )

    @router.post(f"{CATEGORIES}/save", dependencies=same_origin)
    async def save(request: Request, _user: User) -> Response:
        """Add (``new``) or change a category: folder under the complete folder, priority
        and post-processing."""
        call = api_call(request)
        form = await form_of(request)
        new = form.get("new") == "1"
        name = form.get("name", "").strip().lower()
        folder = form.get("dir", "").strip()
        fields: dict[str, Any] = {"dir": folder}
        exists = call.catalog.category(name) is not None
        if not name:
            return redirect_back(CATEGORIES, error="Give the category a name.")
        if name == DEFAULT_CATEGORY:
            return redirect_back(CATEGORIES, error="The default category cannot be changed.")
        if new and exists:
            return redirect_back(CATEGORIES, error=f"A category named {name} exists already.")
        if not new and not exists:
            return redirect_back(CATEGORIES, error=f"The category {name} no longer exists.")
        if folder:
            try:
                confine(call.manager.complete_dir, folder)
            except PathEscapeError:
                return redirect_back(
                    CATEGORIES, error=f"{name}: the folder must stay inside the complete folder."
                )
        priority = form.get("priority", "")
        if priority not in {value for value, _ in PRIORITY_CHOICES}:
            return redirect_back(CATEGORIES, error=f"{name}: choose one of the priorities.")
        pp = form.get("pp", "")
        if pp and pp not in {value for value, _ in PP_CHOICES}:
            return redirect_back(CATEGORIES, error=f"{name}: choose one of the processing steps.")
        fields |= {"priority": priority, "pp": pp}
        try:
            await run_mode(request, "set_config", section="categories", keyword=name, **fields)
        except ModeRefused as exc:
            return redirect_back(CATEGORIES, error=f"{name}: {exc}")
        return redirect_back(CATEGORIES, message=f"Category {name} {'added' if new else 'saved'}.")

    @router.post(f"{CATEGORIES}/delete", dependencies=same_origin)
    async def delete(request: Request, _user: User) -> Response:
        """``del_config``: jobs already in the queue keep the name; new ones cannot use it."""
        name = (await form_of(request)).get("name", "").strip().lower()
        if name != DEFAULT_CATEGORY and api_call(request).catalog.category(name) is None:
            return redirect_back(CATEGORIES, error="That category does not exist.")
        try:
            await run_mode(request, "del_config", section="categories", keyword=name)
        except ModeRefused as exc:
            return redirect_back(CATEGORIES, error=str(exc).capitalize() + ".")
        return redirect_back(CATEGORIES, message=f"Category {name} deleted.")

    return router
