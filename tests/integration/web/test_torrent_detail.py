"""One torrent's page over real HTTP: properties, files with priorities, trackers and a
real peer (a bare libtorrent seeder on loopback), and the actions on it; every change is
checked in the engine, every refusal on the page."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from mediastack.torrent.engine import FilePriority
from tests.integration.torrent.conftest import BareSession, make_payload
from tests.integration.web.test_torrent_page import (
    engine_of,
    flash,
    make_torrent,
    signed_in,
    torrent,
    wait_for,
)
from tests.support.services import RunningService

__all__ = ["torrent"]  # the fixture, imported for pytest


def add_file(web: httpx.Client, blob: bytes, **data: str) -> None:
    reply = web.post("/torrents/add", data=data, files={"torrents": ("t.torrent", blob)})
    assert "Added 1 torrent." in flash(web, reply)


def test_detail_shows_properties_files_and_trackers(
    torrent: RunningService, tmp_path: Path
) -> None:
    engine = engine_of(torrent)
    web = signed_in(torrent)
    payload = make_payload(tmp_path / "src", "Season.Pack", [40_000, 70_000, 30_000])
    add_file(web, payload.torrent, category="tv", paused="on")
    h = payload.info_hash

    listing = web.get("/torrents/fragment").text
    assert f'<a class="name" href="/torrents/{h}">Season.Pack</a>' in listing
    page = web.get(f"/torrents/{h}")
    assert page.status_code == 200
    text = page.text
    assert 'aria-current="page"' in text and "<h1" in text and "Season.Pack" in text
    assert f'data-poll="/torrents/{h}/fragment"' in text
    assert "Info hash v1" in text and h in text
    assert "Created by</dt><dd>mediastack tests</dd>" in text
    assert "9 × 16.0 KB (have 0)" in text  # 140 000 bytes in 16 KiB pieces
    for name in ("part00.bin", "part01.bin", "part02.bin"):
        assert f"Season.Pack/{name}" in text
    assert text.count('<select id="prio-') == 3
    # DHT, PeX and LSD rows as qBittorrent lists them, switched off on this loopback rig
    assert text.count("Disabled</td>") == 3 and "** [DHT] **" in text

    fragment = web.get(f"/torrents/{h}/fragment").text
    assert "<html" not in fragment and "Transfer" in fragment and "No peers connected." in fragment
    assert "<select" not in fragment  # the priority form is not swapped under the pointer

    added = web.post(
        f"/torrents/{h}/trackers/add",
        data={"urls": "http://127.0.0.1:9/announce\nhttp://127.0.0.1:9/second"},
    )
    assert "Added 2 tracker(s)." in flash(web, added)
    assert [t.url for t in engine.trackers(h)] == [
        "http://127.0.0.1:9/announce",
        "http://127.0.0.1:9/second",
    ]
    fragment = web.get(f"/torrents/{h}/fragment").text
    assert "http://127.0.0.1:9/announce</th>" in fragment
    assert 'aria-label="Remove tracker http://127.0.0.1:9/second"' in fragment
    removed = web.post(f"/torrents/{h}/trackers/remove", data={"url": "http://127.0.0.1:9/second"})
    assert "Removed tracker http://127.0.0.1:9/second" in flash(web, removed)
    assert [t.url for t in engine.trackers(h)] == ["http://127.0.0.1:9/announce"]
    unknown = web.post(f"/torrents/{h}/trackers/remove", data={"url": "http://nowhere/x"})
    assert "That tracker is not in the list." in flash(web, unknown)
    empty = web.post(f"/torrents/{h}/trackers/add", data={"urls": "  "})
    assert "Enter at least one tracker URL." in flash(web, empty)


def test_file_priorities_change_only_what_was_changed(
    torrent: RunningService, tmp_path: Path
) -> None:
    engine = engine_of(torrent)
    web = signed_in(torrent)
    payload = make_payload(tmp_path / "src", "Album", [20_000, 20_000, 20_000])
    add_file(web, payload.torrent, paused="on")
    h = payload.info_hash
    skip, high = int(FilePriority.DO_NOT_DOWNLOAD), int(FilePriority.HIGH)
    saved = web.post(f"/torrents/{h}/files", data={"prio-0": "1", "prio-1": skip, "prio-2": high})
    assert "Changed the priority of 2 file(s)." in flash(web, saved)
    assert [f.priority for f in engine.files(h)] == [1, skip, high]
    page = web.get(f"/torrents/{h}").text
    assert re.search(r'<select id="prio-1"[^>]*>.*?<option value="0" selected>', page, re.S)

    same = web.post(f"/torrents/{h}/files", data={"prio-0": "1"})
    assert "No priority changed." in flash(web, same)
    for bad, sentence in (
        ({"prio-0": "5"}, "Priority is not valid"),
        ({"prio-0": "x"}, "Priority is not valid"),
        ({"prio-9": "1"}, "File ID is not valid: 9"),
    ):
        refused = web.post(f"/torrents/{h}/files", data={"prio-2": "1", **bad})
        assert sentence in flash(web, refused)
    assert [f.priority for f in engine.files(h)] == [1, skip, high]  # nothing half-applied

    magnet = "89abcdef0123456789abcdef0123456789abcdef"
    web.post("/torrents/add", data={"urls": f"magnet:?xt=urn:btih:{magnet}&dn=NoMeta"})
    no_meta = web.post(f"/torrents/{magnet}/files", data={"prio-0": "0"})
    assert "metadata has not yet downloaded" in flash(web, no_meta)
    waiting = web.get(f"/torrents/{magnet}").text
    assert "The file list arrives with the torrent's metadata." in waiting


def test_peers_category_and_actions(torrent: RunningService, tmp_path: Path) -> None:
    """A real seeder on loopback: the download is held slow so the peer stays listed."""
    engine = engine_of(torrent)
    web = signed_in(torrent)
    payload = make_payload(tmp_path / "seed", "Shared.Data.bin", [1_500_000])
    seeder = BareSession()
    try:
        seeder.add(payload, payload.root, seed=True)
        add_file(web, payload.torrent, paused="on")
        h = payload.info_hash
        engine.set_download_limit([h], 32 * 1024)
        web.post(f"/torrents/{h}/resume", headers={"Referer": f"{torrent.url}/torrents/{h}"})
        engine.add_peers([h], [f"127.0.0.1:{seeder.port}"])

        def peer_row() -> str | None:
            fragment = web.get(f"/torrents/{h}/fragment").text
            found = re.search(r'<th scope="row" class="hash">127\.0\.0\.1:(\d+)</th>', fragment)
            return fragment if found and found.group(1) == str(seeder.port) else None

        fragment = wait_for(peer_row)
        assert "No peers connected." not in fragment and "<td>BT</td>" in fragment

        def list_rate() -> str | None:
            """The list's total download rate, once the torrent's own rate shows."""
            text = web.get("/torrents/fragment").text
            total = re.search(r'<p class="summary">\s*<span>Down <b>([^<]+)</b>', text)
            return total.group(1) if total and total.group(1) != "–" else None

        assert wait_for(list_rate).endswith("/s")
    finally:
        seeder.close()

    engine.create_category("movies")
    moved = web.post(f"/torrents/{h}/category", data={"category": "movies"})
    assert moved.headers["location"].startswith(f"/torrents/{h}?message=")
    assert "Category set to movies." in flash(web, moved)
    assert engine.get(h).category == "movies"
    unknown = web.post(f"/torrents/{h}/category", data={"category": "nope"})
    assert "Incorrect category name" in flash(web, unknown)
    assert engine.get(h).category == "movies"
    cleared = web.post(f"/torrents/{h}/category", data={"category": ""})
    assert "Category set to none." in flash(web, cleared) and engine.get(h).category == ""

    # pause from the detail page returns to it; delete from it goes to the list
    detail = {"Referer": f"{torrent.url}/torrents/{h}"}
    paused = web.post(f"/torrents/{h}/pause", headers=detail)
    assert paused.headers["location"] == f"/torrents/{h}?message=Paused%3A+Shared.Data.bin"
    assert "Reannounced: Shared.Data.bin" in flash(web, web.post(f"/torrents/{h}/reannounce"))
    assert "Checking: Shared.Data.bin" in flash(web, web.post(f"/torrents/{h}/recheck"))
    deleted = web.post(f"/torrents/{h}/delete", headers=detail)
    assert deleted.headers["location"].startswith("/torrents?message=Deleted")
    assert not engine.has_torrent(h)
    assert web.get(f"/torrents/{h}").headers["location"].startswith("/torrents?error=")
    assert "no longer in the list" in web.get(f"/torrents/{h}/fragment").text


def test_detail_routes_need_sign_in_and_same_origin(
    torrent: RunningService, tmp_path: Path
) -> None:
    engine = engine_of(torrent)
    blob, h = make_torrent(tmp_path / "src", "Guarded.bin")
    web = signed_in(torrent)
    add_file(web, blob, paused="on")
    anonymous = httpx.Client(base_url=torrent.url, follow_redirects=False)
    for path in (f"/torrents/{h}", f"/torrents/{h}/fragment"):
        assert anonymous.get(path).headers["location"] == "/login"
    posts = {
        f"/torrents/{h}/files": {"prio-0": "0"},
        f"/torrents/{h}/category": {"category": ""},
        f"/torrents/{h}/trackers/add": {"urls": "http://127.0.0.1:9/a"},
        f"/torrents/{h}/trackers/remove": {"url": "http://127.0.0.1:9/a"},
        f"/torrents/{h}/recheck": {},
        f"/torrents/{h}/reannounce": {},
    }
    evil = {"Origin": "http://evil.example"}
    for path, data in posts.items():
        assert anonymous.post(path, data=data).headers["location"] == "/login", path
        assert web.post(path, data=data, headers=evil).status_code == 403, path
    assert engine.trackers(h) == [] and [f.priority for f in engine.files(h)] == [1]
