"""Error bodies: one mechanism, rendered in the shape each original program uses.

Clients of Sonarr parse ``{"message": ...}`` and validation arrays, qBittorrent clients read a
plain-text body, SABnzbd clients read ``{"status": false, "error": ...}``. Each role gives
a renderer; everything else (which exceptions map to which status) is shared.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str
    value: Any = None


ErrorRenderer = Callable[[Request, int, str, list[FieldError]], Response]


class ApiError(Exception):
    """An error a handler wants reported to the client with a given status."""

    def __init__(
        self, status_code: int, message: str, field_errors: list[FieldError] | None = None
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.field_errors = field_errors or []


def default_renderer(
    request: Request, status: int, message: str, errors: list[FieldError]
) -> Response:
    body: dict[str, Any] = {"status": status, "message": message}
    if errors:
        body["errors"] = [{"field": e.field, "message": e.message} for e in errors]
    return JSONResponse(body, status_code=status)


def _validation_errors(exc: RequestValidationError) -> list[FieldError]:
    errors = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "form")]
        errors.append(FieldError(".".join(loc), str(err.get("msg", "")), err.get("input")))
    return errors


def install_error_handlers(app: FastAPI, renderer_for: Callable[[Request], ErrorRenderer]) -> None:
    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return renderer_for(request)(request, exc.status_code, exc.message, exc.field_errors)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        response = renderer_for(request)(request, exc.status_code, str(exc.detail), [])
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = _validation_errors(exc)
        message = "; ".join(f"{e.field}: {e.message}" if e.field else e.message for e in errors)
        return renderer_for(request)(request, 400, message or "Invalid request", errors)

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return renderer_for(request)(request, 500, "Internal server error", [])

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(Exception, on_unexpected)
