"""API keys and passwords: generated, hashed and compared without leaking timing."""

from __future__ import annotations

import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()


def generate_api_key() -> str:
    """32 lowercase hex characters: the shape the originals use, so clients validate it."""
    return secrets.token_hex(16)


def generate_password(length: int = 20) -> str:
    return secrets.token_urlsafe(length)[:length]


def constant_time_equals(given: str | None, expected: str) -> bool:
    """Compare secrets in time independent of where they first differ."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
