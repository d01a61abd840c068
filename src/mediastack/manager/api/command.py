"""``command`` and ``system/task``: persisted work, as the originals expose it.

Clients queue work by name (``{"name": "RssSync"}``; names match case-insensitively) and
poll ``command/{id}`` until it reads ``completed`` or ``failed``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Depends, Request

from mediastack.core.db import utcnow
from mediastack.core.http import ApiError, context_of
from mediastack.core.jobs import CommandRecord, CommandStatus, UnknownCommandError
from mediastack.manager.api.deps import Context, require_auth
from mediastack.manager.api.resources import invalid, iso, json_body, timespan
from mediastack.manager.domain import ManagerDomain

_RESULT = {
    CommandStatus.COMPLETED: "successful",
    CommandStatus.FAILED: "unsuccessful",
}


def _human(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and not name[i - 1].isupper():
            out.append(" ")
        out.append(ch)
    return "".join(out)


def command_resource(record: CommandRecord) -> dict[str, Any]:
    ended = record.ended_at
    duration = (ended or utcnow()) - record.started_at if record.started_at else None
    body = {
        **record.body,
        "name": record.name,
        "trigger": record.trigger.value,
        "sendUpdatesToClient": record.trigger.value == "manual",
        "updateScheduledTask": True,
        "completionMessage": "Completed",
        "requiresDiskAccess": False,
        "isExclusive": False,
        "isLongRunning": False,
        "suppressMessages": False,
    }
    resource: dict[str, Any] = {
        "id": record.id,
        "name": record.name,
        "commandName": _human(record.name),
        "message": record.message,
        "body": body,
        "priority": record.priority,
        "status": record.status.value,
        "result": _RESULT.get(record.status, "unknown"),
        "queued": iso(record.queued_at),
        "trigger": record.trigger.value,
        "stateChangeTime": iso(ended or record.started_at or record.queued_at),
        "sendUpdatesToClient": body["sendUpdatesToClient"],
        "updateScheduledTask": True,
    }
    if record.started_at:
        resource["started"] = iso(record.started_at)
    if ended:
        resource["ended"] = iso(ended)
    if duration is not None:
        resource["duration"] = timespan(duration)
    return resource


def command_router(domain: ManagerDomain) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])

    @router.post("/command", status_code=201)
    async def queue_command(request: Request) -> dict[str, Any]:
        ctx = context_of(request)
        body = await json_body(request)
        name = body.pop("name", None)
        if not isinstance(name, str) or not name:
            raise invalid("name", "Command name is required", name)
        try:
            record = await asyncio.to_thread(ctx.commands.enqueue, name, body)
        except UnknownCommandError:
            raise invalid("name", f"Unknown command '{name}'", name) from None
        return command_resource(record)

    @router.get("/command")
    def list_commands(ctx: Context) -> list[dict[str, Any]]:
        return [command_resource(r) for r in ctx.commands.list()]

    @router.get("/command/{command_id}")
    def get_command(command_id: int, ctx: Context) -> dict[str, Any]:
        record = ctx.commands.get(command_id)
        if record is None:
            raise ApiError(404, f"Command with ID {command_id} does not exist")
        return command_resource(record)

    @router.get("/system/task")
    def tasks(ctx: Context) -> list[dict[str, Any]]:
        return [
            {
                "id": index + 1,
                "name": _human(state.name),
                "taskName": state.name,
                "interval": int(state.interval.total_seconds() // 60),
                "lastExecution": iso(state.last_execution),
                "lastStartTime": iso(state.last_execution),
                "nextExecution": iso(state.next_execution),
                "lastDuration": "00:00:00",
            }
            for index, state in enumerate(ctx.scheduler.states())
        ]

    return router
