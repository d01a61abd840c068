"""Typed request dependencies for the manager API: authentication and the engine's parts."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from mediastack.core.http import ApiError, ServiceContext, context_of, is_authenticated


def require_auth(request: Request) -> None:
    """API key (header, ``apikey`` parameter, Bearer), a UI session, or an exempt subnet."""
    if not is_authenticated(request):
        raise ApiError(401, "Unauthorized")


Context = Annotated[ServiceContext, Depends(context_of)]
