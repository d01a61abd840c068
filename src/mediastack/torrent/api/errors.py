"""qBittorrent answers errors as short plain-text sentences with the status code."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response

from mediastack.core.http import FieldError


def qbt_error(request: Request, status: int, message: str, errors: list[FieldError]) -> Response:
    return PlainTextResponse(message, status_code=status)
