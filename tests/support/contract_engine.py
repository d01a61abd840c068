"""The engine's Tier 1 and Tier 2 operations, the same for Radarr and Lidarr but for names.

System, settings, profiles, formats, indexers, commands, queue, history and blocklist
come from the shared engine; ``engine_ops`` builds their contract rows for one domain from
its ``Names``. The rig (each package's fixture object) carries an ``api`` client and the
ids the rows use, and makes fresh queue records for the deleting rows.
"""

from __future__ import annotations

import itertools
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import httpx

from tests.support.contract import PAGING, Op, get

_counter = itertools.count(1)


def serial() -> int:
    """A number no other row of the run has used (names, external ids)."""
    return next(_counter)


def unique(prefix: str) -> str:
    return f"{prefix}-{serial()}"


class Rig(Protocol):
    api: httpx.Client
    indexer_id: int
    blocklist_id: int
    command_id: int
    root: str

    def fresh_queue_record(self) -> int: ...

    def push_body(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Names:
    subject_ids: tuple[str, ...]  # queue record ids: ("movieId",) / ("artistId", "albumId")
    tag_ids: str  # tag/detail: movieIds / artistIds
    history: tuple[str, ...]  # history record ids
    blocklist: tuple[str, ...]  # blocklist record ids
    include_queue: dict[str, str]  # includeMovie / includeUnknownMovieItems ...
    naming: tuple[str, ...]  # config/naming fields Recyclarr writes
    command: dict[str, Any]  # a command to start
    sizes: tuple[str, ...] = ("minSize", "maxSize")  # qualitydefinition (Lidarr: no preferred)


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
)
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
#: Left out by the originals when null.
NULLABLE = frozenset({"imdbId", "sceneName", "wikiUrl", "downloadId", "outputPath"})


def fresh_queue_record(api: httpx.Client, keep_blocklisted: int, search: dict[str, Any]) -> int:
    """Run ``search`` (a command body) and return the queue record it adds: the rows that
    remove records use their own. Blocklist entries but ``keep_blocklisted`` go first, so
    the release can be grabbed again."""
    before = {r["id"] for r in api.get("/queue/details").json()}
    for record in api.get("/blocklist", params={"pageSize": 100}).json()["records"]:
        if record["id"] != keep_blocklisted:
            api.delete(f"/blocklist/{record['id']}")
    state = _wait(api, search)
    assert "1 grabbed" in state["message"], state
    _wait(api, {"name": "RefreshMonitoredDownloads"})
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        fresh = [r["id"] for r in api.get("/queue/details").json() if r["id"] not in before]
        if fresh:
            return int(fresh[0])
        time.sleep(0.05)
    raise AssertionError("no new queue record")


def _wait(api: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    command = api.post("/command", json=body).json()
    deadline = time.monotonic() + 20
    while True:
        state: dict[str, Any] = api.get(f"/command/{command['id']}").json()
        if state["status"] in ("completed", "failed") or time.monotonic() > deadline:
            return state
        time.sleep(0.05)


@contextmanager
def recycle_bin(api: httpx.Client, folder: Path) -> Iterator[Path]:
    """Media management's recycle bin set to ``folder`` (made) for the block."""
    config = api.get("/config/mediamanagement").json()
    folder.mkdir()
    saved = api.put("/config/mediamanagement", json=config | {"recycleBin": str(folder)})
    assert saved.status_code == 202, saved.text
    try:
        yield folder
    finally:
        api.put("/config/mediamanagement", json=config)


def seed_engine(api: httpx.Client) -> None:
    """Something behind the engine's lists: a custom format, and a connection that cannot
    be reached (so System > Status has something to say)."""
    assert api.post("/customformat", json=custom_format("x265")).status_code == 201
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/hook"
    webhook = next(
        n for n in api.get("/notification/schema").json() if n["implementation"] == "Webhook"
    )
    webhook["fields"] = [
        f | {"value": dead} if f["name"] == "url" else f for f in webhook["fields"]
    ]
    body = webhook | {"name": "unreachable", "onGrab": True}
    created = api.post("/notification", params={"forceSave": "true"}, json=body)
    assert created.status_code == 201, created.text


def tag_roundtrip(c: Rig) -> httpx.Response:
    response = c.api.post("/tag", json={"label": unique("tag")})
    c.api.delete(f"/tag/{response.json()['id']}")
    return response


def _indexer_body(c: Rig) -> dict[str, Any]:
    current = c.api.get(f"/indexer/{c.indexer_id}").json()
    return {k: v for k, v in current.items() if k != "id"} | {"name": unique("Indexer")}


def add_indexer(c: Rig) -> httpx.Response:
    response = c.api.post("/indexer", params={"forceSave": "true"}, json=_indexer_body(c))
    if response.status_code == 201:
        c.api.delete(f"/indexer/{response.json()['id']}")
    return response


def update_indexer(c: Rig) -> httpx.Response:
    current = c.api.get(f"/indexer/{c.indexer_id}").json()
    return c.api.put(f"/indexer/{c.indexer_id}", params={"forceSave": "true"}, json=current)


def delete_indexer(c: Rig) -> httpx.Response:
    added = c.api.post("/indexer", params={"forceSave": "true"}, json=_indexer_body(c)).json()
    return c.api.delete(f"/indexer/{added['id']}")


def custom_format(name: str) -> dict[str, Any]:
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


def add_format(c: Rig) -> httpx.Response:
    response = c.api.post("/customformat", json=custom_format(unique("Format")))
    if response.status_code == 201:
        c.api.delete(f"/customformat/{response.json()['id']}")
    return response


def with_format(c: Rig, then: Callable[[int], httpx.Response]) -> httpx.Response:
    created = c.api.post("/customformat", json=custom_format(unique("Format"))).json()
    try:
        return then(created["id"])
    finally:
        c.api.delete(f"/customformat/{created['id']}")


def update_format(c: Rig) -> httpx.Response:
    return with_format(
        c, lambda fid: c.api.put(f"/customformat/{fid}", json=custom_format(unique("Renamed")))
    )


def delete_format(c: Rig) -> httpx.Response:
    created = c.api.post("/customformat", json=custom_format(unique("Format"))).json()
    return c.api.delete(f"/customformat/{created['id']}")


def _profile_body(c: Rig) -> dict[str, Any]:
    profile = c.api.get("/qualityprofile").json()[0]
    return {k: v for k, v in profile.items() if k != "id"} | {"name": unique("Profile")}


def add_profile(c: Rig) -> httpx.Response:
    response = c.api.post("/qualityprofile", json=_profile_body(c))
    if response.status_code == 201:
        c.api.delete(f"/qualityprofile/{response.json()['id']}")
    return response


def update_profile(c: Rig) -> httpx.Response:
    created = c.api.post("/qualityprofile", json=_profile_body(c)).json()
    try:
        return c.api.put(f"/qualityprofile/{created['id']}", json=created | {"minFormatScore": 5})
    finally:
        c.api.delete(f"/qualityprofile/{created['id']}")


def update_definitions(c: Rig) -> httpx.Response:
    return c.api.put("/qualitydefinition/update", json=c.api.get("/qualitydefinition").json())


def update_config(section: str) -> Callable[[Rig], httpx.Response]:
    def call(c: Rig) -> httpx.Response:
        current = c.api.get(f"/config/{section}").json()
        return c.api.put(f"/config/{section}/{current['id']}", json=current)

    return call


def push_release(c: Rig) -> httpx.Response:
    return c.api.post("/release/push", json=c.push_body())


def delete_queue_item(c: Rig) -> httpx.Response:
    return c.api.delete(f"/queue/{c.fresh_queue_record()}", params={"removeFromClient": "true"})


def delete_queue_bulk(c: Rig) -> httpx.Response:
    record = c.fresh_queue_record()
    return c.api.request(
        "DELETE", "/queue/bulk", params={"removeFromClient": "true"}, json={"ids": [record]}
    )


def _extra_blocklist_entry(c: Rig) -> int:
    record = c.fresh_queue_record()
    c.api.delete(f"/queue/{record}", params={"removeFromClient": "true", "blocklist": "true"})
    entries = c.api.get("/blocklist", params={"pageSize": 100}).json()["records"]
    return int(next(e["id"] for e in entries if e["id"] != c.blocklist_id))


def delete_blocklist(c: Rig) -> httpx.Response:
    return c.api.delete(f"/blocklist/{_extra_blocklist_entry(c)}")


def delete_blocklist_bulk(c: Rig) -> httpx.Response:
    return c.api.request("DELETE", "/blocklist/bulk", json={"ids": [_extra_blocklist_entry(c)]})


def filesystem(c: Rig) -> httpx.Response:
    params = {"path": c.root, "allowFoldersWithoutTrailingSlashes": "true"}
    return c.api.get("/filesystem", params=params)


def calendar(c: Rig, **extra: str) -> httpx.Response:
    now = datetime.now(UTC)
    params = {
        "start": (now - timedelta(days=90)).isoformat(),
        "end": (now + timedelta(days=60)).isoformat(),
        **extra,
    }
    return c.api.get("/calendar", params=params)


def engine_ops(names: Names) -> list[Op]:
    """The rows every manager shares (Tier 1: system, settings read, activity, commands,
    indexer sync; Tier 2: profiles, formats, config, push, queue and blocklist edits)."""
    queue = (*QUEUE_FIELDS, *names.subject_ids)
    return [
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
        Op(1, "GET", "/qualityprofile", get("/qualityprofile"), required=("id", "name", "items")),
        Op(1, "GET", "/tag", get("/tag"), required=("id", "label")),
        Op(1, "POST", "/tag", tag_roundtrip, 201, required=("id", "label")),
        Op(1, "GET", "/tag/detail", get("/tag/detail"), required=("id", "label", names.tag_ids)),
        Op(
            1,
            "GET",
            "/qualitydefinition",
            get("/qualitydefinition"),
            required=("quality.id", "quality.name", "title", *names.sizes),
        ),
        Op(
            1,
            "GET",
            "/queue",
            get("/queue", page=1, pageSize=1, **names.include_queue),
            required=PAGING + queue,
        ),
        Op(1, "GET", "/queue/details", get("/queue/details"), required=queue),
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
            required=(*PAGING, "eventType", "sourceTitle", "downloadId", *names.history),
        ),
        Op(
            1,
            "POST",
            "/command",
            lambda c: c.api.post("/command", json=names.command),
            201,
            required=("id", "name", "status"),
        ),
        Op(1, "GET", "/command", get("/command"), required=("id", "name", "status")),
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
            lambda c: c.api.post(
                "/indexer/test", json=c.api.get(f"/indexer/{c.indexer_id}").json()
            ),
        ),
        Op(
            2,
            "GET",
            "/customformat",
            get("/customformat"),
            required=("id", "name", "specifications"),
        ),
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
        Op(
            2,
            "POST",
            "/qualityprofile",
            add_profile,
            201,
            required=("id", "name", "items", "cutoff"),
        ),
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
            required=("quality.name", *names.sizes),
            component="QualityDefinitionResource",
            many=True,
        ),
        Op(2, "GET", "/config/naming", get("/config/naming"), required=names.naming),
        Op(2, "PUT", "/config/naming/{id}", update_config("naming"), 202, required=names.naming),
        Op(
            2,
            "GET",
            "/config/mediamanagement",
            get("/config/mediamanagement"),
            required=("recycleBin", "copyUsingHardlinks"),
        ),
        Op(2, "PUT", "/config/mediamanagement/{id}", update_config("mediamanagement"), 202),
        Op(2, "GET", "/language", get("/language"), required=("id", "name")),
        Op(
            2,
            "POST",
            "/release/push",
            push_release,
            required=("approved", "rejected", "temporarilyRejected", "rejections"),
        ),
        Op(2, "GET", "/command/{id}", get("/command/{c.command_id}"), required=("id", "status")),
        Op(2, "GET", "/filesystem", filesystem, required=("parent", "directories", "files")),
        Op(2, "DELETE", "/queue/{id}", delete_queue_item),
        Op(2, "DELETE", "/queue/bulk", delete_queue_bulk),
        Op(
            2,
            "GET",
            "/blocklist",
            get("/blocklist"),
            required=(*PAGING, *names.blocklist, "sourceTitle", "date", "protocol"),
        ),
        Op(2, "DELETE", "/blocklist/{id}", delete_blocklist),
        Op(2, "DELETE", "/blocklist/bulk", delete_blocklist_bulk),
    ]


#: Operations under the engine's tier paths that no client of the tiers calls.
ENGINE_NOT_IN_TIERS: dict[str, str] = {
    "DELETE /command/{id}": "Tier 3 (cancel)",
    "PUT /customformat/bulk": "Tier 3",
    "DELETE /customformat/bulk": "Tier 3",
    "PUT /qualitydefinition/{id}": "Tier 3 (single edit; Recyclarr uses update)",
    "GET /qualitydefinition/{id}": "Tier 3",
    "DELETE /qualityprofile/{id}": "Tier 3",
    "GET /qualityprofile/{id}": "Tier 3",
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
    "POST /history/failed/{id}": "Tier 3",
    "GET /filesystem/type": "Tier 3",
    "GET /filesystem/mediafiles": "Tier 3",
}

ENGINE_TIER_PREFIXES = (
    "system/status",
    "health",
    "diskspace",
    "rootfolder",
    "qualityprofile",
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
    "blocklist",
)
