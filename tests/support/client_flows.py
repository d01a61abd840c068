"""Client replays every manager shares: Prowlarr's application sync and Unpackerr paging
through the queue, call by call as those clients make them (COMPAT.md)."""

from __future__ import annotations

import time
from typing import Any

import httpx

from tests.support.fake_indexer import FakeIndexer
from tests.support.openapi import App, assert_response


def query_key_client(url: str, api_key: str) -> httpx.Client:
    """A client that puts the key in the query string, as Overseerr and Homepage do."""
    return httpx.Client(base_url=url, params={"apikey": api_key}, timeout=30)


def poll(api: httpx.Client, path: str, command_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + 20
    while True:
        state: dict[str, Any] = api.get(f"{path}/{command_id}").json()
        if state["status"] in ("completed", "failed") or time.monotonic() > deadline:
            return state
        time.sleep(0.05)


def prowlarr_sync(
    api: httpx.Client,
    fake: FakeIndexer,
    categories: list[int],
    extras: set[str],
    minimum: tuple[int, ...],
) -> None:
    """Schema -> add (forceSave) -> find "its" indexer -> update -> test (which calls back
    into the indexer's caps) -> delete. ``extras``: the original's own field names Prowlarr
    copies; ``minimum``: the version Prowlarr requires (P3)."""
    status = api.get("/system/status")
    version = tuple(int(p) for p in status.headers["X-Application-Version"].split("."))
    assert len(version) == 4 and version >= minimum
    schema = {s["implementation"]: s for s in api.get("/indexer/schema").json()}
    newznab = schema["Newznab"]
    copied = {
        "baseUrl": fake.url,
        "apiPath": "/api",
        "apiKey": fake.api_key,
        "categories": categories,
        "additionalParameters": "",
    }
    names = {f["name"] for f in newznab["fields"]}
    assert set(copied) | extras <= names, (set(copied) | extras) - names
    body = newznab | {
        "name": "Fake (Prowlarr)",
        "enableRss": True,
        "enableAutomaticSearch": True,
        "enableInteractiveSearch": True,
        "priority": 25,
        "tags": [],
        "fields": [
            f | {"value": copied[f["name"]]} if f["name"] in copied else f
            for f in newznab["fields"]
        ],
    }
    created = api.post("/indexer", params={"forceSave": "true"}, json=body)
    assert created.status_code == 201, created.text
    indexer = created.json()
    try:
        mine = [
            i
            for i in api.get("/indexer").json()
            if i["implementation"] == "Newznab"
            and {f["name"]: f.get("value") for f in i["fields"]}["baseUrl"] == fake.url
            and i["name"].endswith("(Prowlarr)")
        ]
        assert [i["id"] for i in mine] == [indexer["id"]]
        changed = indexer | {
            "fields": [
                f | {"value": categories[:1]} if f["name"] == "categories" else f
                for f in indexer["fields"]
            ]
        }
        updated = api.put(f"/indexer/{indexer['id']}", params={"forceSave": "true"}, json=changed)
        assert updated.status_code == 202, updated.text
        before = len(fake.requests_for("caps"))
        tested = api.post("/indexer/test", json=updated.json())
        assert tested.status_code == 200, tested.text
        assert len(fake.requests_for("caps")) > before  # the test called back into the indexer
    finally:
        assert api.delete(f"/indexer/{indexer['id']}").status_code == 200


def unpackerr_pages(
    app: App, api: httpx.Client, unknown_flag: str, expected: int
) -> list[dict[str, Any]]:
    """Every queue record, one page of one at a time, each page held to the document."""
    collected: list[dict[str, Any]] = []
    page = 1
    while True:
        body = api.get("/queue", params={"page": page, "pageSize": 1, unknown_flag: "true"}).json()
        assert_response(app, "/queue", "get", body)
        collected += body["records"]
        if len(collected) >= body["totalRecords"] or not body["records"]:
            break
        page += 1
    assert len(collected) == body["totalRecords"] == expected
    assert len({r["id"] for r in collected}) == len(collected)
    for record in collected:
        assert record["protocol"] == "usenet" and record["downloadId"]
        assert record["trackedDownloadState"] and "outputPath" in record
    return collected


def recyclarr_sync(
    api: httpx.Client, app_name: str, rename_field: str, format_field: str, trash_format: str
) -> None:
    """Recyclarr's TRaSH sync: a custom format, its score in a profile, quality sizes in
    bulk, and the naming format, each read back as written, then put back."""
    assert api.get("/system/status").json()["appName"] == app_name
    trash = {
        "name": "BR-DISK (Recyclarr)",
        "includeCustomFormatWhenRenaming": False,
        "specifications": [
            {
                "name": "BR-DISK",
                "implementation": "ReleaseTitleSpecification",
                "negate": False,
                "required": True,
                "fields": [{"name": "value", "value": "\\b(BR-?DISK|COMPLETE.BLURAY)\\b"}],
            }
        ],
    }
    created = api.post("/customformat", json=trash)
    assert created.status_code == 201, created.text
    cf = created.json()
    profile = next(p for p in api.get("/qualityprofile").json() if p["name"] == "HD-1080p")
    original = dict(profile)
    try:
        profile["formatItems"] = [
            i | {"score": -10000} if i["format"] == cf["id"] else i for i in profile["formatItems"]
        ]
        profile["minFormatScore"] = 0
        scored = api.put(f"/qualityprofile/{profile['id']}", json=profile)
        assert scored.status_code == 202, scored.text
        assert {i["format"]: i["score"] for i in scored.json()["formatItems"]}[cf["id"]] == -10000
        definitions = api.get("/qualitydefinition").json()
        sizes = [dict(d) for d in definitions]
        web = next(d for d in definitions if d["quality"]["name"] == "WEBDL-1080p")
        web |= {"minSize": 10.0, "maxSize": 200.0, "preferredSize": 150.0}
        updated = api.put("/qualitydefinition/update", json=definitions)
        assert updated.status_code == 202, updated.text
        [after] = [d for d in updated.json() if d["quality"]["name"] == "WEBDL-1080p"]
        assert (after["minSize"], after["maxSize"], after["preferredSize"]) == (10.0, 200.0, 150.0)
        api.put("/qualitydefinition/update", json=sizes)
        naming = api.get("/config/naming").json()
        renamed = api.put(
            "/config/naming", json=naming | {rename_field: True, format_field: trash_format}
        )
        assert renamed.status_code == 202, renamed.text
        assert renamed.json()[format_field] == trash_format
        api.put("/config/naming", json=naming)
    finally:
        api.put(f"/qualityprofile/{original['id']}", json=original)
        api.delete(f"/customformat/{cf['id']}")
