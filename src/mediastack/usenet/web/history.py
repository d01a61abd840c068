"""The usenet history page: finished and post-processing jobs with their fail messages,
retrying a failed job and removing entries.

The list is the SABnzbd API's ``mode=history`` view and the buttons are ``mode=retry``
and ``mode=history&name=delete``, so a retried job behaves exactly as one retried by a
SABnzbd client: its finished articles stay finished and servers added since are asked.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from mediastack.core.http import context_of
from mediastack.usenet.api.history_modes import mode_history
from mediastack.usenet.engine import JobStatus
from mediastack.usenet.web.calls import ModeRefused, api_call, form_of, run_mode
from mediastack.usenet.web.queue import QUEUE, status_class
from mediastack.web.pages import (
    User,
    back_target,
    page_context,
    redirect_back,
    require_same_origin,
    templates,
)

__all__ = ["HISTORY", "history_router"]

HISTORY = "/history"
_FINISHED = frozenset({JobStatus.COMPLETED.value, JobStatus.FAILED.value})
_GONE = "That job is no longer in the history."


async def _history_context(request: Request) -> dict[str, Any]:
    history = (await mode_history(api_call(request, start="0", limit="0")))["history"]
    return {
        "history": history,
        "slots": history["slots"],
        "status_class": status_class,
        "finished": _FINISHED,
    }


def _back(request: Request) -> str:
    """History buttons also sit under the queue ("recently finished"): go back there."""
    came_from = urlsplit(request.headers.get("referer", "")).path
    return QUEUE if came_from == QUEUE else back_target(request, HISTORY)


def history_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    same_origin = [Depends(require_same_origin)]

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

    @router.post(f"{HISTORY}/{{nzo_id}}/retry", dependencies=same_origin)
    async def retry(request: Request, _user: User, nzo_id: str) -> Response:
        """``mode=retry``: a failed job goes back to the end of the queue."""
        manager = api_call(request).manager
        row = manager.jobs.get(nzo_id)
        if row is None or manager.in_queue(row):
            return redirect_back(_back(request), error=_GONE)
        try:
            await run_mode(request, "retry", value=nzo_id)
        except ModeRefused as exc:
            return redirect_back(_back(request), error=f"{row.name} cannot be retried: {exc}")
        return redirect_back(QUEUE, message=f"Retrying: {row.name}")

    @router.post(f"{HISTORY}/{{nzo_id}}/delete", dependencies=same_origin)
    async def delete(request: Request, _user: User, nzo_id: str) -> Response:
        """Forget a history entry; with the box ticked, its files on disk go too."""
        manager = api_call(request).manager
        back = _back(request)
        row = manager.jobs.get(nzo_id)
        if row is None or manager.in_queue(row):
            return redirect_back(back, error=_GONE)
        form = await form_of(request)
        flag = "1" if form.get("delete_files", "").strip().lower() in ("on", "1") else "0"
        try:
            await run_mode(request, "history", name="delete", value=nzo_id, del_files=flag)
        except ModeRefused as exc:
            return redirect_back(back, error=str(exc))
        return redirect_back(back, message=f"Removed from history: {row.name}")

    return router
