"""Our movie JSON against Radarr's own OpenAPI spec (types of every declared field)."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.integration.movies.conftest import IN_CINEMAS
from tests.support.openapi import assert_component


def test_resources_match_radarr_spec(api: httpx.Client, root: Path) -> None:
    folder = root / "Mirrors (2008)"
    folder.mkdir()
    (folder / "Mirrors.2008.720p.BluRay.x264-GRP.mkv").write_bytes(b"\0" * 10)
    imported = api.post(
        "/movie/import", json=[{"tmdbId": 13515, "path": str(folder), "qualityProfileId": 1}]
    )
    assert imported.status_code == 201, imported.text
    assert_component("radarr", "MovieResource", imported.json(), many=True)
    added = api.post(
        "/movie", json={"tmdbId": IN_CINEMAS, "qualityProfileId": 1, "rootFolderPath": str(root)}
    )
    assert_component("radarr", "MovieResource", added.json())
    assert_component("radarr", "MovieResource", api.get("/movie").json(), many=True)
    lookup = api.get("/movie/lookup", params={"term": "The Matrix"}).json()
    assert_component("radarr", "MovieResource", lookup, many=True)
    files = api.get("/moviefile", params={"movieId": imported.json()[0]["id"]}).json()
    assert_component("radarr", "MovieFileResource", files, many=True)
    missing = api.get("/wanted/missing").json()
    assert_component("radarr", "MovieResourcePagingResource", missing)
    calendar = api.get("/calendar", params={"start": "1990-01-01", "end": "2100-01-01"}).json()
    assert_component("radarr", "MovieResource", calendar, many=True)
