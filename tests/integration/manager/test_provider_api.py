"""Indexers and download clients over the API, as Prowlarr and the UI manage them.

The indexer is a loopback fake serving recorded Newznab/Torznab responses; the download
clients are our own torrent and usenet services, started for real.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mediastack.core.roles import Role
from tests.support.fake_indexer import fixture, running_fake_indexer
from tests.support.services import RunningService, clear_mediastack_env, running_service

PROWLARR_KEY = "a" * 32


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[dict[Role, RunningService]]:
    saved = clear_mediastack_env()
    try:
        with (
            running_service(Role.TV, tmp_path) as tv,
            running_service(Role.USENET, tmp_path) as usenet,
            running_service(
                Role.TORRENT, tmp_path, auth={"password": "torrent password"}
            ) as torrent,
        ):
            yield {Role.TV: tv, Role.USENET: usenet, Role.TORRENT: torrent}
    finally:
        os.environ.update(saved)


def api(svc: RunningService) -> httpx.Client:
    return httpx.Client(base_url=f"{svc.url}/api/v3", headers={"X-Api-Key": svc.api_key})


def field_values(resource: dict[str, Any]) -> dict[str, Any]:
    return {f["name"]: f["value"] for f in resource["fields"]}


def with_fields(template: dict[str, Any], **values: Any) -> dict[str, Any]:
    body = dict(template)
    body["fields"] = [
        {**f, "value": values.get(f["name"].replace(".", "_"), f["value"])}
        for f in template["fields"]
    ]
    return body


def test_prowlarr_style_indexer_sync(stack: dict[Role, RunningService]) -> None:
    sonarr = api(stack[Role.TV])
    schema = sonarr.get("/indexer/schema").json()
    implementations = {s["implementation"]: s for s in schema}
    assert set(implementations) == {"Newznab", "Torznab"}
    torznab_fields = {f["name"] for f in implementations["Torznab"]["fields"]}
    for name in (
        "baseUrl",
        "apiPath",
        "apiKey",
        "categories",
        "minimumSeeders",
        "seedCriteria.seedRatio",
        "seedCriteria.seedTime",
        "seedCriteria.seasonPackSeedTime",
        "rejectBlocklistedTorrentHashesWhileGrabbing",
        "additionalParameters",
        "animeCategories",
        "animeStandardFormatSearch",
    ):
        assert name in torznab_fields, name

    with running_fake_indexer(
        api_key=PROWLARR_KEY,
        routes={
            "caps": fixture("caps_nzbfinder.xml"),
            "tvsearch": fixture("tvsearch_nzb_su.xml"),
            "search": fixture("tvsearch_nzb_su.xml"),
        },
    ) as fake:
        body = with_fields(
            implementations["Newznab"], baseUrl=f"{fake.url}/1/", apiKey=PROWLARR_KEY
        )
        body |= {"name": "NZBFinder (Prowlarr)", "enableRss": True, "tags": []}
        created = sonarr.post("/indexer", params={"forceSave": "true"}, json=body)
        assert created.status_code == 201, created.text
        indexer = created.json()
        assert not fake.requests  # forceSave: no test on save
        values = field_values(indexer)
        assert values["baseUrl"] == f"{fake.url}/1/"
        assert values["apiKey"] == "********"  # never echoed back

        tested = sonarr.post("/indexer/test", json=indexer)  # masked key: the stored one is used
        assert tested.status_code == 200, tested.text
        assert fake.requests_for("caps") and fake.requests[-1].params["apikey"] == PROWLARR_KEY

        indexer["priority"] = 10
        updated = sonarr.put(
            f"/indexer/{indexer['id']}", params={"forceSave": "true"}, json=indexer
        )
        assert updated.status_code == 202 and updated.json()["priority"] == 10
        assert sonarr.get(f"/indexer/{indexer['id']}").json()["priority"] == 10

        wrong = with_fields(implementations["Newznab"], baseUrl=f"{fake.url}/1/", apiKey="b" * 32)
        wrong |= {"name": "Wrong key"}
        refused = sonarr.post("/indexer", json=wrong)  # without forceSave: tested first
        assert refused.status_code == 400
        assert refused.json()[0]["propertyName"] == "apiKey"
        assert [i["name"] for i in sonarr.get("/indexer").json()] == ["NZBFinder (Prowlarr)"]

        duplicate = sonarr.post("/indexer", params={"forceSave": "true"}, json=body)
        assert duplicate.status_code == 400 and duplicate.json()[0]["propertyName"] == "name"
        assert sonarr.delete(f"/indexer/{indexer['id']}").status_code == 200
        assert sonarr.get("/indexer").json() == []


def test_download_clients_added_and_tested_against_our_services(
    stack: dict[Role, RunningService],
) -> None:
    sonarr = api(stack[Role.TV])
    schema = {s["implementation"]: s for s in sonarr.get("/downloadclient/schema").json()}
    usenet = stack[Role.USENET]
    port = int(usenet.url.rsplit(":", 1)[1])
    sab = with_fields(
        schema["Sabnzbd"], host="127.0.0.1", port=port, apiKey=usenet.api_key, tvCategory="tv"
    )
    sab["name"] = "Our usenet"
    created = sonarr.post("/downloadclient", json=sab)  # tested against the real service
    assert created.status_code == 201, created.text
    assert field_values(created.json())["apiKey"] == "********"

    bad = with_fields(
        schema["Sabnzbd"], host="127.0.0.1", port=port, apiKey="0" * 32, tvCategory="tv"
    )
    bad["name"] = "Wrong key"
    refused = sonarr.post("/downloadclient", json=bad)
    assert refused.status_code == 400 and refused.json()[0]["propertyName"] == "apiKey"

    client = created.json()
    client["priority"] = 5
    assert sonarr.put("/downloadclient", json=client).json()["priority"] == 5  # id in the body
    assert sonarr.post("/downloadclient/test", json=client).status_code == 200
    assert sonarr.delete(f"/downloadclient/{client['id']}").status_code == 200
    assert sonarr.get("/downloadclient").json() == []
