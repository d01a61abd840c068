"""``addfile``, ``addurl`` and ``addlocalfile``: ``{"status": true, "nzo_ids": [id]}``.

A refused NZB answers ``{"status": false, "nzo_ids": [], "error": reason}``: Sonarr reads an
empty ``nzo_ids`` as "rejected", and people reading the reply get the reason.
"""

from __future__ import annotations

from typing import Any

from mediastack.usenet.api.common import ApiCall, Handler
from mediastack.usenet.queue.intake import AddOptions, IntakeError
from mediastack.usenet.queue.models import JobRow

__all__ = ["ADD_MODES"]


def _options(call: ApiCall) -> AddOptions:
    return AddOptions(
        name=call.get("nzbname") or None,
        category=call.get("cat") or None,
        priority=call.optional_int("priority"),
        pp=call.optional_int("pp"),
        script=call.get("script") or None,
        password=call.get("password") or None,
    )


def _added(row: JobRow) -> dict[str, Any]:
    return {"status": True, "nzo_ids": [row.nzo_id]}


def _refused(message: str) -> dict[str, Any]:
    return {"status": False, "nzo_ids": [], "error": message}


async def mode_addfile(call: ApiCall) -> dict[str, Any]:
    if call.upload is None:
        return _refused("No NZB file uploaded (multipart field 'name' or 'nzbfile')")
    filename, data = call.upload
    try:
        return _added(await call.intake.add_nzb(data, filename, _options(call)))
    except IntakeError as exc:
        return _refused(str(exc))


async def mode_addurl(call: ApiCall) -> dict[str, Any]:
    url = call.get("name") or call.get("value")
    if not url:
        return _refused("No URL given (parameter 'name')")
    try:
        return _added(await call.intake.add_url(url, _options(call)))
    except IntakeError as exc:
        return _refused(str(exc))


async def mode_addlocalfile(call: ApiCall) -> dict[str, Any]:
    path = call.get("name") or call.get("value")
    if not path:
        return _refused("No path given (parameter 'name')")
    try:
        return _added(await call.intake.add_local(path, _options(call)))
    except IntakeError as exc:
        return _refused(str(exc))


ADD_MODES: dict[str, Handler] = {
    "addfile": mode_addfile,
    "addurl": mode_addurl,
    "addlocalfile": mode_addlocalfile,
}
