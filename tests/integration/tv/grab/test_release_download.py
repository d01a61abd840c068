"""Fetching release files: bytes, a redirect to a magnet link, the size cap, HTTP errors."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from mediastack.manager.grab.download import ReleaseDownloadError, fetch_release_file
from tests.support.fake_indexer import CannedResponse, running_fake_indexer

MAGNET = "magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=Show.S01E01"


def fetch(url: str, max_bytes: int = 1024) -> bytes | str:
    async def run() -> bytes | str:
        async with httpx.AsyncClient() as http:
            return await fetch_release_file(http, url, max_bytes)

    return asyncio.run(run())


def test_bytes_magnets_caps_and_errors() -> None:
    routes = {
        "get": lambda p: CannedResponse(200, b"d8:announce0:e", "application/x-bittorrent"),
        "magnet": lambda p: CannedResponse(302, headers=(("Location", MAGNET),)),
        "hop": lambda p: CannedResponse(301, headers=(("Location", "/api?t=get"),)),
        "big": lambda p: CannedResponse(200, b"x" * 4096),
        "gone": lambda p: CannedResponse(404, b"no"),
    }
    with running_fake_indexer(routes=routes) as fake:
        assert fetch(f"{fake.url}/api?t=get") == b"d8:announce0:e"
        assert fetch(f"{fake.url}/api?t=hop") == b"d8:announce0:e"
        assert fetch(f"{fake.url}/api?t=magnet") == MAGNET
        assert fetch(MAGNET) == MAGNET
        with pytest.raises(ReleaseDownloadError, match="larger than 1024 bytes"):
            fetch(f"{fake.url}/api?t=big")
        with pytest.raises(ReleaseDownloadError, match="HTTP 404"):
            fetch(f"{fake.url}/api?t=gone")
