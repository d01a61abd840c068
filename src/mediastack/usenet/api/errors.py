"""SABnzbd reports errors as ``{"status": false, "error": "..."}``."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from mediastack.core.http import FieldError


def sab_error(request: Request, status: int, message: str, errors: list[FieldError]) -> Response:
    return JSONResponse({"status": False, "error": message}, status_code=status)
