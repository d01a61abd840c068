"""Error bodies as the *arr programs send them.

Validation failures are a JSON array of ``{propertyName, errorMessage, attemptedValue,
severity, errorCode}`` (autobrr decodes these; Prowlarr matches messages); other errors are
``{"message": ..., "description": ...}``; a failed API-key check is a bare 401.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from mediastack.core.http import FieldError


def arr_error(request: Request, status: int, message: str, errors: list[FieldError]) -> Response:
    if status == 401:
        return Response(status_code=401)
    if errors and status == 400:
        return JSONResponse(
            [
                {
                    "propertyName": e.field,
                    "errorMessage": e.message,
                    "attemptedValue": e.value,
                    "severity": "error",
                    "errorCode": "PredicateValidator",
                }
                for e in errors
            ],
            status_code=400,
        )
    return JSONResponse({"message": message, "description": None}, status_code=status)
