"""A movie service started without a TMDB key: it runs, says what to fix, and stores nothing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mediastack.core.roles import Role
from tests.integration.movies.conftest import movie_service_config
from tests.support.fake_tmdb import FakeTmdb
from tests.support.services import clear_mediastack_env, running_service

KEY_ENV = "MEDIASTACK_SERVICE__METADATA__TMDB_API_KEY"


@pytest.fixture(scope="module")
def keyless(tmp_path_factory: pytest.TempPathFactory, tmdb: FakeTmdb) -> Iterator[httpx.Client]:
    saved = clear_mediastack_env()
    service = movie_service_config(tmdb, key="")
    with (
        running_service(Role.MOVIES, tmp_path_factory.mktemp("keyless"), service=service) as svc,
        httpx.Client(
            base_url=f"{svc.url}/api/v3", headers={"X-Api-Key": svc.api_key}, timeout=30
        ) as client,
    ):
        yield client
    os.environ.update(saved)


def test_missing_key_is_a_clear_error_and_nothing_is_stored(
    keyless: httpx.Client, tmdb: FakeTmdb
) -> None:
    before = len(tmdb.requests)
    health = keyless.get("/health").json()
    [problem] = [h for h in health if h["source"] == "MetadataProviderCheck"]
    assert problem["type"] == "error" and KEY_ENV in problem["message"]
    lookup = keyless.get("/movie/lookup", params={"term": "tmdb:603"})
    assert lookup.status_code == 503 and KEY_ENV in lookup.json()["message"]
    root = keyless.get("/rootfolder").json()[0]["path"]
    added = keyless.post(
        "/movie", json={"tmdbId": 603, "qualityProfileId": 1, "rootFolderPath": root}
    )
    assert added.status_code == 503 and "No TMDB API key is set" in added.json()["message"]
    assert keyless.get("/movie").json() == [] and not any(Path(root).iterdir())
    assert len(tmdb.requests) == before  # nothing was sent to TMDB without a key
