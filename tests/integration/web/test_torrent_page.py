"""The torrent service's web page over real HTTP: list, add by file and magnet, pause,
resume, delete, filters, sign-in and same-origin rules; every action checked in the engine."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import libtorrent as lt
import pytest

from mediastack.core.roles import Role
from mediastack.torrent.engine import TorrentEngine
from tests.support.services import RunningService, clear_mediastack_env, running_service

PASSWORD = "a good password"


def make_torrent(root: Path, name: str, size: int = 64 * 1024) -> tuple[bytes, str]:
    """A single-file .torrent over random data (no trackers): (bytes, v1 info-hash)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_bytes(os.urandom(size))
    ct = lt.create_torrent(
        lt.list_files(str(root / name)), 16 * 1024, flags=lt.create_torrent.v1_only
    )
    lt.set_piece_hashes(ct, str(root))
    blob = lt.bencode(ct.generate())
    return blob, str(lt.torrent_info(blob).info_hashes().v1)


def wait_for(predicate: Callable[[], Any], timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {predicate}")
        time.sleep(0.05)


@pytest.fixture
def torrent(tmp_path: Path) -> Iterator[RunningService]:
    saved = clear_mediastack_env()
    try:
        with running_service(Role.TORRENT, tmp_path / "data") as svc:
            svc.ctx.auth.set_password(PASSWORD)
            yield svc
    finally:
        os.environ.update(saved)


def engine_of(svc: RunningService) -> TorrentEngine:
    state = svc.ctx.extras["torrent_api"]
    assert state.engine is not None
    engine: TorrentEngine = state.engine
    return engine


def signed_in(svc: RunningService) -> httpx.Client:
    web = httpx.Client(base_url=svc.url, follow_redirects=False, timeout=20)
    reply = web.post("/login", data={"username": "admin", "password": PASSWORD})
    assert reply.status_code == 303 and reply.headers["location"] == "/"
    return web


def flash(web: httpx.Client, reply: httpx.Response) -> str:
    """Follow a form's redirect and return the page it lands on."""
    assert reply.status_code == 303, reply.text
    return web.get(reply.headers["location"]).text


def test_status_page_links_to_the_torrent_page(torrent: RunningService) -> None:
    web = signed_in(torrent)
    home = web.get("/").text
    assert 'href="/torrents"' in home
    page = web.get("/torrents")
    assert page.status_code == 200
    assert 'aria-current="page"' in page.text and "No torrents yet" in page.text
    assert 'data-poll="/torrents/fragment"' in page.text and 'aria-live="polite"' in page.text


def test_add_by_file_and_magnet_then_pause_resume_delete(
    torrent: RunningService, tmp_path: Path
) -> None:
    engine = engine_of(torrent)
    web = signed_in(torrent)
    blob, first = make_torrent(tmp_path / "src", "First.File.bin")
    added = web.post(
        "/torrents/add",
        data={"category": "tv", "magnets": ""},
        files={"torrents": ("first.torrent", blob, "application/x-bittorrent")},
    )
    assert "Added 1 torrent." in flash(web, added)
    info = engine.get(first)
    assert info.name == "First.File.bin" and info.category == "tv"
    assert "tv" in engine.categories()  # a new category name creates it, as torrents/add

    magnet_hash = "0123456789abcdef0123456789abcdef01234567"
    by_magnet = web.post(
        "/torrents/add",
        data={"magnets": f"magnet:?xt=urn:btih:{magnet_hash}&dn=Second", "category": ""},
    )
    assert "Added 1 torrent." in flash(web, by_magnet)
    assert engine.has_torrent(magnet_hash)

    fragment = web.get("/torrents/fragment").text
    assert "First.File.bin" in fragment and 'role="progressbar"' in fragment
    assert re.search(r'aria-valuenow="\d+"', fragment)
    assert "<html" not in fragment  # only the list, for the polling helper

    paused = web.post(f"/torrents/{first}/pause")
    assert "Paused: First.File.bin" in flash(web, paused)
    wait_for(lambda: engine.get(first, refresh=True).state.is_stopped)
    assert f'action="/torrents/{first}/resume"' in web.get("/torrents/fragment").text

    resumed = web.post(f"/torrents/{first}/resume")
    assert "Resumed: First.File.bin" in flash(web, resumed)
    wait_for(lambda: not engine.get(first, refresh=True).state.is_stopped)

    deleted = web.post(f"/torrents/{first}/delete", data={})
    assert "Deleted: First.File.bin" in flash(web, deleted)
    assert not engine.has_torrent(first)
    with_files = web.post(f"/torrents/{magnet_hash}/delete", data={"delete_files": "on"})
    assert with_files.status_code == 303
    assert not engine.has_torrent(magnet_hash)

    gone = web.post(f"/torrents/{first}/pause")
    assert "no longer in the list" in flash(web, gone)


def test_bad_input_is_reported_on_the_page(torrent: RunningService) -> None:
    web = signed_in(torrent)
    nothing = web.post("/torrents/add", data={"magnets": ""})
    assert "Choose a .torrent file or paste a magnet link." in flash(web, nothing)
    junk = web.post(
        "/torrents/add", files={"torrents": ("junk.torrent", b"not bencoded", "text/plain")}
    )
    assert "is not a valid torrent file" in flash(web, junk)
    bad_magnet = web.post("/torrents/add", data={"magnets": "magnet:?xt=urn:btih:zz"})
    assert "Nothing was added" in flash(web, bad_magnet)
    assert engine_of(torrent).hashes() == []


def test_filters_by_category_and_state(torrent: RunningService, tmp_path: Path) -> None:
    engine = engine_of(torrent)
    web = signed_in(torrent)
    tv, tv_hash = make_torrent(tmp_path / "a", "Show.bin")
    movie, movie_hash = make_torrent(tmp_path / "b", "Film.bin")
    plain, _ = make_torrent(tmp_path / "c", "Loose.bin")
    web.post("/torrents/add", data={"category": "tv"}, files={"torrents": ("a.torrent", tv)})
    web.post("/torrents/add", data={"category": "movies"}, files={"torrents": ("b.torrent", movie)})
    web.post("/torrents/add", files={"torrents": ("c.torrent", plain)})
    assert len(engine.hashes()) == 3

    def names(query: str) -> set[str]:
        text = web.get(f"/torrents/fragment?{query}").text
        return set(re.findall(r'<span class="name">([^<]+)</span>', text))

    assert names("category=all") == {"Show.bin", "Film.bin", "Loose.bin"}
    assert names("category=c:tv") == {"Show.bin"}
    assert names("category=none") == {"Loose.bin"}
    page = web.get("/torrents?category=c:movies").text
    assert '<option value="c:movies" selected>' in page and "Film.bin" in page
    assert "Show.bin" not in page
    assert 'data-poll="/torrents/fragment?category=c:movies"' in page

    engine.pause([movie_hash])
    wait_for(lambda: engine.get(movie_hash, refresh=True).state.is_stopped)
    assert names("state=stopped") == {"Film.bin"}
    assert "Film.bin" not in names("state=running")
    assert names("category=c:tv&state=stopped") == set()
    assert "No torrent matches these filters." in web.get("/torrents/fragment?state=errored").text
    # an action from a filtered page returns to that filtered page
    back = web.post(
        f"/torrents/{tv_hash}/pause",
        headers={"Referer": f"{torrent.url}/torrents?category=c:tv&state=all"},
    )
    assert back.headers["location"].startswith("/torrents?category=c%3Atv&state=all&message=")


def test_sign_in_and_same_origin_are_required(torrent: RunningService, tmp_path: Path) -> None:
    anonymous = httpx.Client(base_url=torrent.url, follow_redirects=False)
    for path in ("/torrents", "/torrents/fragment"):
        assert anonymous.get(path).headers["location"] == "/login"
    blob, info_hash = make_torrent(tmp_path / "src", "Nope.bin")
    refused = anonymous.post("/torrents/add", files={"torrents": ("x.torrent", blob)})
    assert refused.status_code == 303 and refused.headers["location"] == "/login"
    assert not engine_of(torrent).has_torrent(info_hash)

    web = signed_in(torrent)
    web.post("/torrents/add", files={"torrents": ("x.torrent", blob)})
    assert engine_of(torrent).has_torrent(info_hash)
    evil = {"Origin": "http://evil.example"}
    assert web.post(f"/torrents/{info_hash}/delete", headers=evil).status_code == 403
    assert web.post("/torrents/add", data={"magnets": "x"}, headers=evil).status_code == 403
    assert engine_of(torrent).has_torrent(info_hash)


def test_delete_keeps_files_unless_asked(torrent: RunningService) -> None:
    """Payloads already in the save path: the torrent checks complete (a full bar), and
    only the ticked "also delete files" box removes the data."""
    engine = engine_of(torrent)
    web = signed_in(torrent)
    save = engine.settings.save_path
    kept_blob, kept = make_torrent(save, "Keep.Me.bin")
    gone_blob, gone = make_torrent(save, "Remove.Me.bin")
    for blob in (kept_blob, gone_blob):
        web.post("/torrents/add", files={"torrents": ("t.torrent", blob)})
    wait_for(lambda: engine.get(kept, refresh=True).progress >= 1)
    wait_for(lambda: engine.get(gone, refresh=True).progress >= 1)
    assert web.get("/torrents/fragment").text.count('aria-valuenow="100"') == 2
    assert "Seeds/peers" in web.get("/torrents?state=completed").text

    web.post(f"/torrents/{kept}/delete")
    web.post(f"/torrents/{gone}/delete", data={"delete_files": "on"})
    assert not engine.has_torrent(kept) and not engine.has_torrent(gone)
    assert (save / "Keep.Me.bin").exists()
    wait_for(lambda: not (save / "Remove.Me.bin").exists())
