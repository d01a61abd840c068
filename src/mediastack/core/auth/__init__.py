"""Authentication shared by every service: API keys, passwords, sessions, throttling."""

from mediastack.core.auth.secrets import (
    constant_time_equals,
    generate_api_key,
    generate_password,
    hash_password,
    verify_password,
)
from mediastack.core.auth.sessions import SESSION_COOKIE, SessionSigner
from mediastack.core.auth.state import AuthState, KeyPinnedError
from mediastack.core.auth.throttle import LoginThrottle

__all__ = [
    "SESSION_COOKIE",
    "AuthState",
    "KeyPinnedError",
    "LoginThrottle",
    "SessionSigner",
    "constant_time_equals",
    "generate_api_key",
    "generate_password",
    "hash_password",
    "verify_password",
]
