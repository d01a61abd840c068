"""Shared helpers for the *arr JSON resources: timestamps and durations in their format."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi import Request

from mediastack.core.http import ApiError, FieldError


def iso(value: datetime | None) -> str | None:
    """UTC timestamps as the originals write them: ``2026-11-24T05:09:29Z``."""
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def timespan(value: timedelta) -> str:
    """.NET TimeSpan text (``00:01:02.5000000``), which clients parse for durations."""
    total = value.total_seconds()
    hours, rest = divmod(int(total), 3600)
    minutes, seconds = divmod(rest, 60)
    fraction = min(round((total - int(total)) * 10_000_000), 9_999_999)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{text}.{fraction:07d}" if fraction else text


async def json_body(request: Request) -> dict[str, Any]:
    """The request body as a JSON object, or the originals' validation error."""
    try:
        body = await request.json()
    except ValueError:
        raise ApiError(400, "Request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "Request body must be a JSON object")
    return body


def invalid(field: str, message: str, value: Any = None) -> ApiError:
    return ApiError(400, message, [FieldError(field, message, value)])
