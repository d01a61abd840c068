"""Request-level credential checks shared by the roles' own auth dependencies."""

from __future__ import annotations

from fastapi import Request
from starlette.requests import HTTPConnection

from mediastack.core.auth import SESSION_COOKIE
from mediastack.core.http.context import context_of


def client_address(request: HTTPConnection) -> str:
    return request.client.host if request.client else ""


def api_key_from_request(request: HTTPConnection) -> str | None:
    """The key as the *arr programs accept it: header, ``apikey`` parameter, or Bearer."""
    key = request.headers.get("x-api-key")
    if key:
        return key
    key = request.query_params.get("apikey") or request.query_params.get("apiKey")
    if key:
        return key
    authorization = request.headers.get("authorization", "")
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip()
    return None


def is_authenticated(request: Request) -> bool:
    """Exempt subnet, a valid API key, or a valid UI session."""
    ctx = context_of(request)
    if ctx.auth.is_exempt(client_address(request)):
        return True
    if ctx.auth.api_key_matches(api_key_from_request(request)):
        return True
    return ctx.auth.session_user(request.cookies.get(SESSION_COOKIE)) is not None
