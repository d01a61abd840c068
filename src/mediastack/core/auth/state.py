"""The live authentication state of one service: keys, password, sessions, throttle.

Secrets that must survive restarts (API key, session secret, password hash) are generated
at first start and kept in config.yaml, which only the service's user may read. A key or
password pinned by the environment wins and is never written to disk.
"""

from __future__ import annotations

import ipaddress
import logging
import threading

from mediastack.core.auth.secrets import (
    constant_time_equals,
    generate_api_key,
    hash_password,
    verify_password,
)
from mediastack.core.auth.sessions import SessionSigner
from mediastack.core.auth.throttle import LoginThrottle
from mediastack.core.config.settings import Settings
from mediastack.core.config.yamlfile import read_yaml, update_yaml

log = logging.getLogger(__name__)


class KeyPinnedError(RuntimeError):
    """The API key comes from the environment; rotate it there."""


class AuthState:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        self._api_key = self._ensure_api_key()
        self._session_secret = self._ensure_session_secret()
        self._password_hash = self._initial_password_hash()
        self.username = settings.auth.username
        self.sessions = SessionSigner(self._session_secret, settings.auth.session_days * 86400)
        self.throttle = LoginThrottle(
            max_failures=settings.auth.max_failures,
            window_seconds=settings.auth.failure_window_seconds,
            ban_seconds=settings.auth.ban_seconds,
        )
        self._exempt = list(settings.auth.exempt_subnets)

    # Persistence -----------------------------------------------------------------------

    def _persisted(self) -> dict[str, object]:
        auth = read_yaml(self._settings.config_file).get("auth")
        return auth if isinstance(auth, dict) else {}

    def _key_pinned(self) -> bool:
        persisted = self._persisted().get("api_key")
        current = self._settings.auth.api_key
        return current is not None and current.get_secret_value() != persisted

    def _ensure_api_key(self) -> str:
        if self._settings.auth.api_key is not None:
            return self._settings.auth.api_key.get_secret_value()
        key = generate_api_key()
        update_yaml(self._settings.config_file, "auth", {"api_key": key})
        log.info("generated a new API key (stored in %s)", self._settings.config_file)
        return key

    def _ensure_session_secret(self) -> str:
        if self._settings.auth.session_secret is not None:
            return self._settings.auth.session_secret.get_secret_value()
        secret = generate_api_key() + generate_api_key()
        update_yaml(self._settings.config_file, "auth", {"session_secret": secret})
        return secret

    def _initial_password_hash(self) -> str | None:
        if self._settings.auth.password is not None:
            return hash_password(self._settings.auth.password.get_secret_value())
        return self._settings.auth.password_hash

    # API keys ---------------------------------------------------------------------------

    @property
    def api_key(self) -> str:
        return self._api_key

    def api_key_matches(self, given: str | None) -> bool:
        return constant_time_equals(given, self._api_key)

    def rotate_api_key(self) -> str:
        """Replace the API key; the old one stops working at once."""
        with self._lock:
            if self._key_pinned():
                raise KeyPinnedError("the API key is set by the environment; change it there")
            key = generate_api_key()
            update_yaml(self._settings.config_file, "auth", {"api_key": key})
            self._api_key = key
            return key

    # Passwords --------------------------------------------------------------------------

    @property
    def password_set(self) -> bool:
        return self._password_hash is not None

    @property
    def password_hash(self) -> str | None:
        return self._password_hash

    def check_password(self, username: str, password: str) -> bool:
        if self._password_hash is None:
            return False
        user_ok = constant_time_equals(username, self.username)
        password_ok = verify_password(password, self._password_hash)
        return user_ok and password_ok

    def set_password(self, password: str, username: str | None = None) -> None:
        """First-run setup or a password change; every open session is signed out."""
        if len(password) < 8:
            raise ValueError("the password must have at least 8 characters")
        with self._lock:
            self._password_hash = hash_password(password)
            values: dict[str, object] = {"password_hash": self._password_hash}
            if username:
                self.username = username
                values["username"] = username
            update_yaml(self._settings.config_file, "auth", values)

    # Sessions and exemptions ------------------------------------------------------------

    def issue_session(self) -> str:
        return self.sessions.issue(self.username, self._password_hash)

    def session_user(self, token: str | None) -> str | None:
        return self.sessions.verify(token, self._password_hash)

    def is_exempt(self, client_host: str | None) -> bool:
        if not client_host or not self._exempt:
            return False
        try:
            address = ipaddress.ip_address(client_host)
        except ValueError:
            return False
        return any(address in net for net in self._exempt)
