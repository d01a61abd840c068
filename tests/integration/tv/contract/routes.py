"""The Tier 1 and Tier 2 operations of COMPAT.md, each with a request that exercises it.

Every entry names the operation as the Sonarr v3 OpenAPI document does (method and path
without ``/api/v3``); ``test_routes`` holds the table and each request to the document
with the shared generator (``tests/support/contract.py``).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.integration.tv.conftest import GOT_TVDB
from tests.integration.tv.contract.conftest import Contract
from tests.support.contract import PAGING, Op, get

FLASH_TVDB = 279121  # recorded by the fake TVmaze without episodes: cheap to add and drop
_counter = itertools.count(1)

Call = Callable[[Contract], httpx.Response]


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"


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


def tag_roundtrip(c: Contract) -> httpx.Response:
    response = c.api.post("/tag", json={"label": unique("tag")})
    c.api.delete(f"/tag/{response.json()['id']}")
    return response


def _indexer_body(c: Contract) -> dict[str, Any]:
    current = c.api.get(f"/indexer/{c.indexer_id}").json()
    return {k: v for k, v in current.items() if k != "id"} | {"name": unique("Indexer")}


def add_indexer(c: Contract) -> httpx.Response:
    response = c.api.post("/indexer", params={"forceSave": "true"}, json=_indexer_body(c))
    if response.status_code == 201:
        c.api.delete(f"/indexer/{response.json()['id']}")
    return response


def update_indexer(c: Contract) -> httpx.Response:
    current = c.api.get(f"/indexer/{c.indexer_id}").json()
    return c.api.put(f"/indexer/{c.indexer_id}", params={"forceSave": "true"}, json=current)


def delete_indexer(c: Contract) -> httpx.Response:
    added = c.api.post("/indexer", params={"forceSave": "true"}, json=_indexer_body(c)).json()
    return c.api.delete(f"/indexer/{added['id']}")


def _format(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "includeCustomFormatWhenRenaming": False,
        "specifications": [
            {
                "name": "x265",
                "implementation": "ReleaseTitleSpecification",
                "negate": False,
                "required": False,
                "fields": [{"name": "value", "value": "\\b(x265|HEVC)\\b"}],
            }
        ],
    }


def add_format(c: Contract) -> httpx.Response:
    response = c.api.post("/customformat", json=_format(unique("Format")))
    if response.status_code == 201:
        c.api.delete(f"/customformat/{response.json()['id']}")
    return response


def with_format(c: Contract, then: Callable[[int], httpx.Response]) -> httpx.Response:
    created = c.api.post("/customformat", json=_format(unique("Format"))).json()
    try:
        return then(created["id"])
    finally:
        c.api.delete(f"/customformat/{created['id']}")


def update_format(c: Contract) -> httpx.Response:
    return with_format(
        c, lambda fid: c.api.put(f"/customformat/{fid}", json=_format(unique("Renamed")))
    )


def delete_format(c: Contract) -> httpx.Response:
    created = c.api.post("/customformat", json=_format(unique("Format"))).json()
    return c.api.delete(f"/customformat/{created['id']}")


def _profile_body(c: Contract) -> dict[str, Any]:
    profile = c.api.get("/qualityprofile").json()[0]
    return {k: v for k, v in profile.items() if k != "id"} | {"name": unique("Profile")}


def add_profile(c: Contract) -> httpx.Response:
    response = c.api.post("/qualityprofile", json=_profile_body(c))
    if response.status_code == 201:
        c.api.delete(f"/qualityprofile/{response.json()['id']}")
    return response


def update_profile(c: Contract) -> httpx.Response:
    created = c.api.post("/qualityprofile", json=_profile_body(c)).json()
    try:
        return c.api.put(f"/qualityprofile/{created['id']}", json=created | {"minFormatScore": 5})
    finally:
        c.api.delete(f"/qualityprofile/{created['id']}")


def update_definitions(c: Contract) -> httpx.Response:
    return c.api.put("/qualitydefinition/update", json=c.api.get("/qualitydefinition").json())


def update_naming(c: Contract) -> httpx.Response:
    current = c.api.get("/config/naming").json()
    return c.api.put(f"/config/naming/{current['id']}", json=current)


def update_media_management(c: Contract) -> httpx.Response:
    current = c.api.get("/config/mediamanagement").json()
    return c.api.put(f"/config/mediamanagement/{current['id']}", json=current)


def push_release(c: Contract) -> httpx.Response:
    body = {
        "title": "Game.of.Thrones.S03E01.720p.HDTV.x264-CTU",
        "downloadUrl": f"{c.env.indexer.fake.url}/api?t=get&id=pushed",
        "size": 1_200_000_000,
        "indexer": "autobrr",
        "downloadProtocol": "usenet",
        "protocol": "usenet",
        "publishDate": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
    }
    return c.api.post("/release/push", json=body)


def start_command(c: Contract) -> httpx.Response:
    return c.api.post("/command", json={"name": "RescanSeries", "seriesId": c.series_id})


def calendar(c: Contract) -> httpx.Response:
    now = datetime.now(UTC)
    params = {
        "start": (now - timedelta(days=1)).isoformat(),
        "end": (now + timedelta(days=60)).isoformat(),
        "includeSeries": "true",
    }
    return c.api.get("/calendar", params=params)


def monitor_episodes(c: Contract) -> httpx.Response:
    return c.api.put("/episode/monitor", json={"episodeIds": [c.episode(1, 2)], "monitored": True})


def _grab_again(c: Contract, season: int, number: int) -> int:
    """A fresh queue record to remove (the package's own two stay)."""
    before = {r["id"] for r in c.api.get("/queue/details").json()}
    for record in c.api.get("/blocklist").json()["records"]:
        if record["id"] != c.blocklist_id:
            c.api.delete(f"/blocklist/{record['id']}")
    state = c.api.post(
        "/command", json={"name": "EpisodeSearch", "episodeIds": [c.episode(season, number)]}
    ).json()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if c.api.get(f"/command/{state['id']}").json()["status"] in ("completed", "failed"):
            break
        time.sleep(0.05)
    c.api.post("/command", json={"name": "RefreshMonitoredDownloads"})
    while time.monotonic() < deadline:
        fresh = [r["id"] for r in c.api.get("/queue/details").json() if r["id"] not in before]
        if fresh:
            return int(fresh[0])
        time.sleep(0.05)
    raise AssertionError("no new queue record")


def delete_queue_item(c: Contract) -> httpx.Response:
    record = _grab_again(c, 1, 2)
    return c.api.delete(f"/queue/{record}", params={"removeFromClient": "true"})


def delete_queue_bulk(c: Contract) -> httpx.Response:
    record = _grab_again(c, 1, 2)
    return c.api.request(
        "DELETE", "/queue/bulk", params={"removeFromClient": "true"}, json={"ids": [record]}
    )


def _extra_blocklist_entry(c: Contract) -> int:
    record = _grab_again(c, 1, 2)
    c.api.delete(f"/queue/{record}", params={"removeFromClient": "true", "blocklist": "true"})
    entries = c.api.get("/blocklist").json()["records"]
    return int(next(e["id"] for e in entries if e["id"] != c.blocklist_id))


def delete_blocklist(c: Contract) -> httpx.Response:
    return c.api.delete(f"/blocklist/{_extra_blocklist_entry(c)}")


def delete_blocklist_bulk(c: Contract) -> httpx.Response:
    return c.api.request("DELETE", "/blocklist/bulk", json={"ids": [_extra_blocklist_entry(c)]})


def exclusion_roundtrip(c: Contract, then: Callable[[dict[str, Any]], httpx.Response]) -> Any:
    created = c.api.post("/importlistexclusion", json={"tvdbId": 999001, "title": "Excluded"})
    assert created.status_code == 201, created.text
    try:
        return then(created.json())
    finally:
        c.api.delete(f"/importlistexclusion/{created.json()['id']}")


def add_exclusion(c: Contract) -> httpx.Response:
    response = c.api.post(
        "/importlistexclusion", json={"tvdbId": next(_counter) + 500000, "title": "Gone"}
    )
    if response.status_code == 201:
        c.api.delete(f"/importlistexclusion/{response.json()['id']}")
    return response


def delete_exclusion(c: Contract) -> httpx.Response:
    created = c.api.post("/importlistexclusion", json={"tvdbId": 999002, "title": "Gone"})
    return c.api.delete(f"/importlistexclusion/{created.json()['id']}")


def filesystem(c: Contract) -> httpx.Response:
    params = {"path": c.series["rootFolderPath"], "allowFoldersWithoutTrailingSlashes": "true"}
    return c.api.get("/filesystem", params=params)


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
QUEUE_FIELDS = (
    "id",
    "downloadId",
    "title",
    "status",
    "trackedDownloadStatus",
    "trackedDownloadState",
    "statusMessages",
    "protocol",
    "downloadClient",
    "indexer",
    "outputPath",
    "size",
    "sizeleft",
    "seriesId",
    "episodeId",
)
FILE_FIELDS = ("path", "relativePath", "sceneName", "size", "quality.quality.name", "languages")
INDEXER_FIELDS = (
    "name",
    "enableRss",
    "enableAutomaticSearch",
    "enableInteractiveSearch",
    "priority",
    "implementation",
    "configContract",
    "tags",
    "fields",
)


OPS: list[Op] = [
    # ---- Tier 1: system ------------------------------------------------------------------
    Op(
        1,
        "GET",
        "/system/status",
        get("/system/status"),
        required=("version", "urlBase", "appName", "instanceName", "startTime", "branch"),
    ),
    Op(1, "GET", "/health", get("/health"), required=("source", "type", "message", "wikiUrl")),
    Op(1, "GET", "/diskspace", get("/diskspace"), required=("path", "freeSpace", "totalSpace")),
    Op(
        1,
        "GET",
        "/rootfolder",
        get("/rootfolder"),
        required=("id", "path", "freeSpace", "totalSpace", "unmappedFolders"),
    ),
    # ---- Tier 1: library -----------------------------------------------------------------
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
    # ---- Tier 1: settings read -----------------------------------------------------------
    Op(1, "GET", "/qualityprofile", get("/qualityprofile"), required=("id", "name", "items")),
    Op(1, "GET", "/languageprofile", get("/languageprofile"), required=("id", "name")),
    Op(1, "GET", "/tag", get("/tag"), required=("id", "label")),
    Op(1, "POST", "/tag", tag_roundtrip, 201, required=("id", "label")),
    Op(1, "GET", "/tag/detail", get("/tag/detail"), required=("id", "label", "seriesIds")),
    Op(
        1,
        "GET",
        "/qualitydefinition",
        get("/qualitydefinition"),
        required=("quality.id", "quality.name", "title", "minSize", "maxSize", "preferredSize"),
    ),
    # ---- Tier 1: activity ----------------------------------------------------------------
    Op(
        1,
        "GET",
        "/queue",
        get("/queue", page=1, pageSize=1, includeEpisode="true", includeUnknownSeriesItems="true"),
        required=PAGING + QUEUE_FIELDS,
    ),
    Op(1, "GET", "/queue/details", get("/queue/details"), required=QUEUE_FIELDS),
    Op(
        1,
        "GET",
        "/queue/status",
        get("/queue/status"),
        required=("totalCount", "count", "errors", "warnings", "unknownCount"),
    ),
    Op(
        1,
        "GET",
        "/history",
        get("/history", pageSize=10, eventType=1),
        required=(*PAGING, "eventType", "episodeId", "sourceTitle", "downloadId"),
    ),
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
        calendar,
        required=(
            "series.title",
            "series.titleSlug",
            "seasonNumber",
            "episodeNumber",
            "airDateUtc",
            "hasFile",
        ),
    ),
    # ---- Tier 1: commands ----------------------------------------------------------------
    Op(1, "POST", "/command", start_command, 201, required=("id", "name", "status")),
    Op(1, "GET", "/command", get("/command"), required=("id", "name", "status")),
    # ---- Tier 1: indexer sync ------------------------------------------------------------
    Op(1, "GET", "/indexer", get("/indexer"), required=("id", *INDEXER_FIELDS)),
    Op(1, "GET", "/indexer/{id}", get("/indexer/{c.indexer_id}"), required=INDEXER_FIELDS),
    Op(1, "POST", "/indexer", add_indexer, 201, required=("id", *INDEXER_FIELDS)),
    Op(1, "PUT", "/indexer/{id}", update_indexer, 202, required=INDEXER_FIELDS),
    Op(1, "DELETE", "/indexer/{id}", delete_indexer),
    Op(
        1,
        "GET",
        "/indexer/schema",
        get("/indexer/schema"),
        required=("implementation", "configContract", "fields"),
    ),
    Op(
        1,
        "POST",
        "/indexer/test",
        lambda c: c.api.post("/indexer/test", json=c.api.get(f"/indexer/{c.indexer_id}").json()),
    ),
    # ---- Tier 2: profiles, formats, config ------------------------------------------------
    Op(2, "GET", "/customformat", get("/customformat"), required=("id", "name", "specifications")),
    Op(2, "POST", "/customformat", add_format, 201, required=("id", "name", "specifications")),
    Op(
        2,
        "GET",
        "/customformat/{id}",
        lambda c: with_format(c, lambda fid: c.api.get(f"/customformat/{fid}")),
        required=("id", "name", "includeCustomFormatWhenRenaming", "specifications"),
    ),
    Op(2, "PUT", "/customformat/{id}", update_format, 202, required=("id", "name")),
    Op(2, "DELETE", "/customformat/{id}", delete_format),
    Op(
        2,
        "GET",
        "/customformat/schema",
        get("/customformat/schema"),
        required=("implementation", "fields"),
        component="CustomFormatSpecificationSchema",
        many=True,
    ),
    Op(2, "POST", "/qualityprofile", add_profile, 201, required=("id", "name", "items", "cutoff")),
    Op(
        2,
        "PUT",
        "/qualityprofile/{id}",
        update_profile,
        202,
        required=("cutoff", "upgradeAllowed", "minFormatScore", "formatItems"),
    ),
    Op(
        2,
        "GET",
        "/qualityprofile/schema",
        get("/qualityprofile/schema"),
        required=("items", "cutoff", "formatItems"),
    ),
    Op(
        2,
        "PUT",
        "/qualitydefinition/update",
        update_definitions,
        202,
        required=("quality.name", "minSize", "maxSize", "preferredSize"),
        component="QualityDefinitionResource",
        many=True,
    ),
    Op(
        2,
        "GET",
        "/config/naming",
        get("/config/naming"),
        required=("renameEpisodes", "standardEpisodeFormat", "colonReplacementFormat"),
    ),
    Op(2, "PUT", "/config/naming/{id}", update_naming, 202, required=("standardEpisodeFormat",)),
    Op(
        2,
        "GET",
        "/config/mediamanagement",
        get("/config/mediamanagement"),
        required=("recycleBin", "copyUsingHardlinks"),
    ),
    Op(2, "PUT", "/config/mediamanagement/{id}", update_media_management, 202),
    Op(2, "GET", "/language", get("/language"), required=("id", "name")),
    # ---- Tier 2: release push, bulk library, commands --------------------------------------
    Op(
        2,
        "POST",
        "/release/push",
        push_release,
        required=("approved", "rejected", "temporarilyRejected", "rejections"),
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
    Op(2, "GET", "/command/{id}", get("/command/{c.command_id}"), required=("id", "status")),
    # ---- Tier 2: filesystem, exclusions, queue and blocklist edits --------------------------
    Op(2, "GET", "/filesystem", filesystem, required=("parent", "directories", "files")),
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
    Op(2, "DELETE", "/queue/{id}", delete_queue_item),
    Op(2, "DELETE", "/queue/bulk", delete_queue_bulk),
    Op(
        2,
        "GET",
        "/blocklist",
        get("/blocklist"),
        required=(*PAGING, "seriesId", "episodeIds", "sourceTitle", "date", "protocol"),
    ),
    Op(2, "DELETE", "/blocklist/{id}", delete_blocklist),
    Op(2, "DELETE", "/blocklist/bulk", delete_blocklist_bulk),
]

#: Operations under the tiers' paths that the table leaves out, and why.
NOT_IN_TIERS: dict[str, str] = {
    "PUT /episodefile/{id}": "Tier 3 (file editing in the UI)",
    "DELETE /episodefile/{id}": "covered by the notification tests (Tier 3)",
    "PUT /episodefile/editor": "Tier 3",
    "DELETE /episodefile/bulk": "Tier 3",
    "PUT /episodefile/bulk": "Tier 3",
    "GET /series/{id}/folder": "Tier 3",
    "DELETE /command/{id}": "Tier 3 (cancel)",
    "PUT /customformat/bulk": "Tier 3",
    "DELETE /customformat/bulk": "Tier 3",
    "PUT /qualitydefinition/{id}": "Tier 3 (single edit; Recyclarr uses update)",
    "GET /qualitydefinition/{id}": "Tier 3",
    "GET /qualitydefinition/limits": "covered by the quality tests",
    "DELETE /qualityprofile/{id}": "Tier 3",
    "GET /qualityprofile/{id}": "Tier 3",
    "POST /languageprofile": "Tier 3 (v4 keeps a stub)",
    "DELETE /languageprofile/{id}": "Tier 3",
    "PUT /languageprofile/{id}": "Tier 3",
    "GET /languageprofile/{id}": "Tier 3",
    "GET /languageprofile/schema": "Tier 3",
    "PUT /tag/{id}": "Tier 3 (Seerr rename: covered by the tag tests)",
    "DELETE /tag/{id}": "Tier 3",
    "GET /tag/{id}": "Tier 3",
    "GET /tag/detail/{id}": "Tier 3",
    "GET /language/{id}": "covered by the quality tests",
    "POST /rootfolder": "Tier 3",
    "DELETE /rootfolder/{id}": "Tier 3",
    "GET /rootfolder/{id}": "Tier 3",
    "GET /config/naming/{id}": "Tier 3",
    "GET /config/naming/examples": "Tier 3",
    "GET /config/mediamanagement/{id}": "Tier 3",
    "PUT /indexer/bulk": "Tier 3",
    "DELETE /indexer/bulk": "Tier 3",
    "POST /indexer/testall": "Tier 3",
    "POST /indexer/action/{name}": "Tier 3",
    "POST /queue/grab/{id}": "Tier 3 (pending releases)",
    "POST /queue/grab/bulk": "Tier 3",
    "GET /history/since": "Tier 3",
    "GET /history/series": "Tier 3",
    "POST /history/failed/{id}": "Tier 3",
    "GET /calendar/{id}": "Tier 3",
    "GET /wanted/missing/{id}": "Tier 3",
    "GET /wanted/cutoff/{id}": "Tier 3",
    "GET /filesystem/type": "Tier 3",
    "GET /filesystem/mediafiles": "Tier 3",
    "DELETE /importlistexclusion/bulk": "Tier 3",
}

#: The path prefixes COMPAT.md's Tier 1 and Tier 2 name (spec paths below them must be
#: in OPS or NOT_IN_TIERS).
TIER_PREFIXES = (
    "system/status",
    "health",
    "diskspace",
    "rootfolder",
    "series",
    "episode",
    "episodefile",
    "qualityprofile",
    "languageprofile",
    "tag",
    "qualitydefinition",
    "queue",
    "history",
    "wanted",
    "calendar",
    "command",
    "indexer",
    "customformat",
    "config/naming",
    "config/mediamanagement",
    "language",
    "release/push",
    "filesystem",
    "importlistexclusion",
    "blocklist",
)
