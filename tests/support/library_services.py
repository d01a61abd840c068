"""What the TV, movie and music integration suites share: one running service per package
(with a clean environment), an authenticated API client, and waiting for a command."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from mediastack.core.roles import Role
from tests.support.services import RunningService, clear_mediastack_env, running_service


@contextmanager
def library_service(
    role: Role, data_root: Path, service: dict[str, Any]
) -> Iterator[RunningService]:
    """The service for ``role`` with the ``service`` settings, outside any MEDIASTACK_* env."""
    saved = clear_mediastack_env()
    with running_service(role, data_root, service=service) as svc:
        yield svc
    os.environ.update(saved)


@contextmanager
def api_client(svc: RunningService, version: str = "v3") -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=f"{svc.url}/api/{version}", headers={"X-Api-Key": svc.api_key}, timeout=30
    ) as client:
        yield client


def wait_command(api: httpx.Client, command: dict[str, Any], timeout: float = 15) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        state: dict[str, Any] = api.get(f"/command/{command['id']}").json()
        if state["status"] in ("completed", "failed") or time.monotonic() > deadline:
            return state
        time.sleep(0.05)
