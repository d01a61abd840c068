"""Setting up the TV service the way a user does, for the end-to-end tests.

Each step goes through the public APIs: the usenet service gets its news server with
SABnzbd's ``set_config``, the TV service gets its download clients, indexers and
notifications from their ``/schema`` templates (each tested against the running thing
when created, as Sonarr does).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from pyarr import SonarrAPI

from tests.integration.tv.conftest import GOT_TVDB
from tests.integration.tv.grab.conftest import with_fields
from tests.support.services import RunningService

T = TypeVar("T")


def wait(predicate: Callable[[], T], timeout: float, what: str) -> T:
    """Poll until ``predicate`` answers something truthy; fail the test on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@dataclass
class TorrentClient:
    """Whatever speaks qBittorrent's WebAPI: our service or qbittorrent-nox."""

    name: str
    url: str
    username: str
    password: str

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def api(self) -> httpx.Client:
        client = httpx.Client(base_url=f"{self.url}/api/v2", timeout=30)
        login = client.post(
            "/auth/login", data={"username": self.username, "password": self.password}
        )
        assert login.text == "Ok.", login.text
        return client


def tv_settings(tvmaze_url: str) -> dict[str, Any]:
    """The TV service's ``service:`` section: the TVmaze mirror, no pause between
    indexer requests."""
    return {
        "metadata": {"tvmaze_url": tvmaze_url, "rate_limit_backoff_seconds": 0.01},
        "grab": {"indexer_min_interval_seconds": 0},
    }


def tv_api(tv: RunningService) -> httpx.Client:
    return httpx.Client(base_url=f"{tv.url}/api/v3", headers={"X-Api-Key": tv.api_key}, timeout=30)


def news_server(usenet: RunningService, nntp_port: int) -> None:
    """The usenet service's news server: the loopback NNTP server."""
    answer = httpx.get(
        f"{usenet.url}/api",
        params={
            "apikey": usenet.api_key, "output": "json", "mode": "set_config",
            "section": "servers", "keyword": "loopback", "host": "127.0.0.1",
            "port": nntp_port, "ssl": 0, "connections": 4, "enable": 1,
        },
        timeout=30,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text


def _create(api: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    created = api.post(path, json=body)
    assert created.status_code == 201, created.text
    result: dict[str, Any] = created.json()
    return result


def usenet_client(api: httpx.Client, usenet: RunningService, **extra: Any) -> dict[str, Any]:
    schema = {s["implementation"]: s for s in api.get("/downloadclient/schema").json()}
    port = int(usenet.url.rsplit(":", 1)[1])
    body = with_fields(
        schema["Sabnzbd"], host="127.0.0.1", port=port, apiKey=usenet.api_key, tvCategory="tv"
    )
    return _create(api, "/downloadclient", body | {"name": "mediastack usenet", **extra})


def torrent_client(api: httpx.Client, client: TorrentClient) -> dict[str, Any]:
    schema = {s["implementation"]: s for s in api.get("/downloadclient/schema").json()}
    body = with_fields(
        schema["QBittorrent"], host="127.0.0.1", port=client.port, username=client.username,
        password=client.password, tvCategory="tv",
    )  # fmt: skip
    return _create(api, "/downloadclient", body | {"name": client.name})


def indexer(api: httpx.Client, kind: str, url: str, api_key: str) -> dict[str, Any]:
    """A Newznab or Torznab indexer for HD TV (category 5040)."""
    schema = {s["implementation"]: s for s in api.get("/indexer/schema").json()}
    body = with_fields(schema[kind], baseUrl=url, apiKey=api_key, categories=[5040])
    return _create(api, "/indexer", body | {"name": f"Loopback {kind}"})


def jellyfin(api: httpx.Client, url: str, api_key: str) -> dict[str, Any]:
    schema = {s["implementation"]: s for s in api.get("/notification/schema").json()}
    host, port = url.removeprefix("http://").rsplit(":", 1)
    body = with_fields(
        schema["MediaBrowser"], host=host, port=int(port), apiKey=api_key, updateLibrary=True
    )
    return _create(
        api, "/notification", body | {"name": "Jellyfin", "onDownload": True, "onUpgrade": True}
    )


def no_size_floor(api: httpx.Client) -> None:
    """Tiny test files: no minimum size per quality (what a user lowers for small releases)."""
    definitions = [d | {"minSize": 0} for d in api.get("/qualitydefinition").json()]
    assert api.put("/qualitydefinition/update", json=definitions).status_code == 202


def naming(api: httpx.Client, episode_format: str) -> None:
    current = api.get("/config/naming").json()
    current |= {
        "renameEpisodes": True,
        "standardEpisodeFormat": episode_format,
        "seasonFolderFormat": "Season {season:00}",
    }
    assert api.put("/config/naming", json=current).status_code == 202


def add_game_of_thrones(
    tv: RunningService, profile_id: int
) -> tuple[SonarrAPI, dict[str, Any], dict[tuple[int, int], dict[str, Any]]]:
    """Through pyarr as a user does: look the series up by TVDB id and add it, monitored,
    to the media/tv root; returns the client, the series and its episodes by number."""
    sonarr = SonarrAPI(tv.url, tv.api_key)
    [found] = sonarr.lookup_series(id_=GOT_TVDB)
    root = str((tv.settings.media_dir / "tv").resolve())
    series = sonarr.add_series(found, profile_id, 1, root, monitored=True)
    episodes = {
        (e["seasonNumber"], e["episodeNumber"]): e
        for e in sonarr.get_episode(series["id"], series=True)
    }
    return sonarr, series, episodes
