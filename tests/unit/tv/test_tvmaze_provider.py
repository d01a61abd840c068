"""The TVmaze client's wire behaviour: rate-limit back-off, lookups, failures."""

from __future__ import annotations

import json
import os
from collections.abc import Callable

import httpx
import pytest

from mediastack.core.config import load_settings
from mediastack.manager.metadata import ExternalId, MetadataUnavailableError
from mediastack.tv.metadata.tvmaze import TvMazeProvider
from mediastack.tv.settings import DEFAULT_TVMAZE_URL, MetadataSettings, tv_settings
from tests.support.fake_tvmaze import TVMAZE
from tests.support.services import clear_mediastack_env

SHOW_13 = (TVMAZE / "shows_13_embed_seasons.json").read_bytes()


def provider(handler: Callable[[httpx.Request], httpx.Response]) -> TvMazeProvider:
    settings = MetadataSettings(tvmaze_url="http://tvmaze.test", rate_limit_backoff_seconds=0)
    return TvMazeProvider(settings, transport=httpx.MockTransport(handler))


async def test_rate_limit_is_ridden_out() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if len(calls) < 3:
            return httpx.Response(429, headers={"Retry-After": "0"})
        return httpx.Response(200, content=SHOW_13)

    found = await provider(handler).lookup(ExternalId("tvmaze", "13"))
    assert found is not None and found.title == "The Flash" and len(calls) == 3


async def test_endless_rate_limit_is_unavailable() -> None:
    p = provider(lambda _: httpx.Response(429))
    with pytest.raises(MetadataUnavailableError, match="429"):
        await p.search("x")


async def test_tvdb_lookup_follows_the_redirect_by_id() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/lookup/shows":
            assert request.url.params["thetvdb"] == "279121"
            return httpx.Response(301, headers={"Location": "https://api.tvmaze.com/shows/13"})
        assert request.url.path == "/shows/13" and request.url.params["embed"] == "seasons"
        return httpx.Response(200, content=SHOW_13)

    found = await provider(handler).lookup(ExternalId("tvdb", "279121"))
    assert found is not None and found.tvmaze_id == 13 and len(seen) == 2


async def test_unknown_ids_and_empty_searches() -> None:
    p = provider(lambda r: httpx.Response(404 if "lookup" in r.url.path else 200, json=[]))
    assert await p.lookup(ExternalId("imdb", "tt0")) is None
    assert await p.search("nothing") == []


async def test_transport_errors_and_server_errors_are_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(MetadataUnavailableError, match="Unable to reach TVmaze"):
        await provider(refuse).fetch(13)
    with pytest.raises(MetadataUnavailableError, match="502"):
        await provider(lambda _: httpx.Response(502)).fetch(13)
    with pytest.raises(MetadataUnavailableError, match="invalid JSON"):
        await provider(lambda _: httpx.Response(200, content=b"<html>")).search("x")


async def test_fetch_combines_show_episodes_and_fanart() -> None:
    episodes = (TVMAZE / "shows_1_episodes_modern_single_item.json").read_bytes()
    images = [{"type": "background", "main": True, "resolutions": {"original": {"url": "f"}}}]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/episodes"):
            assert request.url.params["specials"] == "1"
            return httpx.Response(200, content=episodes)
        if request.url.path.endswith("/images"):
            return httpx.Response(200, content=json.dumps(images).encode())
        return httpx.Response(200, content=SHOW_13)

    info = await provider(handler).fetch(13)
    assert info.fanart_url == "f" and info.episodes is not None and len(info.episodes) == 1


def test_base_url_is_a_setting_with_an_environment_override(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    saved = clear_mediastack_env()
    try:
        assert tv_settings(load_settings("tv")).metadata.tvmaze_url == DEFAULT_TVMAZE_URL
        monkeypatch.setenv("MEDIASTACK_SERVICE__METADATA__TVMAZE_URL", "http://mirror:8080/")
        assert tv_settings(load_settings("tv")).metadata.tvmaze_url == "http://mirror:8080"
        with pytest.raises(ValueError, match="http"):
            MetadataSettings(tvmaze_url="ftp://nope")
    finally:
        monkeypatch.delenv("MEDIASTACK_SERVICE__METADATA__TVMAZE_URL")
        os.environ.update(saved)
