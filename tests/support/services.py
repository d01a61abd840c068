"""Run one of our services for real, on a loopback port, inside the test process."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from mediastack.core.config import Settings, load_settings
from mediastack.core.http import ServiceContext, create_app
from mediastack.core.roles import Role
from mediastack.services import spec_for

# The torrent service in tests: peers on loopback only, nothing announced anywhere.
TORRENT_LOOPBACK: dict[str, Any] = {
    "listen_interface": "127.0.0.1",
    "listen_port": 0,
    "enable_dht": False,
    "enable_pex": False,
    "enable_lsd": False,
    "enable_upnp": False,
    "enable_natpmp": False,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningService:
    role: Role
    url: str
    settings: Settings
    ctx: ServiceContext

    @property
    def api_key(self) -> str:
        return self.ctx.auth.api_key


def clear_mediastack_env() -> dict[str, str]:
    saved = {k: v for k, v in os.environ.items() if k.startswith("MEDIASTACK_")}
    for k in saved:
        del os.environ[k]
    return saved


@contextmanager
def running_service(role: Role, data_root: Path, **overrides: Any) -> Iterator[RunningService]:
    """Start ``role`` with its data under ``data_root``; stop it when the block ends."""
    port = free_port()
    http = {"host": "127.0.0.1", "port": port, **overrides.pop("http", {})}
    paths = {"data_root": data_root, **overrides.pop("paths", {})}
    if role is Role.TORRENT:
        overrides["service"] = {**TORRENT_LOOPBACK, **overrides.get("service", {})}
    settings = load_settings(role, http=http, paths=paths, **overrides)
    app = create_app(spec_for(role), settings)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{role.value}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"{role.value} did not start")
        time.sleep(0.02)
    try:
        yield RunningService(role, f"http://127.0.0.1:{port}", settings, app.state.ctx)
    finally:
        server.should_exit = True
        thread.join(timeout=20)
