"""The usenet queue page: jobs with progress bars, adding an NZB (a file or a URL), and
per job pause, resume, priority, category, order and delete.

The list is the SABnzbd API's own ``mode=queue`` view; adding goes through the same
:class:`Intake` as ``addfile``/``addurl`` (malformed NZBs, XML bombs, oversized files and
unreachable URLs are refused with the same sentence), and each job button is the mode a
SABnzbd client would call (``queue&name=priority``, ``change_cat``, ``switch``). Forms
post and redirect back; ``app.js`` refreshes the list from ``/queue/fragment`` every 2 s.
The per-job choices are buttons rather than selects, so a refresh never closes a menu
under the pointer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from mediastack.core.http import context_of
from mediastack.usenet.api.history_modes import mode_history
from mediastack.usenet.api.queue_modes import mode_queue
from mediastack.usenet.engine import JobStatus
from mediastack.usenet.queue.intake import AddOptions, IntakeError
from mediastack.usenet.queue.manager import QueueManager
from mediastack.usenet.queue.models import JobRow, Priority
from mediastack.usenet.web.calls import FORM_LIMITS, ModeRefused, api_call, form_of, run_mode
from mediastack.web.pages import User, page_context, redirect_back, require_same_origin, templates

__all__ = ["PRIORITIES", "QUEUE", "queue_router", "status_class"]

QUEUE = "/queue"
RECENT = 5
"""Finished jobs shown under the queue, so a download can be watched to its end there."""

PRIORITIES: list[tuple[int, str]] = [
    (p.value, p.label) for p in (Priority.FORCE, Priority.HIGH, Priority.NORMAL, Priority.LOW)
]
"""The priorities a queued job can be given (Paused is the Pause button)."""
_ADD_PRIORITIES = [(Priority.DEFAULT.value, "Category default"), *PRIORITIES]
_FINISHED = frozenset({JobStatus.COMPLETED.value, JobStatus.FAILED.value})
_MOVES = ("top", "up", "down", "bottom")
_GONE = "That job is no longer in the queue."


def status_class(status: str) -> str:
    """The badge colour of a SABnzbd status."""
    if status == JobStatus.COMPLETED:
        return "ok"
    if status == JobStatus.FAILED:
        return "err"
    if status == JobStatus.PAUSED:
        return ""
    return "active"


async def _queue_context(request: Request) -> dict[str, Any]:
    call = api_call(request, start="0", limit="0")
    queue = (await mode_queue(call))["queue"]
    history = (await mode_history(api_call(request, start="0", limit=str(RECENT))))["history"]
    return {
        "queue": queue,
        "slots": queue["slots"],
        "recent": history["slots"],
        "status_class": status_class,
        "finished": _FINISHED,
        "paused": call.manager.paused,
        "categories": [c.name for c in call.catalog.categories()],
        "priorities": PRIORITIES,
    }


def _queued(manager: QueueManager, nzo_id: str) -> JobRow | None:
    """The job when ``nzo_id`` is in the queue (not history, not gone)."""
    row = manager.jobs.get(nzo_id)
    return row if row is not None and manager.in_queue(row) else None


def _whole_number(raw: str | None) -> int | None:
    try:
        return int(raw) if raw is not None and raw.strip() else None
    except ValueError:
        return None


def queue_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    same_origin = [Depends(require_same_origin)]

    @router.get(QUEUE)
    async def queue_page(
        request: Request, user: User, message: str = "", error: str = ""
    ) -> Response:
        call = api_call(request)
        return templates.TemplateResponse(
            request,
            "usenet/queue.html",
            page_context(
                context_of(request),
                request,
                user=user,
                message=message,
                error=error,
                max_nzb_bytes=call.intake.settings.max_nzb_bytes,
                add_priorities=_ADD_PRIORITIES,
                **await _queue_context(request),
            ),
        )

    @router.get(f"{QUEUE}/fragment")
    async def queue_fragment(request: Request, _user: User) -> Response:
        return templates.TemplateResponse(
            request, "usenet/queue_list.html", await _queue_context(request)
        )

    @router.post(f"{QUEUE}/add", dependencies=same_origin)
    async def add(request: Request, _user: User) -> Response:
        """An NZB file (plain or gzip) and/or a URL, into a category at a priority, as
        ``addfile``/``addurl``; a refused NZB changes nothing."""
        intake = api_call(request).intake
        cap = intake.settings.max_nzb_bytes
        try:
            form = await request.form(**FORM_LIMITS | {"max_part_size": cap + 1})
        except Exception:  # malformed multipart, too many parts, oversized field
            return redirect_back(QUEUE, error="The upload could not be read.")
        upload = form.get("nzbfile")
        url = form.get("url")
        url = url.strip() if isinstance(url, str) else ""
        has_file = isinstance(upload, UploadFile) and bool(upload.filename)
        if not has_file and not url:
            return redirect_back(QUEUE, error="Choose an NZB file or enter its URL.")
        category = form.get("category")
        priority = form.get("priority")
        wanted = _whole_number(priority if isinstance(priority, str) else None)
        if priority and wanted not in dict(_ADD_PRIORITIES):
            return redirect_back(QUEUE, error="Choose one of the offered priorities.")
        options = AddOptions(
            category=category if isinstance(category, str) else None, priority=wanted
        )
        added: list[JobRow] = []
        try:
            if isinstance(upload, UploadFile) and upload.filename:
                data = await upload.read(cap + 1)
                if len(data) > cap:
                    return redirect_back(QUEUE, error=f"NZB is larger than the {cap} byte limit")
                added.append(await intake.add_nzb(data, upload.filename, options))
            if url:
                added.append(await intake.add_url(url, options))
        except IntakeError as exc:
            done = "".join(f"Added {row.name}. " for row in added)
            return redirect_back(QUEUE, error=f"{done}{exc}")
        failed = [row for row in added if row.status == JobStatus.FAILED]
        if failed:
            return redirect_back(
                QUEUE, error=" ".join(f"{row.name}: {row.fail_message}" for row in failed)
            )
        return redirect_back(
            QUEUE, message=" ".join(f"Added {row.name} ({row.category})." for row in added)
        )

    @router.post(f"{QUEUE}/pause", dependencies=same_origin)
    def pause_all(request: Request, _user: User) -> Response:
        api_call(request).manager.pause_all()
        return redirect_back(QUEUE, message="Downloading is paused.")

    @router.post(f"{QUEUE}/resume", dependencies=same_origin)
    def resume_all(request: Request, _user: User) -> Response:
        api_call(request).manager.resume_all()
        return redirect_back(QUEUE, message="Downloading resumed.")

    def job_button(action: str, done: str) -> Callable[..., Awaitable[Response]]:
        """Pause, resume or delete one queued job (a delete removes its partial download:
        nothing can use half a job)."""

        async def handler(request: Request, _user: User, nzo_id: str) -> Response:
            row = _queued(api_call(request).manager, nzo_id)
            if row is None:
                return redirect_back(QUEUE, error=_GONE)
            try:
                await run_mode(request, "queue", name=action, value=nzo_id)
            except ModeRefused as exc:
                return redirect_back(QUEUE, error=str(exc))
            return redirect_back(QUEUE, message=f"{done}: {row.name}")

        return handler

    for action, done in (("pause", "Paused"), ("resume", "Resumed"), ("delete", "Deleted")):
        router.add_api_route(
            f"{QUEUE}/{{nzo_id}}/{action}",
            job_button(action, done),
            methods=["POST"],
            dependencies=same_origin,
        )

    @router.post(f"{QUEUE}/{{nzo_id}}/priority", dependencies=same_origin)
    async def set_priority(request: Request, _user: User, nzo_id: str) -> Response:
        """``queue&name=priority``: a higher priority moves the job ahead of lower ones."""
        row = _queued(api_call(request).manager, nzo_id)
        if row is None:
            return redirect_back(QUEUE, error=_GONE)
        wanted = _whole_number((await form_of(request)).get("priority"))
        label = dict(PRIORITIES).get(wanted) if wanted is not None else None
        if label is None:
            return redirect_back(QUEUE, error="Choose Force, High, Normal or Low.")
        try:
            answer = await run_mode(
                request, "queue", name="priority", value=nzo_id, value2=str(wanted)
            )
        except ModeRefused as exc:
            return redirect_back(QUEUE, error=str(exc))
        place = int(answer["position"]) + 1
        return redirect_back(QUEUE, message=f"{row.name}: priority {label}, now #{place}.")

    @router.post(f"{QUEUE}/{{nzo_id}}/category", dependencies=same_origin)
    async def set_category(request: Request, _user: User, nzo_id: str) -> Response:
        """``change_cat``, refusing a name that is not a category (the API would quietly
        use the default one instead)."""
        call = api_call(request)
        row = _queued(call.manager, nzo_id)
        if row is None:
            return redirect_back(QUEUE, error=_GONE)
        known = call.catalog.category((await form_of(request)).get("category"))
        if known is None:
            return redirect_back(QUEUE, error="That category does not exist.")
        try:
            await run_mode(request, "change_cat", value=nzo_id, value2=known.name)
        except ModeRefused as exc:
            return redirect_back(QUEUE, error=str(exc))
        shown = "Default" if known.name == "*" else known.name
        return redirect_back(QUEUE, message=f"{row.name}: category {shown}.")

    @router.post(f"{QUEUE}/{{nzo_id}}/move", dependencies=same_origin)
    async def move(request: Request, _user: User, nzo_id: str) -> Response:
        """``switch`` to the place above or below (or the top or bottom): SABnzbd's rule
        that a job cannot jump ahead of a higher priority applies."""
        manager = api_call(request).manager
        row = _queued(manager, nzo_id)
        if row is None:
            return redirect_back(QUEUE, error=_GONE)
        direction = (await form_of(request)).get("direction", "")
        if direction not in _MOVES:
            return redirect_back(QUEUE, error="Move a job up, down, to the top or the bottom.")
        here, last = manager.index_of(nzo_id), len(manager.queue()) - 1
        target = {"top": 0, "up": here - 1, "down": here + 1, "bottom": last}[direction]
        target = max(0, min(last, target))
        try:
            answer = await run_mode(request, "switch", value=nzo_id, value2=str(target))
        except ModeRefused as exc:
            return redirect_back(QUEUE, error=str(exc))
        place = int(answer["result"]["position"]) + 1
        return redirect_back(QUEUE, message=f"{row.name} is now #{place} in the queue.")

    return router
