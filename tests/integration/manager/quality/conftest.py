"""One running TV, movies and music service for the quality tests of this folder.

The tests share them (starting a service costs about a second), so each test uses its
own names and checks what it created rather than global counts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import pytest

from mediastack.core.roles import Role
from tests.support.services import RunningService, clear_mediastack_env, running_service

App = Literal["sonarr", "radarr", "lidarr"]
ROLES: dict[App, Role] = {"sonarr": Role.TV, "radarr": Role.MOVIES, "lidarr": Role.MUSIC}


@dataclass
class Arr:
    """Raw HTTP against one manager, as Recyclarr talks to it (JSON, X-Api-Key)."""

    app: App
    service: RunningService
    http: httpx.Client

    @property
    def prefix(self) -> str:
        return "/api/v1" if self.app == "lidarr" else "/api/v3"

    def call(self, method: str, path: str, body: Any = None) -> httpx.Response:
        return self.http.request(method, self.prefix + path, json=body)

    def ok(self, method: str, path: str, body: Any = None) -> Any:
        """The JSON of a call that must succeed."""
        response = self.call(method, path, body)
        assert response.is_success, (method, path, response.status_code, response.text)
        return response.json() if response.content else None


@pytest.fixture(scope="package")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[App, RunningService]]:
    saved = clear_mediastack_env()
    try:
        with (
            running_service(Role.TV, tmp_path_factory.mktemp("tv")) as tv,
            running_service(Role.MOVIES, tmp_path_factory.mktemp("movies")) as movies,
            running_service(Role.MUSIC, tmp_path_factory.mktemp("music")) as music,
        ):
            yield {"sonarr": tv, "radarr": movies, "lidarr": music}
    finally:
        os.environ.update(saved)


@pytest.fixture(params=["sonarr", "radarr", "lidarr"])
def arr(request: pytest.FixtureRequest, services: dict[App, RunningService]) -> Iterator[Arr]:
    app: App = request.param
    svc = services[app]
    with httpx.Client(base_url=svc.url, headers={"X-Api-Key": svc.api_key}, timeout=10) as http:
        yield Arr(app, svc, http)


@pytest.fixture
def sonarr_http(services: dict[App, RunningService]) -> Iterator[Arr]:
    svc = services["sonarr"]
    with httpx.Client(base_url=svc.url, headers={"X-Api-Key": svc.api_key}, timeout=10) as http:
        yield Arr("sonarr", svc, http)
