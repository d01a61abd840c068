"""Logging: the console plus rotating files under ``/config/<name>/logs/``.

Secrets must never reach a log: access lines carry the path without its query string (where
``apikey=`` travels), and a filter masks the service's own secrets wherever they appear.
"""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Iterable
from pathlib import Path

_FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s and len(s) >= 6]

    def add(self, secret: str) -> None:
        if secret and len(secret) >= 6:
            self._secrets.append(secret)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        redacted = message
        for secret in self._secrets:
            redacted = redacted.replace(secret, "(removed)")
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True


def configure_logging(
    level: str,
    log_dir: Path | None,
    file_name: str,
    max_bytes: int,
    backups: int,
    secrets: Iterable[str] = (),
) -> RedactSecrets:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_mediastack", False):
            root.removeHandler(handler)
            handler.close()
    redactor = RedactSecrets(secrets)
    formatter = logging.Formatter(_FORMAT)
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                log_dir / file_name, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
            )
        )
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(redactor)
        handler._mediastack = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level.upper())
    # uvicorn's access log and httpx's request lines print query strings, and API keys
    # travel there (ours inbound, the download clients' and indexers' outbound).
    logging.getLogger("uvicorn.access").disabled = True
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return redactor
