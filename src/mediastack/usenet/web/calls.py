"""How the usenet pages act: through the SABnzbd API's own mode handlers, called in-process.

A page button is the API call a SABnzbd client would make (``mode=switch``,
``mode=retry``, ``mode=config&name=test_server``...), so the page refuses what the API
refuses with the same sentence and can never drift from what Sonarr and Radarr see.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from mediastack.core.http import context_of
from mediastack.usenet.api.common import ApiCall, ApiError
from mediastack.usenet.api.modes import MODES

__all__ = ["FORM_LIMITS", "ModeRefused", "api_call", "form_of", "run_mode"]

FORM_LIMITS: dict[str, Any] = {"max_files": 4, "max_fields": 40, "max_part_size": 64 * 1024}
"""Enough for every usenet form (the NZB upload sets its own part size)."""


class ModeRefused(Exception):
    """The API answered ``{"status": false, "error": ...}``; the message is its sentence."""


def api_call(request: Request, **params: str) -> ApiCall:
    """An in-process SABnzbd call: the API's views and its manager/intake accessors."""
    return ApiCall(ctx=context_of(request), params=params)


async def run_mode(request: Request, mode: str, **params: str) -> dict[str, Any]:
    """Answer ``mode`` with ``params`` as ``/api`` would; a refusal raises ModeRefused."""
    try:
        answer = await MODES[mode](api_call(request, mode=mode, **params))
    except ApiError as exc:
        raise ModeRefused(str(exc)) from None
    if answer.get("status") is False:
        raise ModeRefused(str(answer.get("error") or f"{mode} was refused"))
    return answer


async def form_of(request: Request) -> dict[str, str]:
    """A posted form's text fields (the last of repeated names), within FORM_LIMITS."""
    try:
        form = await request.form(**FORM_LIMITS)
    except Exception:  # malformed multipart, too many parts, oversized field
        return {}
    return {k: v for k, v in form.multi_items() if isinstance(v, str)}
