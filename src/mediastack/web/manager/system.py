"""System: status and health, scheduled tasks, backups with restore, and the logs.

All of it through the compat API in-process (``system/status``, ``health``,
``diskspace``, ``system/task``, ``command``, ``system/backup``, ``log``, ``log/file``).
A restore is staged by the API and applied when the service next starts (the database is
never swapped under a running service); the backup page says so after a restore and for
as long as one is waiting.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from mediastack.core.backup import STAGED_RESTORE
from mediastack.core.http import context_of
from mediastack.core.http.app import backup_target
from mediastack.manager.api.backup import MAX_UPLOAD
from mediastack.web.manager.api import ApiCallError, ManagerApi, api_for
from mediastack.web.manager.details import optional
from mediastack.web.manager.render import page_id, render
from mediastack.web.manager.settings_forms import act, page_number, paged
from mediastack.web.pages import User, redirect_back, require_same_origin

__all__ = ["LOG_LEVELS", "TABS", "restore_staged", "router", "wait_for_command"]

TABS: tuple[tuple[str, str], ...] = (
    ("Status", "/system/status"),
    ("Tasks", "/system/tasks"),
    ("Backup", "/system/backup"),
    ("Logs", "/system/logs"),
)
LOG_LEVELS: tuple[tuple[str, str], ...] = (
    ("", "Everything"),
    ("info", "Info and worse"),
    ("warn", "Warnings and errors"),
    ("error", "Errors only"),
)
LOG_PAGE_SIZE = 50
BACKUP_WAIT_SECONDS = 30.0
RESTORE_STAGED = (
    "The restore is staged: it is applied when the service next starts. "
    "Restart the service to finish; until then it keeps running on the current data."
)


def restore_staged(request: Request) -> bool:
    """Whether a restore waits for the next start (``core.backup`` stages it there)."""
    target = backup_target(context_of(request).settings)
    return (target.config_dir / STAGED_RESTORE).exists()


async def wait_for_command(
    api: ManagerApi, command_id: int, timeout: float = BACKUP_WAIT_SECONDS
) -> dict[str, Any]:
    """Poll ``command/{id}`` until it ends (or ``timeout``): the last state seen."""
    deadline = time.monotonic() + timeout
    while True:
        state: dict[str, Any] = await api.get(f"/command/{command_id}")
        if state.get("status") in ("completed", "failed", "aborted", "cancelled"):
            return state
        if time.monotonic() > deadline:
            return state
        await asyncio.sleep(0.1)


def router() -> APIRouter:
    routes = APIRouter(include_in_schema=False)
    same_origin = [Depends(require_same_origin)]

    def section_page(
        request: Request, user: str, template: str, tab: str, **values: Any
    ) -> Response:
        return render(request, template, user=user, active="/system", tabs=TABS, tab=tab, **values)

    @routes.get("/system")
    def system(_user: User) -> Response:
        return RedirectResponse("/system/status", status_code=303)

    @routes.get("/system/status")
    async def status(request: Request, user: User) -> Response:
        async with api_for(request) as api:
            facts, health, disks = await asyncio.gather(
                api.get("/system/status"), api.get("/health"), api.get("/diskspace")
            )
        return section_page(
            request,
            user,
            "manager/system_status.html",
            "/system/status",
            facts=facts,
            health=health,
            disks=disks,
        )

    @routes.get("/system/tasks")
    async def tasks(request: Request, user: User, message: str = "", error: str = "") -> Response:
        async with api_for(request) as api:
            scheduled, commands = await asyncio.gather(api.get("/system/task"), api.get("/command"))
        return section_page(
            request,
            user,
            "manager/system_tasks.html",
            "/system/tasks",
            scheduled=scheduled,
            commands=commands[:25],
            message=message,
            error=error,
        )

    @routes.post("/system/tasks/{name}/run", dependencies=same_origin)
    async def run_task(request: Request, _user: User, name: str) -> Response:
        async with api_for(request) as api:
            try:
                known = {t["taskName"]: t["name"] for t in await api.get("/system/task")}
                if name not in known:
                    return redirect_back("/system/tasks", error=f"There is no task “{name}”.")
                await api.post("/command", {"name": name})
            except ApiCallError as exc:
                return redirect_back("/system/tasks", error=f"Not started: {exc.message}")
        return redirect_back("/system/tasks", message=f"{known[name]} started.")

    @routes.get("/system/backup")
    async def backups(request: Request, user: User, message: str = "", error: str = "") -> Response:
        async with api_for(request) as api:
            found = await api.get("/system/backup")
        return section_page(
            request,
            user,
            "manager/system_backup.html",
            "/system/backup",
            backups=found,
            staged=restore_staged(request),
            staged_sentence=RESTORE_STAGED,
            message=message,
            error=error,
        )

    @routes.post("/system/backup", dependencies=same_origin)
    async def create_backup(request: Request, _user: User) -> Response:
        async with api_for(request) as api:
            try:
                queued = await api.post("/command", {"name": "Backup"})
                state = await wait_for_command(api, int(queued["id"]))
            except ApiCallError as exc:
                return redirect_back("/system/backup", error=f"No backup made: {exc.message}")
        if state.get("status") == "failed":
            reason = state.get("message") or "the backup failed"
            return redirect_back("/system/backup", error=f"No backup made: {reason}")
        if state.get("status") != "completed":
            return redirect_back(
                "/system/backup", message="The backup is still being written; reload in a moment."
            )
        return redirect_back("/system/backup", message="Backup made.")

    @routes.post("/system/backup/{raw_id}/restore", dependencies=same_origin)
    async def restore(request: Request, _user: User, raw_id: str) -> Response:
        path = f"/system/backup/restore/{page_id(raw_id, 'backup')}"
        return await act(
            request,
            lambda api: api.post(path, {}),
            back="/system/backup",
            done=RESTORE_STAGED,
            refused="Not restored",
        )

    @routes.post("/system/backup/upload", dependencies=same_origin)
    async def restore_upload(request: Request, _user: User) -> Response:
        """Restore from a backup file the user has (another machine's, an older one...)."""
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return redirect_back("/system/backup", error="Choose a backup file to restore.")
        content = await upload.read(MAX_UPLOAD + 1)
        if len(content) > MAX_UPLOAD:
            return redirect_back("/system/backup", error="Not restored: the file is too large.")
        async with api_for(request) as api:
            try:
                await api.upload(
                    "/system/backup/restore/upload",
                    "file",
                    upload.filename,
                    content,
                    upload.content_type or "application/zip",
                )
            except ApiCallError as exc:
                return redirect_back("/system/backup", error=f"Not restored: {exc.message}")
        return redirect_back("/system/backup", message=RESTORE_STAGED)

    @routes.post("/system/backup/{raw_id}/delete", dependencies=same_origin)
    async def delete_backup(request: Request, _user: User, raw_id: str) -> Response:
        path = f"/system/backup/{page_id(raw_id, 'backup')}"
        return await act(
            request,
            lambda api: api.delete(path),
            back="/system/backup",
            done="Backup deleted.",
            refused="Not deleted",
        )

    @routes.get("/system/logs")
    async def logs(request: Request, user: User, level: str = "", page: str = "1") -> Response:
        chosen = level if level in dict(LOG_LEVELS) else ""
        number = page_number(page)
        async with api_for(request) as api:
            events = await optional(
                api.get("/log", page=number, pageSize=LOG_PAGE_SIZE, level=chosen or None)
            )
            files = await optional(api.get("/log/file"))
        return render(
            request,
            "manager/system_logs.html",
            user=user,
            active="/system",
            tabs=TABS,
            tab="/system/logs",
            **paged(events, number, LOG_PAGE_SIZE),
            files=files or [],
            level=chosen,
            levels=LOG_LEVELS,
        )

    return routes
