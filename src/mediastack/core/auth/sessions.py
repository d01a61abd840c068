"""Signed session cookies for the web UI and form logins.

The cookie carries the user name and a fingerprint of the current password hash, so that
changing the password signs every existing session out.
"""

from __future__ import annotations

import hashlib

from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "mediastack_session"


class SessionSigner:
    def __init__(self, secret: str, max_age_seconds: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="mediastack.session")
        self.max_age_seconds = max_age_seconds

    @staticmethod
    def _fingerprint(password_hash: str | None) -> str:
        return hashlib.sha256((password_hash or "").encode()).hexdigest()[:16]

    def issue(self, username: str, password_hash: str | None) -> str:
        return self._serializer.dumps({"u": username, "p": self._fingerprint(password_hash)})

    def verify(self, token: str | None, password_hash: str | None) -> str | None:
        """The user name in a valid, unexpired token for the current password; else None."""
        if not token:
            return None
        try:
            data = self._serializer.loads(token, max_age=self.max_age_seconds)
        except BadSignature:
            return None
        if not isinstance(data, dict) or data.get("p") != self._fingerprint(password_hash):
            return None
        user = data.get("u")
        return user if isinstance(user, str) else None
