"""HTTP foundation shared by every role."""

from mediastack.core.http.app import ServiceSpec, build_context, create_app
from mediastack.core.http.context import Component, ServiceContext, context_of
from mediastack.core.http.errors import ApiError, ErrorRenderer, FieldError
from mediastack.core.http.security import api_key_from_request, client_address, is_authenticated

__all__ = [
    "ApiError",
    "Component",
    "ErrorRenderer",
    "FieldError",
    "ServiceContext",
    "ServiceSpec",
    "api_key_from_request",
    "build_context",
    "client_address",
    "context_of",
    "create_app",
    "is_authenticated",
]
