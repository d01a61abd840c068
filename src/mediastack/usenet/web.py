"""The usenet service's own web pages: the queue with progress bars, history with fail
messages, adding an NZB, pausing, resuming and deleting jobs.

The lists are the SABnzbd API's own views (``mode_queue``/``mode_history`` called
in-process), and adding goes through the same :class:`Intake` as ``addfile``, so the page
shows exactly what Sonarr and Radarr see and refuses exactly what the API refuses
(malformed NZBs, XML bombs, oversized files), with the same sentence. Forms post and
redirect back; ``app.js`` refreshes the lists from their ``/fragment`` every 2 s.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from mediastack.core.http import ServiceContext, context_of
from mediastack.usenet.api.common import ApiCall
from mediastack.usenet.api.history_modes import mode_history
from mediastack.usenet.api.queue_modes import mode_queue
from mediastack.usenet.engine import JobStatus
from mediastack.usenet.queue.intake import AddOptions, IntakeError
from mediastack.usenet.queue.manager import QueueManager
from mediastack.web.pages import (
    User,
    add_nav_link,
    back_target,
    page_context,
    redirect_back,
    require_same_origin,
    templates,
)

__all__ = ["HISTORY", "QUEUE", "install_usenet_pages", "usenet_pages_router"]

QUEUE = "/queue"
HISTORY = "/history"
RECENT = 5
"""Finished jobs shown under the queue, so a download can be watched to its end there."""

_FORM_LIMITS: dict[str, Any] = {"max_files": 4, "max_fields": 20, "max_part_size": 64 * 1024}
_FINISHED = frozenset({JobStatus.COMPLETED.value, JobStatus.FAILED.value})


def _call(request: Request, **params: str) -> ApiCall:
    """An in-process SABnzbd call: the API's views and its manager/intake accessors."""
    return ApiCall(ctx=context_of(request), params=params)


def _status_class(status: str) -> str:
    """The badge colour of a SABnzbd status."""
    if status == JobStatus.COMPLETED:
        return "ok"
    if status == JobStatus.FAILED:
        return "err"
    if status == JobStatus.PAUSED:
        return ""
    return "active"


async def _queue_context(request: Request) -> dict[str, Any]:
    call = _call(request, start="0", limit="0")
    queue = (await mode_queue(call))["queue"]
    history = (await mode_history(_call(request, start="0", limit=str(RECENT))))["history"]
    return {
        "queue": queue,
        "slots": queue["slots"],
        "recent": history["slots"],
        "status_class": _status_class,
        "finished": _FINISHED,
        "paused": call.manager.paused,
    }


async def _history_context(request: Request) -> dict[str, Any]:
    history = (await mode_history(_call(request, start="0", limit="0")))["history"]
    return {
        "history": history,
        "slots": history["slots"],
        "status_class": _status_class,
        "finished": _FINISHED,
    }


def _checked(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower() in ("on", "true", "1")


def usenet_pages_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    same_origin = [Depends(require_same_origin)]

    @router.get(QUEUE)
    async def queue_page(
        request: Request, user: User, message: str = "", error: str = ""
    ) -> Response:
        call = _call(request)
        context = await _queue_context(request)
        return templates.TemplateResponse(
            request,
            "usenet/queue.html",
            page_context(
                context_of(request),
                request,
                user=user,
                message=message,
                error=error,
                categories=[c.name for c in call.catalog.categories()],
                max_nzb_bytes=call.intake.settings.max_nzb_bytes,
                **context,
            ),
        )

    @router.get(f"{QUEUE}/fragment")
    async def queue_fragment(request: Request, _user: User) -> Response:
        return templates.TemplateResponse(
            request, "usenet/queue_list.html", await _queue_context(request)
        )

    @router.get(HISTORY)
    async def history_page(
        request: Request, user: User, message: str = "", error: str = ""
    ) -> Response:
        return templates.TemplateResponse(
            request,
            "usenet/history.html",
            page_context(
                context_of(request),
                request,
                user=user,
                message=message,
                error=error,
                **await _history_context(request),
            ),
        )

    @router.get(f"{HISTORY}/fragment")
    async def history_fragment(request: Request, _user: User) -> Response:
        return templates.TemplateResponse(
            request, "usenet/history_list.html", await _history_context(request)
        )

    @router.post(f"{QUEUE}/add", dependencies=same_origin)
    async def add(request: Request, _user: User) -> Response:
        """One NZB upload (plain or gzip) into a category; a refused file changes nothing."""
        call = _call(request)
        intake = call.intake
        cap = intake.settings.max_nzb_bytes
        try:
            form = await request.form(**_FORM_LIMITS | {"max_part_size": cap + 1})
        except Exception:  # malformed multipart, too many parts, oversized field
            return redirect_back(QUEUE, error="The upload could not be read.")
        upload = form.get("nzbfile")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return redirect_back(QUEUE, error="Choose an NZB file to upload.")
        data = await upload.read(cap + 1)
        if len(data) > cap:
            return redirect_back(QUEUE, error=f"NZB is larger than the {cap} byte limit")
        category = form.get("category")
        options = AddOptions(category=category if isinstance(category, str) else None)
        try:
            row = await intake.add_nzb(data, upload.filename, options)
        except IntakeError as exc:
            return redirect_back(QUEUE, error=str(exc))
        if row.status == JobStatus.FAILED:
            return redirect_back(QUEUE, error=f"{row.name}: {row.fail_message}")
        return redirect_back(QUEUE, message=f"Added {row.name} ({row.category}).")

    @router.post(f"{QUEUE}/pause", dependencies=same_origin)
    def pause_all(request: Request, _user: User) -> Response:
        _call(request).manager.pause_all()
        return redirect_back(QUEUE, message="Downloading is paused.")

    @router.post(f"{QUEUE}/resume", dependencies=same_origin)
    def resume_all(request: Request, _user: User) -> Response:
        _call(request).manager.resume_all()
        return redirect_back(QUEUE, message="Downloading resumed.")

    def queued(manager: QueueManager, nzo_id: str) -> str | None:
        """The job's name when ``nzo_id`` is in the queue (not history, not gone)."""
        row = manager.jobs.get(nzo_id)
        return row.name if row is not None and manager.in_queue(row) else None

    @router.post(f"{QUEUE}/{{nzo_id}}/pause", dependencies=same_origin)
    def pause_job(request: Request, _user: User, nzo_id: str) -> Response:
        manager = _call(request).manager
        name = queued(manager, nzo_id)
        if name is None:
            return redirect_back(QUEUE, error="That job is no longer in the queue.")
        manager.pause_jobs([nzo_id])
        return redirect_back(QUEUE, message=f"Paused: {name}")

    @router.post(f"{QUEUE}/{{nzo_id}}/resume", dependencies=same_origin)
    def resume_job(request: Request, _user: User, nzo_id: str) -> Response:
        manager = _call(request).manager
        name = queued(manager, nzo_id)
        if name is None:
            return redirect_back(QUEUE, error="That job is no longer in the queue.")
        manager.resume_jobs([nzo_id])
        return redirect_back(QUEUE, message=f"Resumed: {name}")

    @router.post(f"{QUEUE}/{{nzo_id}}/delete", dependencies=same_origin)
    async def delete_job(request: Request, _user: User, nzo_id: str) -> Response:
        """Remove a queued job and its partial download (nothing can use half a job)."""
        manager = _call(request).manager
        name = queued(manager, nzo_id)
        if name is None:
            return redirect_back(QUEUE, error="That job is no longer in the queue.")
        await manager.delete([nzo_id], del_files=False, archive=False)
        return redirect_back(QUEUE, message=f"Deleted: {name}")

    @router.post(f"{HISTORY}/{{nzo_id}}/delete", dependencies=same_origin)
    async def delete_history(request: Request, _user: User, nzo_id: str) -> Response:
        """Forget a history entry; with the box ticked, its files on disk go too."""
        manager = _call(request).manager
        came_from = urlsplit(request.headers.get("referer", "")).path
        back = QUEUE if came_from == QUEUE else back_target(request, HISTORY)
        row = manager.jobs.get(nzo_id)
        if row is None or manager.in_queue(row):
            return redirect_back(back, error="That job is no longer in the history.")
        form = await request.form(**_FORM_LIMITS)
        await manager.delete([nzo_id], del_files=_checked(form.get("delete_files")), archive=False)
        return redirect_back(back, message=f"Removed from history: {row.name}")

    return router


def install_usenet_pages(ctx: ServiceContext, app: FastAPI) -> None:
    """Mount the pages and list them in the header next to Status and Settings."""
    add_nav_link(ctx, "Queue", QUEUE)
    add_nav_link(ctx, "History", HISTORY)
    app.include_router(usenet_pages_router())
