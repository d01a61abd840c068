"""Library events reach every kind of connection, on a running TV service.

Loopback fakes stand in for a webhook receiver (autoscan & co.), Jellyfin, Plex and an
Apprise API server. The connections are added through the API (each add runs the real
test call), then a series add, a rescan that finds files, a rename, a file delete, a file
vanishing from disk, a health change and a series delete each arrive as the original's
events: Webhook payloads, Jellyfin ``/Library/Media/Updated``, Plex section refreshes and
Apprise messages. A receiver that never answers does not hold up the API.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.integration.tv.conftest import GOT_TVDB, wait_command
from tests.integration.tv.test_series_api import add_got
from tests.support.fake_media_servers import (
    JellyfinLibrary,
    PlexLibrary,
    Recorder,
    apprise_routes,
    jellyfin_routes,
    plex_routes,
    recording_server,
    webhook_receiver,
)
from tests.support.services import RunningService

JELLYFIN_KEY = "0123456789abcdef0123456789abcdef"
PLEX_TOKEN = "plex-token-1"
EPISODE = "Game.of.Thrones.S01E01.720p.HDTV.x264-GRP.mkv"


@dataclass
class Fakes:
    hook: Recorder
    jellyfin: Recorder
    plex: Recorder
    apprise: Recorder

    def clear(self) -> None:
        for server in (self.hook, self.jellyfin, self.plex, self.apprise):
            server.clear()

    def messages(self, title: str) -> list[dict[str, Any]]:
        """Apprise messages with ``title`` (health notices may arrive in between)."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            found = [
                r.json()
                for r in self.apprise.requests("POST", "/notify/tv-alerts")
                if r.json()["title"] == title
            ]
            if found:
                return found
            time.sleep(0.02)
        raise AssertionError((title, [r.json() for r in self.apprise.requests()]))

    def events(
        self, event_type: str, count: int = 1, health_type: str | None = None
    ) -> list[dict[str, Any]]:
        """Webhook events of ``event_type`` (of one health check's ``type`` if given), waited for.

        Delivery runs on the notifier's own thread, and other health checks may report in
        between, so the wait is for the events asked about, not for any event.
        """
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            found = [
                r.json()
                for r in self.hook.requests("POST", "/hook")
                if r.json().get("eventType") == event_type
                and (health_type is None or r.json().get("type") == health_type)
            ]
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError((event_type, [r.json() for r in self.hook.requests()]))


@pytest.fixture(autouse=True)
def empty_library() -> Iterator[None]:
    """These tests follow one series through its life (the package's fixture would delete
    it after every test)."""
    yield


def fields(schema: dict[str, Any], **values: Any) -> dict[str, Any]:
    out = dict(schema)
    out["fields"] = [
        f | {"value": values[f["name"]]} if f["name"] in values else f for f in schema["fields"]
    ]
    return out


def host_port(url: str) -> dict[str, Any]:
    host, port = url.removeprefix("http://").split(":")
    return {"host": host, "port": int(port)}


@pytest.fixture(scope="module")
def fakes() -> Iterator[Fakes]:
    jellyfin = JellyfinLibrary(
        JELLYFIN_KEY,
        [
            {
                "Name": "Game of Thrones",
                "Path": "/jellyfin/tv/Game of Thrones",
                "ProductionYear": 2011,
                "ProviderIds": {"Tvdb": str(GOT_TVDB)},
            }
        ],
    )
    plex = PlexLibrary(
        PLEX_TOKEN,
        [{"key": "4", "type": "show", "Location": [{"id": 1, "path": "/plex/tv"}]}],
    )
    with ExitStack() as stack:
        found = Fakes(
            stack.enter_context(webhook_receiver()),
            stack.enter_context(recording_server(jellyfin_routes(jellyfin))),
            stack.enter_context(recording_server(plex_routes(plex))),
            stack.enter_context(recording_server(apprise_routes({"tv-alerts"}))),
        )
        yield found


@pytest.fixture(scope="module")
def connections(tv: RunningService, fakes: Fakes) -> Iterator[dict[str, dict[str, Any]]]:
    root = str((tv.settings.media_dir / "tv").resolve())
    with httpx.Client(
        base_url=f"{tv.url}/api/v3", headers={"X-Api-Key": tv.api_key}, timeout=30
    ) as api:
        schema = {s["implementation"]: s for s in api.get("/notification/schema").json()}
        everything = {
            "onGrab": True,
            "onDownload": True,
            "onUpgrade": True,
            "onRename": True,
            "onSeriesAdd": True,
            "onSeriesDelete": True,
            "onEpisodeFileDelete": True,
            "onEpisodeFileDeleteForUpgrade": True,
            "onHealthIssue": True,
            "onHealthRestored": True,
            "includeHealthWarnings": True,
        }
        bodies = {
            "Webhook": fields(schema["Webhook"], url=fakes.hook.url + "/hook", method=1),
            "MediaBrowser": fields(
                schema["MediaBrowser"],
                **host_port(fakes.jellyfin.url),
                apiKey=JELLYFIN_KEY,
                updateLibrary=True,
            ),
            "PlexServer": fields(
                schema["PlexServer"],
                **host_port(fakes.plex.url),
                authToken=PLEX_TOKEN,
                updateLibrary=True,
                mapFrom=root,
                mapTo="/plex/tv",
            ),
            "Apprise": fields(
                schema["Apprise"], serverUrl=fakes.apprise.url, configurationKey="tv-alerts"
            ),
        }
        created = {}
        for name, body in bodies.items():
            response = api.post("/notification", json=body | everything | {"name": name})
            assert response.status_code == 201, (name, response.text)
            created[name] = response.json()
        fakes.clear()
        yield created
        for item in created.values():
            api.delete(f"/notification/{item['id']}")


def test_schema_and_tests_of_each_implementation(
    api: httpx.Client, fakes: Fakes, connections: dict[str, dict[str, Any]]
) -> None:
    schema = {s["implementation"]: s for s in api.get("/notification/schema").json()}
    names = {k: [f["name"] for f in v["fields"]] for k, v in schema.items()}
    assert names["MediaBrowser"] == [
        "host",
        "port",
        "useSsl",
        "urlBase",
        "apiKey",
        "notify",
        "updateLibrary",
        "mapFrom",
        "mapTo",
    ]
    assert names["PlexServer"][:7] == [
        "server",
        "host",
        "port",
        "useSsl",
        "urlBase",
        "authToken",
        "signIn",
    ]
    assert names["Apprise"][:3] == ["serverUrl", "configurationKey", "statelessUrls"]
    assert schema["PlexServer"]["implementationName"] == "Plex Media Server"
    assert schema["MediaBrowser"]["implementationName"] == "Emby / Jellyfin"
    assert schema["PlexServer"]["supportsOnGrab"] is False
    assert schema["MediaBrowser"]["supportsOnSeriesAdd"] is True

    jellyfin = connections["MediaBrowser"]
    assert jellyfin["onSeriesAdd"] and not jellyfin["onManualInteractionRequired"]
    key = next(f for f in jellyfin["fields"] if f["name"] == "apiKey")
    assert key["value"] == "********"
    assert api.post("/notification/test", json=jellyfin).status_code == 200
    assert fakes.jellyfin.requests("GET", "/System/Configuration")
    wrong = fields(jellyfin, apiKey="wrong")
    failed = api.post("/notification/test", json=wrong)
    assert failed.status_code == 400
    assert [(e["propertyName"], e["errorMessage"]) for e in failed.json()] == [
        ("ApiKey", "API Key is invalid")
    ]
    bad_token = api.post(
        "/notification/test", json=fields(connections["PlexServer"], authToken="x")
    )
    assert bad_token.json()[0]["propertyName"] == "AuthToken"
    invalid = api.post("/notification", json=fields(jellyfin, host="http://nope") | {"id": 0})
    assert invalid.status_code == 400 and invalid.json()[0]["propertyName"] == "Host"
    plex = connections["PlexServer"]
    assert plex["onGrab"] is False  # not supported by Plex: never stored as on
    results = api.post("/notification/testall").json()
    assert {r["id"]: r["isValid"] for r in results} == {c["id"]: True for c in connections.values()}


def test_series_add_reaches_every_connection(
    api: httpx.Client, root: Path, fakes: Fakes, connections: dict[str, dict[str, Any]]
) -> None:
    fakes.clear()
    tag = api.post("/tag", json={"label": "kids"}).json()
    series = add_got(api, root, tags=[tag["id"]])
    [added] = fakes.events("SeriesAdd")
    assert added["instanceName"] == "Sonarr"
    assert added["series"]["id"] == series["id"] and added["series"]["path"] == series["path"]
    assert added["series"]["tvdbId"] == GOT_TVDB and added["series"]["tags"] == ["kids"]
    assert added["series"]["type"] == "standard"
    updates = fakes.jellyfin.wait("POST", "/Library/Media/Updated", 2)
    paths = {u.json()["updates"][0]["path"] for u in updates}
    assert paths == {"/jellyfin/tv/Game of Thrones", series["path"]}
    update = updates[0]
    assert update.json()["updates"][0]["updateType"] == "Created"
    [refresh] = fakes.plex.wait("GET", "/library/sections/4/refresh")
    assert refresh.param("path") == "/plex/tv/Game of Thrones"
    [message] = fakes.messages("Series Added")
    assert message == {"title": "Series Added", "body": "Game of Thrones", "type": "info"}


def got(api: httpx.Client) -> dict[str, Any]:
    [series] = [s for s in api.get("/series").json() if s["tvdbId"] == GOT_TVDB]
    return dict(series)


def test_rename_sends_previous_paths(
    api: httpx.Client, fakes: Fakes, connections: dict[str, dict[str, Any]]
) -> None:
    series = got(api)
    folder = Path(series["path"]) / "Season 1"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / EPISODE).write_bytes(b"\x1a\x45\xdf\xa3" + b"\0" * 4096)
    scan = api.post("/command", json={"name": "RescanSeries", "seriesId": series["id"]}).json()
    assert wait_command(api, scan)["status"] == "completed"
    [file] = api.get("/episodefile", params={"seriesId": series["id"]}).json()
    assert file["relativePath"] == f"Season 1/{EPISODE}"

    naming = api.get("/config/naming").json()
    assert api.put("/config/naming", json=naming | {"renameEpisodes": True}).status_code == 202
    [preview] = api.get("/rename", params={"seriesId": series["id"]}).json()
    assert preview["existingPath"] == f"Season 1/{EPISODE}"
    assert preview["newPath"].startswith("Season 1/Game of Thrones - S01E01 - ")
    fakes.clear()
    command = api.post(
        "/command", json={"name": "RenameFiles", "seriesId": series["id"], "files": [file["id"]]}
    ).json()
    assert "1 files renamed" in wait_command(api, command)["message"]
    [renamed] = fakes.events("Rename")
    [entry] = renamed["renamedEpisodeFiles"]
    assert entry["previousRelativePath"] == f"Season 1/{EPISODE}"
    assert entry["previousPath"] == str(folder / EPISODE)
    assert entry["relativePath"] == preview["newPath"]
    assert (Path(series["path"]) / preview["newPath"]).is_file()
    assert not (folder / EPISODE).exists()
    [update] = fakes.jellyfin.wait("POST", "/Library/Media/Updated", 2)[:1]
    assert update.json()["updates"][0]["updateType"] == "Modified"
    assert not [r for r in fakes.apprise.requests() if "renamed" in r.json()["body"]]
    api.put("/config/naming", json=naming)


def test_deleting_a_file_and_a_file_vanishing(
    api: httpx.Client, fakes: Fakes, connections: dict[str, dict[str, Any]]
) -> None:
    series = got(api)
    [file] = api.get("/episodefile", params={"seriesId": series["id"]}).json()
    fakes.clear()
    assert api.delete(f"/episodefile/{file['id']}").status_code == 200
    assert api.get(f"/episodefile/{file['id']}").status_code == 404
    assert not Path(file["path"]).exists()
    [deleted] = fakes.events("EpisodeFileDelete")
    assert deleted["deleteReason"] == "manual"
    assert deleted["episodeFile"]["relativePath"] == file["relativePath"]
    assert [(e["seasonNumber"], e["episodeNumber"]) for e in deleted["episodes"]] == [(1, 1)]
    [message] = fakes.messages("Episode Deleted")
    assert message["body"].startswith("Game of Thrones - 1x01 - ")
    assert api.delete(f"/episodefile/{file['id']}").status_code == 404

    # a file removed behind our back is noticed by the next rescan
    folder = Path(series["path"]) / "Season 1"
    vanishing = folder / "Game.of.Thrones.S01E02.720p.HDTV.x264-GRP.mkv"
    vanishing.write_bytes(b"\x1a\x45\xdf\xa3" + b"\0" * 4096)
    scan = {"name": "RescanSeries", "seriesId": series["id"]}
    assert wait_command(api, api.post("/command", json=scan).json())["status"] == "completed"
    vanishing.unlink()
    fakes.clear()
    assert wait_command(api, api.post("/command", json=scan).json())["status"] == "completed"
    [missing] = fakes.events("EpisodeFileDelete")
    assert missing["deleteReason"] == "missingFromDisk"
    assert missing["episodes"][0]["episodeNumber"] == 2


def dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/hook"


def test_series_delete_and_a_failing_connection_on_the_health_page(
    api: httpx.Client, fakes: Fakes, connections: dict[str, dict[str, Any]]
) -> None:
    schema = {s["implementation"]: s for s in api.get("/notification/schema").json()}
    broken = fields(schema["Webhook"], url=dead_url()) | {"name": "broken", "onSeriesDelete": True}
    response = api.post("/notification", params={"forceSave": "true"}, json=broken)
    assert response.status_code == 201, response.text
    broken_id = response.json()["id"]
    check = {"name": "CheckHealth"}
    assert wait_command(api, api.post("/command", json=check).json())["status"] == "completed"

    series = got(api)
    fakes.clear()
    deleted = api.delete(f"/series/{series['id']}", params={"deleteFiles": "true"})
    assert deleted.status_code == 200
    [event] = fakes.events("SeriesDelete")
    assert event["deletedFiles"] is True and event["series"]["path"] == series["path"]
    [refresh] = fakes.plex.wait("GET", "/library/sections/4/refresh")
    assert refresh.param("path") == "/plex/tv/Game of Thrones"
    [message] = fakes.messages("Series Deleted")
    assert message["body"] == "Game of Thrones - Series removed and all files were deleted"

    # the dead receiver failed: System > Status says so, and a health event goes out
    deadline = time.monotonic() + 10
    issues: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        issues = [i for i in api.get("/health").json() if i["source"] == "NotificationStatusCheck"]
        if issues:
            break
        time.sleep(0.05)
    assert [i["message"] for i in issues] == ["Notifications unavailable due to failures: broken"]
    assert issues[0]["type"] == "warning"
    assert wait_command(api, api.post("/command", json=check).json())["status"] == "completed"
    health = fakes.events("Health", health_type="NotificationStatusCheck")[-1]
    assert health["level"] == "warning" and health["message"] == issues[0]["message"]
    assert health["wikiUrl"].endswith("#notifications-are-unavailable-due-to-failures")

    assert api.delete(f"/notification/{broken_id}").status_code == 200
    assert wait_command(api, api.post("/command", json=check).json())["status"] == "completed"
    [restored] = fakes.events("HealthRestored", health_type="NotificationStatusCheck")
    assert restored["message"] == "Notifications unavailable due to failures: broken"


def test_a_receiver_that_never_answers_does_not_hold_up_the_api(
    api: httpx.Client, root: Path, fakes: Fakes, connections: dict[str, dict[str, Any]]
) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # connections are queued, never answered
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/hook"
        schema = {s["implementation"]: s for s in api.get("/notification/schema").json()}
        body = fields(schema["Webhook"], url=url) | {"name": "silent", "onSeriesAdd": True}
        created = api.post("/notification", params={"forceSave": "true"}, json=body).json()
        try:
            started = time.monotonic()
            series = add_got(api, root)
            assert time.monotonic() - started < 5
            assert fakes.events("SeriesAdd")  # the others still hear about it
        finally:
            api.delete(f"/notification/{created['id']}")
    api.delete(f"/series/{series['id']}", params={"deleteFiles": "false"})
