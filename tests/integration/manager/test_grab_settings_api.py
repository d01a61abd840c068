"""Delay profiles, release profiles and remote path mappings are the engine's: Radarr and
Lidarr serve them too, in their originals' schemas."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mediastack.core.roles import Role
from tests.support.openapi import App, assert_response
from tests.support.services import clear_mediastack_env, running_service

ROLES: dict[App, Role] = {"radarr": Role.MOVIES, "lidarr": Role.MUSIC}


@pytest.fixture(scope="module", params=["radarr", "lidarr"])
def arr(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[App, httpx.Client, Path]]:
    app: App = request.param
    saved = clear_mediastack_env()
    root = tmp_path_factory.mktemp(app)
    try:
        with running_service(ROLES[app], root) as svc:
            prefix = "/api/v1" if app == "lidarr" else "/api/v3"
            with httpx.Client(
                base_url=svc.url + prefix, headers={"X-Api-Key": svc.api_key}, timeout=30
            ) as http:
                yield app, http, root
    finally:
        os.environ.update(saved)


def test_the_three_resources_round_trip(arr: tuple[App, httpx.Client, Path]) -> None:
    app, api, root = arr
    listed = api.get("/delayprofile").json()
    assert_response(app, "/delayprofile", "get", listed)
    assert [p["id"] for p in listed] == [1]
    tag = api.post("/tag", json={"label": "later"}).json()["id"]
    delay = api.post("/delayprofile", json={"tags": [tag], "torrentDelay": 30})
    assert delay.status_code == 201, delay.text
    assert_response(app, "/delayprofile", "post", delay.json())
    assert api.delete(f"/delayprofile/{delay.json()['id']}").status_code == 200

    release = api.post("/releaseprofile", json={"required": ["FLAC", "/web-?dl/i"]})
    assert release.status_code == 201, release.text
    assert_response(app, "/releaseprofile/{id}", "get", release.json())
    assert api.get("/releaseprofile").json() == [release.json()]
    assert api.delete(f"/releaseprofile/{release.json()['id']}").status_code == 200

    (root / "mapped").mkdir()
    body = {"host": "nas", "remotePath": "D:\\Downloads", "localPath": str(root / "mapped")}
    mapping = api.post("/remotepathmapping", json=body)
    assert mapping.status_code == 201, mapping.text
    assert mapping.json()["remotePath"] == "D:\\Downloads\\"
    assert_response(app, "/remotepathmapping", "get", api.get("/remotepathmapping").json())
    changed = api.put("/remotepathmapping", json=mapping.json() | {"host": "nas2"})
    assert changed.status_code == 202 and changed.json()["host"] == "nas2"
    assert api.delete(f"/remotepathmapping/{mapping.json()['id']}").status_code == 200
