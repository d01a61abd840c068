"""BEP 19 web seeds: list, add, edit, remove (WebAPI 2.11.3), kept across a restart."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
import qbittorrentapi

from tests.support.services import RunningService

from .conftest import client_for

Fn = Callable[..., Any]
StartService = Callable[..., AbstractContextManager[RunningService]]


def _seeds(qbt: qbittorrentapi.Client, info_hash: str) -> list[str]:
    return sorted(s["url"] for s in qbt.torrents_webseeds(torrent_hash=info_hash))


def test_web_seeds_add_edit_remove_and_survive_a_restart(
    tmp_path: Path, start_service: StartService, payload_factory: Fn
) -> None:
    payload = payload_factory("seeded-by-web", [40_000])
    root = tmp_path / "data"
    a, b, c = "http://127.0.0.1:9/a/", "https://127.0.0.1:9/b/", "http://127.0.0.1:9/c/"
    with start_service(root) as service:
        qbt = client_for(service.url)
        qbt.torrents_add(torrent_files=payload.torrent, is_stopped=True)
        h = payload.info_hash
        assert _seeds(qbt, h) == []
        qbt.torrents_add_webseeds(torrent_hash=h, urls=[a, b])
        assert _seeds(qbt, h) == [a, b]
        qbt.torrents_edit_webseed(torrent_hash=h, orig_url=a, new_url=c)
        assert _seeds(qbt, h) == sorted([b, c])
        with pytest.raises(qbittorrentapi.Conflict409Error, match="not an existing URL"):
            qbt.torrents_edit_webseed(torrent_hash=h, orig_url=a, new_url=c)
        with pytest.raises(qbittorrentapi.InvalidRequest400Error, match="URL scheme must be"):
            qbt.torrents_add_webseeds(torrent_hash=h, urls=["file:///etc/passwd"])
        with pytest.raises(qbittorrentapi.InvalidRequest400Error, match="not a valid URL"):
            qbt.torrents_add_webseeds(torrent_hash=h, urls=["http://"])
        with pytest.raises(qbittorrentapi.NotFound404Error):
            qbt.torrents_add_webseeds(torrent_hash="f" * 40, urls=[a])
        with pytest.raises(qbittorrentapi.NotFound404Error):
            qbt.torrents_webseeds(torrent_hash="f" * 40)
        assert _seeds(qbt, h) == sorted([b, c])  # the refused calls changed nothing
        qbt.torrents_remove_webseeds(torrent_hash=h, urls=[b])
        assert _seeds(qbt, h) == [c]

    with start_service(root) as service:
        assert _seeds(client_for(service.url), payload.info_hash) == [c]
