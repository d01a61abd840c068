"""``mode=queue`` and the modes that act on queued jobs, in SABnzbd's shapes.

The managers read ``queue.paused`` and, per slot, ``nzo_id``, ``filename``, ``cat``,
``mb``/``mbleft`` (strings), ``timeleft`` (``H:MM:SS``), ``status``, ``priority`` (a name),
``index`` and ``percentage``; the rest is there so other SABnzbd clients find what they
expect.
"""

from __future__ import annotations

import contextlib
from typing import Any

from mediastack.usenet.api.common import (
    ApiCall,
    ApiError,
    Handler,
    human_size,
    mb,
    timeleft,
    units,
)
from mediastack.usenet.api.status import header
from mediastack.usenet.queue.manager import QueueError
from mediastack.usenet.queue.models import JobRow, Priority

__all__ = ["QUEUE_MODES"]


def _priority(value: str) -> Priority:
    with contextlib.suppress(ValueError):
        return Priority(int(value))
    by_name = {p.label.lower(): p for p in Priority}
    try:
        return by_name[value.strip().lower()]
    except KeyError:
        raise ApiError(f"unknown priority {value!r}") from None


def _slot(call: ApiCall, row: JobRow, index: int, speed: float) -> dict[str, Any]:
    manager = call.manager
    done = manager.bytes_done(row)
    left = max(0, row.bytes - done)
    running = row.nzo_id in manager.active
    percentage = int(100 * done / row.bytes) if row.bytes else 0
    return {
        "index": index,
        "nzo_id": row.nzo_id,
        "unpackopts": str(row.pp),
        "priority": Priority(row.priority).label,
        "script": row.script,
        "filename": row.name,
        "labels": [],
        "password": row.password or "",
        "cat": row.category,
        "mbleft": mb(left),
        "mb": mb(row.bytes),
        "size": human_size(row.bytes),
        "sizeleft": human_size(left),
        "percentage": str(percentage),
        "mbmissing": "0.00",
        "direct_unpack": "",
        "status": manager.status_of(row),
        "timeleft": timeleft(left / speed) if running and speed > 0 else "0:00:00",
        "avg_age": "0d",
        "time_added": int(row.added_at.timestamp()),
    }


async def mode_queue(call: ApiCall) -> dict[str, Any]:
    name = call.get("name")
    if name:
        action = _QUEUE_ACTIONS.get(name)
        if action is None:
            raise ApiError(f"unknown queue action {name!r}")
        return await action(call)
    manager = call.manager
    rows = manager.queue()
    total_bytes = sum(r.bytes for r in rows)
    left_bytes = sum(max(0, r.bytes - manager.bytes_done(r)) for r in rows)
    categories = call.categories()
    if categories:
        rows = [r for r in rows if r.category.lower() in categories]
    wanted = set(call.ids("nzo_ids"))
    search = call.get("search").strip().lower()
    indexed = list(enumerate(manager.queue()))
    positions = {r.nzo_id: i for i, r in indexed}
    if wanted:
        rows = [r for r in rows if r.nzo_id in wanted]
    if search:
        rows = [r for r in rows if search in r.name.lower()]
    start = max(0, call.integer("start"))
    limit = max(0, call.integer("limit"))
    page = rows[start : start + limit] if limit else rows[start:]
    speed = manager.speed()
    active = any(manager.status_of(r) == "Downloading" for r in manager.queue())
    paused = manager.paused or manager.disk_paused
    queue = header(call) | {
        "kbpersec": f"{speed / 1024:.2f}",
        "speed": units(speed),
        "mbleft": mb(left_bytes),
        "mb": mb(total_bytes),
        "sizeleft": human_size(left_bytes),
        "size": human_size(total_bytes),
        "noofslots_total": len(manager.queue()),
        "noofslots": len(rows),
        "start": start,
        "limit": limit,
        "finish": start + len(page),
        "status": "Paused" if paused else "Downloading" if active else "Idle",
        "timeleft": timeleft(left_bytes / speed) if speed > 0 else "0:00:00",
        "slots": [_slot(call, r, positions[r.nzo_id], speed) for r in page],
    }
    return {"queue": queue}


async def _queue_delete(call: ApiCall) -> dict[str, Any]:
    ids = call.ids()
    if ids == ["all"]:
        ids = [r.nzo_id for r in call.manager.queue()]
    queued = {r.nzo_id for r in call.manager.queue()}
    targets = [i for i in ids if i in queued]
    removed = await call.manager.delete(targets, del_files=call.flag("del_files"), archive=False)
    return {"status": bool(removed), "nzo_ids": removed}


async def _queue_pause(call: ApiCall) -> dict[str, Any]:
    return {"status": True, "nzo_ids": call.manager.pause_jobs(call.ids())}


async def _queue_resume(call: ApiCall) -> dict[str, Any]:
    return {"status": True, "nzo_ids": call.manager.resume_jobs(call.ids())}


async def _queue_priority(call: ApiCall) -> dict[str, Any]:
    priority = _priority(call.get("value2"))
    positions = [call.manager.set_priority(i, priority) for i in call.ids()]
    return {"position": positions[0] if len(positions) == 1 else positions}


async def _queue_rename(call: ApiCall) -> dict[str, Any]:
    password = call.params.get("value3")
    call.manager.rename(call.get("value"), call.get("value2"), password)
    return {"status": True}


async def _queue_noop(call: ApiCall) -> dict[str, Any]:
    return {"status": True}


_QUEUE_ACTIONS: dict[str, Handler] = {
    "delete": _queue_delete,
    "pause": _queue_pause,
    "resume": _queue_resume,
    "priority": _queue_priority,
    "rename": _queue_rename,
    "purge": _queue_delete,
    "change_complete_action": _queue_noop,
    "sort": _queue_noop,
}


async def mode_pause(call: ApiCall) -> dict[str, Any]:
    call.manager.pause_all()
    return {"status": True}


async def mode_resume(call: ApiCall) -> dict[str, Any]:
    call.manager.resume_all()
    return {"status": True}


async def mode_switch(call: ApiCall) -> dict[str, Any]:
    target: str | int = call.get("value2")
    if isinstance(target, str) and target.strip().lstrip("-").isdigit():
        target = int(target)
    index, priority = call.manager.move(call.get("value"), target)
    return {"result": {"priority": priority, "position": index}}


async def mode_change_cat(call: ApiCall) -> dict[str, Any]:
    for nzo_id in call.ids():
        call.manager.change_category(nzo_id, call.get("value2"))
    return {"status": True}


async def mode_change_opts(call: ApiCall) -> dict[str, Any]:
    for nzo_id in call.ids():
        call.manager.change_pp(nzo_id, call.integer("value2", 3))
    return {"status": True}


async def mode_change_script(call: ApiCall) -> dict[str, Any]:
    for nzo_id in call.ids():
        row = call.manager.get(nzo_id)
        row.script = call.get("value2") or "None"
        call.manager.store.save(row)
    return {"status": True}


def _wrap(handler: Handler) -> Handler:
    """Unknown job ids and wrong states become SABnzbd errors, not 500s."""

    async def wrapped(call: ApiCall) -> dict[str, Any]:
        try:
            return await handler(call)
        except QueueError as exc:
            raise ApiError(str(exc)) from None

    return wrapped


QUEUE_MODES: dict[str, Handler] = {
    "queue": _wrap(mode_queue),
    "pause": mode_pause,
    "resume": mode_resume,
    "switch": _wrap(mode_switch),
    "change_cat": _wrap(mode_change_cat),
    "change_opts": _wrap(mode_change_opts),
    "change_script": _wrap(mode_change_script),
}
