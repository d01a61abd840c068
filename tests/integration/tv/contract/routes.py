"""The Tier 1 and Tier 2 operations of COMPAT.md, each with a request that exercises it.

Every entry names the operation as the Sonarr v3 OpenAPI document does (method and path
without ``/api/v3``); ``test_routes`` holds the table and each request to the document
with the shared generator (``tests/support/contract.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from tests.integration.tv.conftest import GOT_TVDB
from tests.integration.tv.contract.conftest import Contract
from tests.support.contract import PAGING, Op, get
from tests.support.contract_engine import (
    ENGINE_NOT_IN_TIERS,
    ENGINE_TIER_PREFIXES,
    Names,
    calendar,
    engine_ops,
    serial,
)

FLASH_TVDB = 279121  # recorded by the fake TVmaze without episodes: cheap to add and drop

NAMES = Names(
    subject_ids=("seriesId", "episodeId"),
    tag_ids="seriesIds",
    history=("episodeId",),
    blocklist=("seriesId", "episodeIds"),
    include_queue={"includeEpisode": "true", "includeUnknownSeriesItems": "true"},
    naming=("renameEpisodes", "standardEpisodeFormat", "colonReplacementFormat"),
    command={"name": "RescanSeries"},
    sizes=("minSize", "maxSize", "preferredSize"),
)


def _flash(c: Contract) -> dict[str, Any]:
    [info] = c.api.get("/series/lookup", params={"term": f"tvdb:{FLASH_TVDB}"}).json()
    root = c.api.get("/rootfolder").json()[0]["path"]
    return info | {"qualityProfileId": 1, "languageProfileId": 1, "rootFolderPath": root}


def _with_flash(c: Contract) -> int:
    response = c.api.post("/series", json=_flash(c))
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _drop(c: Contract, series_id: int) -> None:
    c.api.delete(f"/series/{series_id}", params={"deleteFiles": "true"})


def add_series(c: Contract) -> httpx.Response:
    response = c.api.post("/series", json=_flash(c))
    if response.status_code == 201:
        _drop(c, response.json()["id"])
    return response


def import_series(c: Contract) -> httpx.Response:
    response = c.api.post("/series/import", json=[_flash(c)])
    for item in response.json() if response.status_code == 200 else []:
        _drop(c, item["id"])
    return response


def delete_series(c: Contract) -> httpx.Response:
    series_id = _with_flash(c)
    return c.api.delete(
        f"/series/{series_id}", params={"deleteFiles": "true", "addImportListExclusion": "false"}
    )


def edit_series(c: Contract) -> httpx.Response:
    body = {"seriesIds": [c.series_id], "monitored": True, "tags": [c.tag_id], "applyTags": "add"}
    return c.api.put("/series/editor", json=body)


def delete_series_editor(c: Contract) -> httpx.Response:
    series_id = _with_flash(c)
    return c.api.request(
        "DELETE", "/series/editor", json={"seriesIds": [series_id], "deleteFiles": True}
    )


def update_series(c: Contract) -> httpx.Response:
    current = c.api.get(f"/series/{c.series_id}").json()
    return c.api.put(f"/series/{c.series_id}", json=current)


def update_episode(c: Contract) -> httpx.Response:
    episode = c.api.get(f"/episode/{c.episode(1, 2)}").json()
    return c.api.put(f"/episode/{episode['id']}", json=episode | {"monitored": True})


def monitor_episodes(c: Contract) -> httpx.Response:
    return c.api.put("/episode/monitor", json={"episodeIds": [c.episode(1, 2)], "monitored": True})


def exclusion_roundtrip(c: Contract, then: Callable[[dict[str, Any]], httpx.Response]) -> Any:
    created = c.api.post("/importlistexclusion", json={"tvdbId": 999001, "title": "Excluded"})
    assert created.status_code == 201, created.text
    try:
        return then(created.json())
    finally:
        c.api.delete(f"/importlistexclusion/{created.json()['id']}")


def add_exclusion(c: Contract) -> httpx.Response:
    response = c.api.post(
        "/importlistexclusion", json={"tvdbId": serial() + 500000, "title": "Gone"}
    )
    if response.status_code == 201:
        c.api.delete(f"/importlistexclusion/{response.json()['id']}")
    return response


def delete_exclusion(c: Contract) -> httpx.Response:
    created = c.api.post("/importlistexclusion", json={"tvdbId": 999002, "title": "Gone"})
    return c.api.delete(f"/importlistexclusion/{created.json()['id']}")


SERIES_FIELDS = (
    "id",
    "title",
    "titleSlug",
    "tvdbId",
    "imdbId",
    "monitored",
    "tags",
    "path",
    "seriesType",
    "alternateTitles",
    "images",
    "seasons",
    "statistics.episodeFileCount",
    "statistics.sizeOnDisk",
)
EPISODE_FIELDS = (
    "id",
    "seasonNumber",
    "episodeNumber",
    "title",
    "airDateUtc",
    "hasFile",
    "monitored",
    "episodeFileId",
)
FILE_FIELDS = ("path", "relativePath", "sceneName", "size", "quality.quality.name", "languages")
OPS: list[Op] = [
    *engine_ops(NAMES),
    Op(1, "GET", "/series", get("/series"), required=SERIES_FIELDS),
    Op(1, "GET", "/series/{id}", get("/series/{c.series_id}"), required=SERIES_FIELDS),
    Op(
        1,
        "GET",
        "/series/lookup",
        lambda c: c.api.get("/series/lookup", params={"term": f"tvdb:{GOT_TVDB}"}),
        required=("id", "title", "tvdbId", "seasons", "path", "monitored", "tags"),
    ),
    Op(1, "POST", "/series", add_series, 201, required=("id", "path", "seasons")),
    Op(1, "PUT", "/series/{id}", update_series, 202, required=SERIES_FIELDS),
    Op(1, "DELETE", "/series/{id}", delete_series),
    Op(
        1,
        "GET",
        "/episode",
        lambda c: c.api.get("/episode", params={"seriesId": c.series_id}),
        required=EPISODE_FIELDS,  # absoluteEpisodeNumber: left out when null (not anime)
    ),
    Op(
        1,
        "GET",
        "/episode/{id}",
        lambda c: c.api.get(f"/episode/{c.episode(1, 1)}"),
        required=EPISODE_FIELDS,
    ),
    Op(1, "PUT", "/episode/{id}", update_episode, 202, required=EPISODE_FIELDS),
    Op(1, "PUT", "/episode/monitor", monitor_episodes, 202),
    Op(
        1,
        "GET",
        "/episodefile",
        lambda c: c.api.get("/episodefile", params={"seriesId": c.series_id}),
        required=FILE_FIELDS,
    ),
    Op(1, "GET", "/episodefile/{id}", get("/episodefile/{c.file_id}"), required=FILE_FIELDS),
    Op(1, "GET", "/languageprofile", get("/languageprofile"), required=("id", "name")),
    Op(
        1,
        "GET",
        "/wanted/missing",
        get("/wanted/missing", pageSize=1),
        required=(*PAGING, *EPISODE_FIELDS),
    ),
    Op(
        1,
        "GET",
        "/wanted/cutoff",
        get("/wanted/cutoff", pageSize=5),
        required=(*PAGING, *EPISODE_FIELDS),
    ),
    Op(
        1,
        "GET",
        "/calendar",
        lambda c: calendar(c, includeSeries="true"),
        required=(
            "series.title",
            "series.titleSlug",
            "seasonNumber",
            "episodeNumber",
            "airDateUtc",
            "hasFile",
        ),
    ),
    Op(2, "POST", "/series/import", import_series, component="SeriesResource", many=True),
    Op(
        2,
        "PUT",
        "/series/editor",
        edit_series,
        202,
        required=("id", "tags"),
        component="SeriesResource",
        many=True,
    ),
    Op(2, "DELETE", "/series/editor", delete_series_editor),
    Op(
        2,
        "GET",
        "/importlistexclusion",
        lambda c: exclusion_roundtrip(c, lambda _e: c.api.get("/importlistexclusion")),
        required=("id", "tvdbId", "title"),
    ),
    Op(2, "POST", "/importlistexclusion", add_exclusion, 201, required=("id", "tvdbId", "title")),
    Op(
        2,
        "GET",
        "/importlistexclusion/{id}",
        lambda c: exclusion_roundtrip(c, lambda e: c.api.get(f"/importlistexclusion/{e['id']}")),
        required=("id", "tvdbId", "title"),
    ),
    Op(
        2,
        "PUT",
        "/importlistexclusion/{id}",
        lambda c: exclusion_roundtrip(
            c,
            lambda e: c.api.put(f"/importlistexclusion/{e['id']}", json=e | {"title": "Renamed"}),
        ),
        202,
        required=("id", "tvdbId", "title"),
    ),
    Op(2, "DELETE", "/importlistexclusion/{id}", delete_exclusion),
    Op(
        2,
        "GET",
        "/importlistexclusion/paged",
        lambda c: exclusion_roundtrip(c, lambda _e: c.api.get("/importlistexclusion/paged")),
        required=PAGING,
    ),
]

#: Operations under the tiers' paths that the table leaves out, and why.
NOT_IN_TIERS: dict[str, str] = {
    **ENGINE_NOT_IN_TIERS,
    "PUT /episodefile/{id}": "Tier 3 (file editing in the UI)",
    "DELETE /episodefile/{id}": "covered by the notification tests (Tier 3)",
    "PUT /episodefile/editor": "Tier 3",
    "DELETE /episodefile/bulk": "Tier 3",
    "PUT /episodefile/bulk": "Tier 3",
    "GET /series/{id}/folder": "Tier 3",
    "GET /qualitydefinition/limits": "covered by the quality tests",
    "POST /languageprofile": "Tier 3 (v4 keeps a stub)",
    "DELETE /languageprofile/{id}": "Tier 3",
    "PUT /languageprofile/{id}": "Tier 3",
    "GET /languageprofile/{id}": "Tier 3",
    "GET /languageprofile/schema": "Tier 3",
    "GET /history/series": "Tier 3",
    "GET /calendar/{id}": "Tier 3",
    "GET /wanted/missing/{id}": "Tier 3",
    "GET /wanted/cutoff/{id}": "Tier 3",
    "DELETE /importlistexclusion/bulk": "Tier 3",
}

#: The path prefixes COMPAT.md's Tier 1 and Tier 2 name (spec paths below them must be
#: in OPS or NOT_IN_TIERS).
TIER_PREFIXES = (
    *ENGINE_TIER_PREFIXES,
    "series",
    "episode",
    "episodefile",
    "languageprofile",
    "importlistexclusion",
)
