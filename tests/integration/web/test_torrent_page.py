"""The torrent list page over real HTTP: list, add by file, magnet and URL (with category,
save path, tags and "paused"), pause, resume, delete, filters with counts, sign-in and
same-origin rules; every action checked in the engine."""

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
from mediastack.torrent.web import listing
from tests.support.fake_http import GetRequest, loopback_server
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
    assert 'href="/torrents"' in home and 'href="/preferences"' in home
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
        data={"urls": f"magnet:?xt=urn:btih:{magnet_hash}&dn=Second", "category": ""},
    )
    assert "Added 1 torrent." in flash(web, by_magnet)
    assert engine.has_torrent(magnet_hash)

    third_blob, third = make_torrent(tmp_path / "src3", "Third.File.bin")
    asked: list[str] = []

    def serve(request: GetRequest) -> tuple[int, bytes, dict[str, str]]:
        asked.append(request.path)
        if request.path == "/get/third.torrent":
            return 200, third_blob, {"Content-Type": "application/x-bittorrent"}
        return 404, b"no such file", {}

    with loopback_server(serve) as base:
        by_url = web.post(
            "/torrents/add",
            data={"urls": f"{base}/get/third.torrent\n\n", "category": "movies"},
        )
        assert "Added 1 torrent." in flash(web, by_url)
        dead = web.post("/torrents/add", data={"urls": f"{base}/missing.torrent"})
        assert "Nothing was added" in (text := flash(web, dead)) and "HTTP 404" in text
    assert asked == ["/get/third.torrent", "/missing.torrent"]
    assert engine.get(third).category == "movies" and engine.get(third).name == "Third.File.bin"

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


def test_add_options_save_path_tags_and_paused(torrent: RunningService, tmp_path: Path) -> None:
    engine = engine_of(torrent)
    web = signed_in(torrent)
    page = web.get("/torrents").text
    for field in ('name="savepath"', 'name="tags"', 'name="paused"', 'name="urls"'):
        assert field in page
    blob, info_hash = make_torrent(tmp_path / "src", "Options.bin")
    added = web.post(
        "/torrents/add",
        data={"savepath": "elsewhere/inner", "tags": "one, two", "paused": "on"},
        files={"torrents": ("o.torrent", blob)},
    )
    assert "Added 1 torrent." in flash(web, added)
    info = engine.get(info_hash)
    assert info.save_path == str(engine.settings.save_path / "elsewhere" / "inner")
    assert set(info.tags) == {"one", "two"}
    assert info.state.is_stopped
    fragment = web.get("/torrents/fragment").text
    assert "Tags <b>one, two</b>" in fragment or "Tags <b>two, one</b>" in fragment

    outside, outside_hash = make_torrent(tmp_path / "src2", "Outside.bin")
    refused = web.post(
        "/torrents/add", data={"savepath": "/etc"}, files={"torrents": ("x.torrent", outside)}
    )
    assert "must be inside the downloads folder: /etc" in flash(web, refused)
    assert not engine.has_torrent(outside_hash)


def test_bad_input_is_reported_on_the_page(torrent: RunningService) -> None:
    web = signed_in(torrent)
    nothing = web.post("/torrents/add", data={"urls": " \n "})
    assert "Choose a .torrent file or paste a link." in flash(web, nothing)
    junk = web.post(
        "/torrents/add", files={"torrents": ("junk.torrent", b"not bencoded", "text/plain")}
    )
    assert "is not a valid torrent file" in flash(web, junk)
    bad_magnet = web.post("/torrents/add", data={"urls": "magnet:?xt=urn:btih:zz"})
    assert "Nothing was added" in flash(web, bad_magnet)
    not_http = web.post("/torrents/add", data={"urls": "ftp://127.0.0.1/x.torrent"})
    assert "only http and https URLs are fetched" in flash(web, not_http)
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
        return set(re.findall(r'<a class="name" href="/torrents/[0-9a-f]+">([^<]+)</a>', text))

    def counts(query: str) -> dict[str, int]:
        """Each filter link's label and count, as the sidebar shows them."""
        text = web.get(f"/torrents/fragment?{query}").text
        link = r'<a id="[^"]+" href="[^"]+"[^>]*>([^<]+?) <span class="count">(\d+)'
        found = re.findall(link, text)
        return {label: int(n) for label, n in found}

    assert names("category=all") == {"Show.bin", "Film.bin", "Loose.bin"}
    assert names("category=c:tv") == {"Show.bin"}
    assert names("category=none") == {"Loose.bin"}
    assert counts("")["All"] == 3 and counts("")["tv"] == 1 and counts("")["Uncategorised"] == 1
    page = web.get("/torrents?category=c:movies").text
    current = re.search(r'<a id="category-\d+" href="([^"]+)" aria-current="true">movies', page)
    assert current and current.group(1) == "/torrents?category=c%3Amovies&amp;state=all"
    assert "Film.bin" in page and "Show.bin" not in page
    assert 'data-poll="/torrents/fragment?category=c:movies"' in page

    engine.pause([movie_hash])
    wait_for(lambda: engine.get(movie_hash, refresh=True).state.is_stopped)
    assert names("state=stopped") == {"Film.bin"}
    assert "Film.bin" not in names("state=running")
    assert names("category=c:tv&state=stopped") == set()
    assert names("state=inactive") == {"Show.bin", "Film.bin", "Loose.bin"}  # nothing moves
    assert names("state=active") == set()
    # within a category, each status count is what its link shows; and the reverse
    assert counts("category=c:movies")["Paused"] == 1 and counts("category=c:tv")["Paused"] == 0
    assert counts("state=stopped")["movies"] == 1 and counts("state=stopped")["tv"] == 0
    assert names("state=bogus") == names("state=all")  # an unknown filter shows everything
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
    assert web.post("/torrents/add", data={"urls": "x"}, headers=evil).status_code == 403
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


def test_long_lists_are_paged_and_unchanged_ones_cost_no_body(
    torrent: RunningService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A poll renders one page at most, and a list that did not change is a bodiless 304
    (the browser hands the poller its cached copy)."""
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    engine = engine_of(torrent)
    web = signed_in(torrent)
    for n in range(1, 6):
        magnet = f"magnet:?xt=urn:btih:{n:040x}&dn=Item.{n}"
        assert "Added 1 torrent." in flash(
            web, web.post("/torrents/add", data={"urls": magnet, "paused": "on"})
        )

    def rows(query: str) -> list[str]:
        text = web.get(f"/torrents/fragment?{query}").text
        return re.findall(r'<a class="name" href="/torrents/[0-9a-f]+">([^<]+)</a>', text)

    assert rows("") == ["Item.1", "Item.2"] and rows("page=2") == ["Item.3", "Item.4"]
    assert rows("page=3") == ["Item.5"] and rows("page=99") == ["Item.5"]
    assert rows("page=x") == ["Item.1", "Item.2"]
    second = web.get("/torrents/fragment?state=all&page=2").text
    assert "Showing <b>5</b> of 5" in second and "Page 2 of 3" in second
    assert 'href="/torrents?category=all&amp;state=all&amp;page=1" rel="prev"' in second
    assert 'href="/torrents?category=all&amp;state=all&amp;page=3" rel="next"' in second
    page = web.get("/torrents?page=2").text
    assert 'data-poll="/torrents/fragment?page=2"' in page  # the poll keeps the page

    first = web.get("/torrents/fragment")
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    same = web.get("/torrents/fragment", headers={"If-None-Match": tag})
    assert same.status_code == 304 and same.content == b""
    engine.resume([f"{1:040x}"])
    wait_for(lambda: not engine.get(f"{1:040x}", refresh=True).state.is_stopped)
    changed = web.get("/torrents/fragment", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
