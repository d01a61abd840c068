"""``mode=history`` (list, ``name=delete``), ``retry`` and ``retry_all``.

Jobs that are still post-processing are listed here with their live status (Verifying,
Repairing, Extracting, Moving): the managers treat any history status other than
Completed/Failed as "still downloading", exactly as with SABnzbd.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from mediastack.usenet.api.common import ApiCall, ApiError, Handler, human_size, units
from mediastack.usenet.engine import JobStatus
from mediastack.usenet.queue.intake import IntakeError
from mediastack.usenet.queue.manager import QueueError
from mediastack.usenet.queue.models import JobRow

__all__ = ["HISTORY_MODES"]


def _stage_log(row: JobRow) -> list[dict[str, Any]]:
    stages: dict[str, list[str]] = {}
    for stage, line in row.stage_log:
        stages.setdefault(stage, []).append(line)
    return [{"name": name, "actions": lines} for name, lines in stages.items()]


def _slot(call: ApiCall, row: JobRow, index: int) -> dict[str, Any]:
    status = call.manager.status_of(row)
    completed = int(row.completed_at.timestamp()) if row.completed_at else 0
    storage = row.storage or ""
    return {
        "id": index,
        "completed": completed,
        "name": row.name,
        "nzb_name": row.nzb_name,
        "category": row.category,
        "pp": "D" if row.pp >= 3 else "U" if row.pp == 2 else "R" if row.pp == 1 else "",
        "script": row.script,
        "report": "",
        "url": row.url or row.nzb_name,
        "status": status,
        "nzo_id": row.nzo_id,
        "storage": storage,
        "path": row.workdir or "",
        "script_line": "",
        "download_time": row.download_time,
        "postproc_time": row.postproc_time,
        "stage_log": _stage_log(row),
        "downloaded": row.bytes_downloaded,
        "completeness": None,
        "fail_message": row.fail_message if status == JobStatus.FAILED else "",
        "url_info": "",
        "bytes": row.bytes,
        "meta": None,
        "series": None,
        "md5sum": row.nzb_hash[:32],
        "password": row.password or "",
        "duplicate_key": row.name,
        "archive": row.archived,
        "time_added": int(row.added_at.timestamp()),
        "size": human_size(row.bytes),
        "loaded": False,
        "retry": int(status == JobStatus.FAILED),
    }


def _size_since(rows: list[JobRow], days: int | None) -> str:
    cutoff = datetime.now(UTC) - timedelta(days=days) if days else None
    total = sum(
        r.bytes_downloaded
        for r in rows
        if cutoff is None or (r.completed_at is not None and r.completed_at >= cutoff)
    )
    return units(total)


async def mode_history(call: ApiCall) -> dict[str, Any]:
    if call.get("name") == "delete":
        return await _history_delete(call)
    if call.get("name"):
        raise ApiError(f"unknown history action {call.get('name')!r}")
    manager = call.manager
    every = manager.history()
    rows = every
    categories = call.categories()
    if categories:
        rows = [r for r in rows if r.category.lower() in categories]
    wanted = set(call.ids("nzo_ids"))
    if wanted:
        rows = [r for r in rows if r.nzo_id in wanted]
    search = call.get("search").strip().lower()
    if search:
        rows = [r for r in rows if search in r.name.lower()]
    if call.flag("failed_only"):
        rows = [r for r in rows if manager.status_of(r) == JobStatus.FAILED]
    status_filter = {s.strip().lower() for s in call.get("status").split(",") if s.strip()}
    if status_filter:
        rows = [r for r in rows if manager.status_of(r).lower() in status_filter]
    start = max(0, call.integer("start"))
    limit = max(0, call.integer("limit"))
    page = rows[start : start + limit] if limit else rows[start:]
    finished = {JobStatus.COMPLETED.value, JobStatus.FAILED.value}
    history = {
        "noofslots": len(rows),
        "ppslots": sum(1 for r in every if manager.status_of(r) not in finished),
        "day_size": _size_since(every, 1),
        "week_size": _size_since(every, 7),
        "month_size": _size_since(every, 31),
        "total_size": _size_since(every, None),
        "last_history_update": manager.last_history_update,
        "slots": [_slot(call, r, start + i) for i, r in enumerate(page)],
    }
    return {"history": history}


async def _history_delete(call: ApiCall) -> dict[str, Any]:
    manager = call.manager
    ids = call.ids()
    history = manager.history()
    if ids == ["all"]:
        ids = [r.nzo_id for r in history]
    elif ids == ["failed"]:
        ids = [r.nzo_id for r in history if r.status == JobStatus.FAILED]
    elif ids == ["completed"]:
        ids = [r.nzo_id for r in history if r.status == JobStatus.COMPLETED]
    in_history = {r.nzo_id for r in history}
    targets = [i for i in ids if i in in_history]
    removed = await manager.delete(
        targets, del_files=call.flag("del_files"), archive=call.flag("archive")
    )
    return {"status": bool(removed) or not ids, "nzo_ids": removed}


async def mode_retry(call: ApiCall) -> dict[str, Any]:
    """SABnzbd's retry: ``value`` is the failed job; an uploaded ``nzbfile`` replaces its NZB."""
    new_nzb = None
    try:
        if call.upload is not None:
            filename, raw = call.upload
            data, nzb = await call.intake.checked(raw, filename)
            new_nzb = (filename, data, nzb.total_bytes)
        row = call.manager.retry(call.get("value"), call.get("password") or None, new_nzb)
    except (QueueError, IntakeError) as exc:
        raise ApiError(str(exc)) from None
    return {"status": True, "nzo_id": row.nzo_id}


async def mode_retry_all(call: ApiCall) -> dict[str, Any]:
    """SABnzbd answers with the retried jobs' new ids under ``status``."""
    manager = call.manager
    failed = [r.nzo_id for r in manager.history() if r.status == JobStatus.FAILED]
    retried = [manager.retry(i).nzo_id for i in failed if i not in manager.active]
    return {"status": retried}


HISTORY_MODES: dict[str, Handler] = {
    "history": mode_history,
    "retry": mode_retry,
    "retry_all": mode_retry_all,
}
