"""Emby/Jellyfin, Plex and Apprise on the wire, against loopback fakes of those servers."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from mediastack.manager.notifications.apprise import Apprise
from mediastack.manager.notifications.base import NotificationFailure, ProviderContext
from mediastack.manager.notifications.definitions import EventType
from mediastack.manager.notifications.events import MediaItem, NotificationEvent, probe_event
from mediastack.manager.notifications.media_browser import MediaBrowser
from mediastack.manager.notifications.media_servers import UpdateQueue, map_path
from mediastack.manager.notifications.plex_server import PlexServer, parse_version
from tests.support.fake_media_servers import (
    JellyfinLibrary,
    PlexLibrary,
    Recorder,
    apprise_routes,
    jellyfin_routes,
    plex_routes,
    recording_server,
)

KEY = "jf-key"
SHOW = MediaItem(
    id=7,
    kind="series",
    title="Game of Thrones",
    year=2011,
    path="/media/tv/Game of Thrones",
    root_folder="/media/tv",
    provider_ids={"Tvdb": "121361", "Imdb": "tt0944947"},
    poster_url="http://images.example/got.jpg",
)


def event(kind: EventType = EventType.DOWNLOAD, **extra: Any) -> NotificationEvent:
    defaults: dict[str, Any] = {"title": "Episode Downloaded", "message": "GoT - 1x01"}
    defaults |= {"item": SHOW, "update_type": "Created"}
    return NotificationEvent(kind, {}, **(defaults | extra))


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def context(http: httpx.AsyncClient) -> ProviderContext:
    return ProviderContext(http, "Sonarr", "4.0.15.2941", "client-id", "series")


def server_settings(url: str, **extra: Any) -> dict[str, Any]:
    host, port = url.removeprefix("http://").split(":")
    return {"host": host, "port": int(port), "useSsl": False, "urlBase": ""} | extra


@pytest.fixture
def jellyfin() -> Iterator[tuple[Recorder, JellyfinLibrary]]:
    library = JellyfinLibrary(
        KEY,
        [
            {"Name": "Game of Thrones", "Path": "/data/tv/GoT", "ProductionYear": 2011},
            {
                "Name": "GoT (renamed)",
                "Path": "/data/tv/Game of Thrones (2011)",
                "ProductionYear": 2011,
                "ProviderIds": {"Tvdb": "121361", "Imdb": "tt0944947"},
            },
        ],
    )
    with recording_server(jellyfin_routes(library)) as server:
        yield server, library


async def test_jellyfin_refresh_is_queued_merged_and_sent_per_path(
    jellyfin: tuple[Recorder, JellyfinLibrary], http: httpx.AsyncClient
) -> None:
    server, _ = jellyfin
    provider = MediaBrowser()
    settings = server_settings(server.url, apiKey=KEY, updateLibrary=True, notify=False)
    ctx = context(http)
    await provider.handle(1, settings, event(), ctx)
    await provider.handle(1, settings, event(), ctx)  # the same series again: merged
    assert server.requests() == []  # nothing is sent inline
    await provider.process_queue(1, settings, ctx)
    [lookup] = server.requests("GET", "/Items")
    assert lookup.headers["x-mediabrowser-token"] == KEY
    assert lookup.query == {
        "recursive": ["true"],
        "includeItemTypes": ["Series"],
        "fields": ["Path,ProviderIds"],
        "years": ["2011"],
    }
    updates = server.requests("POST", "/Library/Media/Updated")
    bodies = sorted(json.dumps(u.json()) for u in updates)
    # the item matched by provider id wins over the one matched by name, plus our own path
    assert [json.loads(b) for b in bodies] == [
        {"updates": [{"path": "/data/tv/Game of Thrones (2011)", "updateType": "Created"}]},
        {"updates": [{"path": "/media/tv/Game of Thrones", "updateType": "Created"}]},
    ]
    assert all(u.headers["content-type"] == "application/json" for u in updates)
    assert provider.queue.pending(1) == 0


async def test_jellyfin_mixed_changes_leave_the_type_out_and_map_paths(
    jellyfin: tuple[Recorder, JellyfinLibrary], http: httpx.AsyncClient
) -> None:
    server, library = jellyfin
    library.items.clear()
    provider = MediaBrowser()
    settings = server_settings(
        server.url, apiKey=KEY, updateLibrary=True, mapFrom="/media/tv", mapTo="/mnt/shows"
    )
    ctx = context(http)
    await provider.handle(2, settings, event(), ctx)
    await provider.handle(2, settings, event(EventType.RENAME, update_type="Modified"), ctx)
    await provider.process_queue(2, settings, ctx)
    [update] = server.requests("POST", "/Library/Media/Updated")
    assert update.json() == {"updates": [{"path": "/mnt/shows/Game of Thrones"}]}


async def test_jellyfin_test_names_the_setting_to_blame(
    jellyfin: tuple[Recorder, JellyfinLibrary], http: httpx.AsyncClient
) -> None:
    server, library = jellyfin
    provider = MediaBrowser()
    probe = probe_event("Sonarr", {})
    ctx = context(http)
    assert await provider.test(server_settings(server.url, apiKey=KEY), probe, ctx) is None
    wrong = await provider.test(server_settings(server.url, apiKey="nope"), probe, ctx)
    assert wrong is not None and (wrong.field, wrong.message) == ("ApiKey", "API Key is invalid")
    notify = await provider.test(server_settings(server.url, apiKey=KEY, notify=True), probe, ctx)
    assert notify is not None and notify.field == "Notify" and "Jellyfin" in notify.message
    library.emby = True
    assert (
        await provider.test(server_settings(server.url, apiKey=KEY, notify=True), probe, ctx)
        is None
    )
    [notice] = server.requests("POST", "/Notifications/Admin")[-1:]
    assert notice.json()["name"] == "Test from Sonarr"
    down = await provider.test(server_settings("http://127.0.0.1:9", apiKey=KEY), probe, ctx)
    assert down is not None and down.field == "Host"
    assert down.message.startswith("Unable to send test message:")
    errors = provider.validate({"host": "http://x", "port": 0, "apiKey": "", "mapTo": "/x"})
    assert {e.field for e in errors} == {"Host", "Port", "ApiKey", "MapFrom"}


async def test_jellyfin_admin_notice_when_asked(
    jellyfin: tuple[Recorder, JellyfinLibrary], http: httpx.AsyncClient
) -> None:
    server, library = jellyfin
    library.emby = True
    provider = MediaBrowser()
    settings = server_settings(server.url, apiKey=KEY, notify=True, updateLibrary=False)
    await provider.handle(
        3, settings, event(EventType.GRAB, title="Episode Grabbed"), context(http)
    )
    [notice] = server.requests("POST", "/Notifications/Admin")
    assert notice.json() == {"name": "Sonarr - Episode Grabbed", "description": "GoT - 1x01"}
    assert provider.queue.pending(3) == 0  # library updates are off


@pytest.fixture
def plex() -> Iterator[tuple[Recorder, PlexLibrary]]:
    library = PlexLibrary(
        "plex-token",
        [
            {"key": "1", "type": "movie", "Location": [{"id": 1, "path": "/data/movies"}]},
            {"key": "2", "type": "show", "Location": [{"id": 2, "path": "/data/tv"}]},
            {"key": "3", "type": "show", "Location": [{"id": 3, "path": "/other/tv"}]},
        ],
    )
    with recording_server(plex_routes(library)) as server:
        yield server, library


async def test_plex_refreshes_the_matching_section_location(
    plex: tuple[Recorder, PlexLibrary], http: httpx.AsyncClient
) -> None:
    server, _ = plex
    provider = PlexServer()
    settings = server_settings(
        server.url, authToken="plex-token", mapFrom="/media/tv", mapTo="/data/tv"
    )
    ctx = context(http)
    await provider.handle(1, settings, event(), ctx)
    await provider.process_queue(1, settings, ctx)
    [identity] = server.requests("GET", "/identity")
    assert identity.headers["accept"] == "application/json"
    assert identity.param("X-Plex-Product") == "Sonarr"
    assert identity.param("X-Plex-Client-Identifier") == "client-id"
    assert identity.param("X-Plex-Version") == "4.0.15.2941"
    refreshes = server.requests("GET", "/library/sections/2/refresh")
    assert [r.param("path") for r in refreshes] == ["/data/tv/Game of Thrones"]
    assert server.requests("GET", "/library/sections/3/refresh") == []
    # without a matching location every TV section is refreshed, never the movie one
    server.clear()
    other = server_settings(server.url, authToken="plex-token")
    await provider.handle(2, other, event(), ctx)
    await provider.process_queue(2, other, ctx)
    assert server.requests("GET", "/identity") == []  # the version is cached per host
    paths = {r.path: r.param("path") for r in server.requests("GET") if r.path.endswith("/refresh")}
    assert paths == {
        "/library/sections/2/refresh": "/data/tv/Game of Thrones",
        "/library/sections/3/refresh": "/other/tv/Game of Thrones",
    }


async def test_plex_skips_a_series_delete_that_kept_files(
    plex: tuple[Recorder, PlexLibrary], http: httpx.AsyncClient
) -> None:
    server, _ = plex
    provider = PlexServer()
    settings = server_settings(server.url, authToken="plex-token")
    ctx = context(http)
    kept = event(EventType.SERIES_DELETE, update_type="Deleted", deleted_files=False)
    await provider.handle(1, settings, kept, ctx)
    assert provider.queue.pending(1) == 0
    gone = event(EventType.SERIES_DELETE, update_type="Deleted", deleted_files=True)
    await provider.handle(1, settings, gone, ctx)
    assert provider.queue.pending(1) == 1


async def test_plex_test_and_errors(
    plex: tuple[Recorder, PlexLibrary], http: httpx.AsyncClient
) -> None:
    server, library = plex
    provider = PlexServer()
    probe = probe_event("Sonarr", {})
    ctx = context(http)
    good = server_settings(server.url, authToken="plex-token")
    assert await provider.test(good, probe, ctx) is None
    bad = await provider.test(server_settings(server.url, authToken="x"), probe, ctx)
    assert bad is not None and (bad.field, bad.message) == (
        "AuthToken",
        "Authentication Token is invalid",
    )
    library.sections = [library.sections[0]]  # movies only
    none = await provider.test(good, probe, ctx)
    assert none is not None and none.message == "At least one TV library is required"
    library.version = "1.3.0.3000-abc"
    provider.queue.add(9, SHOW, "Created")
    with pytest.raises(NotificationFailure, match=r"upgrade to PMS 1\.3\.1"):
        await provider.process_queue(9, good, ctx)
    assert parse_version("1.40.2.8395-c67dce28e") == (1, 40, 2, 8395)


async def test_plex_error_in_a_2xx_body_is_a_failure(http: httpx.AsyncClient) -> None:
    routes = {"GET /library/sections": lambda _r: (200, {"MediaContainer": {"Error": "boom"}})}
    with recording_server(routes) as server, pytest.raises(NotificationFailure, match="boom"):
        await PlexServer().sections(server_settings(server.url), context(http))


async def test_apprise_stateful_stateless_and_failures(http: httpx.AsyncClient) -> None:
    with recording_server(apprise_routes({"tv"})) as server:
        provider = Apprise()
        ctx = context(http)
        stateful = {
            "serverUrl": server.url + "/",
            "configurationKey": "tv",
            "notificationType": 2,
            "tags": ["admins", "tv"],
            "includePoster": True,
            "authUsername": "u",
            "authPassword": "p",
        }
        await provider.handle(1, stateful, event(title="Series Added", message="GoT"), ctx)
        [sent] = server.requests("POST", "/notify/tv")
        assert sent.json() == {
            "title": "Series Added",
            "body": "GoT",
            "type": "warning",
            "tag": "admins,tv",
            "attachment": "http://images.example/got.jpg",
        }
        assert sent.headers["authorization"].startswith("Basic ")
        stateless = {"serverUrl": server.url, "statelessUrls": "json://127.0.0.1/x"}
        assert await provider.test(stateless, probe_event("Sonarr", {}), ctx) is None
        [test] = server.requests("POST", "/notify")
        assert test.json()["urls"] == "json://127.0.0.1/x" and "tag" not in test.json()
        assert test.json()["title"] == "Sonarr - Test Notification"
        unknown = await provider.test(
            {"serverUrl": server.url, "configurationKey": "nope"}, probe_event("Sonarr", {}), ctx
        )
        assert unknown is not None and unknown.message == (
            "Unable to send test message. Response from API: No configuration found for nope"
        )
    errors = Apprise().validate({"serverUrl": "nope", "configurationKey": "Bad Key"})
    assert {e.field for e in errors} == {"ServerUrl", "ConfigurationKey"}
    both = Apprise().validate({"serverUrl": "http://a", "statelessUrls": "x", "tags": ["t"]})
    assert {e.message for e in both} == {"Stateless URLs do not support tags"}


def test_update_queue_and_path_mapping() -> None:
    queue = UpdateQueue()
    queue.add(1, SHOW, "Created")
    queue.add(1, SHOW, "Deleted")
    [pending] = queue.take(1)
    assert pending.update_type is None and queue.take(1) == []
    assert map_path("/media/tv/Show", "/media/tv", "/data/tv") == "/data/tv/Show"
    assert map_path("D:\\TV\\Show", "D:\\TV", "/mnt/tv") == "/mnt/tv/Show"
    assert map_path("/elsewhere/Show", "/media/tv", "/data/tv") == "/elsewhere/Show"
