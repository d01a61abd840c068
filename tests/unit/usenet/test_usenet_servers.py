"""TLS contexts: one per server settings, rebuilt when the CA file changes."""

from __future__ import annotations

import os
import ssl
from pathlib import Path

from mediastack.usenet.engine.servers import ServerConfig, make_ssl_context
from tests.support.nntp_server import make_self_signed_cert


def test_connections_share_one_context_until_the_ca_file_changes(tmp_path: Path) -> None:
    cert, _key = make_self_signed_cert(tmp_path)
    verified = ServerConfig(name="a", host="127.0.0.1", ssl=True, ssl_ca_file=str(cert))
    first = make_ssl_context(verified)
    assert make_ssl_context(verified.model_copy(update={"name": "b"})) is first
    assert first.verify_mode is ssl.CERT_REQUIRED and first.check_hostname
    stat = cert.stat()
    os.utime(cert, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert make_ssl_context(verified) is not first
    unverified = make_ssl_context(verified.model_copy(update={"ssl_verify": False}))
    assert unverified.verify_mode is ssl.CERT_NONE and not unverified.check_hostname
