"""Running one service under uvicorn, refusing a busy port with a clear message."""

from __future__ import annotations

import errno
import socket

import uvicorn
from fastapi import FastAPI


class PortInUseError(RuntimeError):
    pass


def check_port_free(host: str, port: int) -> None:
    """Fail before anything starts when the port is taken: never move silently elsewhere."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise PortInUseError(
                    f"port {port} on {host} is already in use; stop what listens there or "
                    f"set MEDIASTACK_HTTP__PORT"
                ) from exc
            raise


def serve(app: FastAPI, host: str, port: int) -> None:
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        server_header=False,
        proxy_headers=False,
        lifespan="on",
    )
    uvicorn.Server(config).run()
