"""News server settings, the same knobs SABnzbd exposes per server."""

from __future__ import annotations

import functools
import os
import ssl
import threading

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ServerConfig", "make_ssl_context"]


class ServerConfig(BaseModel):
    """One NNTP server.

    ``priority`` follows SABnzbd: 0 is asked first, higher numbers are backups asked only for
    articles every lower-numbered server lacks. Certificate verification is on unless the
    operator turns it off for one server; ``ssl_ca_file`` lets a private CA verify instead.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    host: str = Field(min_length=1, max_length=255)
    port: int = Field(default=119, ge=1, le=65535)
    ssl: bool = False
    ssl_verify: bool = True
    ssl_ca_file: str | None = None
    username: str | None = None
    password: str | None = Field(default=None, repr=False)
    connections: int = Field(default=8, ge=1, le=200)
    priority: int = Field(default=0, ge=0, le=99)
    enable: bool = True
    timeout: float = Field(default=60.0, gt=0, le=600)
    retention: int = Field(default=0, ge=0, description="days; 0 means unlimited")
    pipelining: int = Field(
        default=4, ge=1, le=64, description="BODY commands in flight per connection"
    )


def make_ssl_context(config: ServerConfig) -> ssl.SSLContext:
    """A client TLS context: system trust store and hostname check unless disabled.

    Loading the trust store costs 40-90 ms of CPU; every connection to a server shares one
    context (as SABnzbd keeps one per server), rebuilt only when the CA file changes.
    """
    stamp = os.stat(config.ssl_ca_file).st_mtime_ns if config.ssl_ca_file else 0
    with _CONTEXTS:  # the first connections of a pool all ask at once: build it once
        return _context(config.ssl_verify, config.ssl_ca_file, stamp)


_CONTEXTS = threading.Lock()


@functools.lru_cache(maxsize=32)
def _context(verify: bool, ca_file: str | None, _ca_stamp: int) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=ca_file)
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context
