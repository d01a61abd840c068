"""RSS through qbittorrent-api: feeds served on loopback, real torrents auto-downloaded."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
import qbittorrentapi

from tests.support.fake_http import Answer, GetRequest, loopback_server
from tests.support.services import RunningService

from .conftest import client_for, downloads, raw_client

Fn = Callable[..., Any]
StartService = Callable[..., AbstractContextManager[RunningService]]


def _item(title: str, day: int, url: str, *, enclosure: bool = True) -> str:
    link = escape(url, {'"': "&quot;"})
    target = (
        f'<enclosure url="{link}" type="application/x-bittorrent" length="1"/>'
        if enclosure
        else f"<link>{link}</link>"
    )
    date = f"{day:02d} Nov 2026 09:00:00 GMT"
    return (
        f"<item><title>{title}</title>{target}<guid>{title}</guid><pubDate>{date}</pubDate></item>"
    )


class Site:
    """What the loopback server answers: feeds and .torrent files by path."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        self.hits: dict[str, int] = {}

    def feed(self, path: str, title: str, items: list[str]) -> None:
        self.pages[path] = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            + "".join(items)
            + "</channel></rss>"
        ).encode()

    def __call__(self, request: GetRequest) -> Answer:
        self.hits[request.path] = self.hits.get(request.path, 0) + 1
        body = self.pages.get(request.path)
        return (200, body, {}) if body is not None else (404, b"", {})


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    served = Site()
    with loopback_server(served) as base:
        yield served, base


def _until(probe: Callable[[], Any], timeout: float = 20) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := probe()):
        assert time.monotonic() < deadline, f"timed out: {probe}"
        time.sleep(0.05)
    return value


def _loaded(qbt: qbittorrentapi.Client, name: str) -> dict[str, Any]:
    def probe() -> dict[str, Any] | None:
        feed = qbt.rss_items(include_feed_data=True).get(name)
        return dict(feed) if feed and not feed["isLoading"] and feed["articles"] else None

    return _until(probe)  # type: ignore[no-any-return]


def test_folders_feeds_and_their_conflicts(
    qbt: qbittorrentapi.Client, site: tuple[Site, str]
) -> None:
    served, base = site
    qbt.rss_add_folder(folder_path="TV")
    qbt.rss_add_feed(url=f"{base}/a", item_path="TV\\Shows")
    uid = qbt.rss_items()["TV"]["Shows"]["uid"]
    assert uid.startswith("{") and qbt.rss_items() == {
        "TV": {"Shows": {"uid": uid, "url": f"{base}/a"}}
    }
    refusals: list[tuple[Callable[[], Any], str]] = [
        (lambda: qbt.rss_add_folder(folder_path="TV"), "already exists: TV."),
        (lambda: qbt.rss_add_folder(folder_path="No\\Parent"), "Parent folder doesn't exist"),
        (lambda: qbt.rss_add_feed(url=f"{base}/a", item_path="Again"), "URL already exists"),
        (lambda: qbt.rss_move_item(orig_item_path="", new_item_path="x"), "root folder"),
        (lambda: qbt.rss_move_item(orig_item_path="TV", new_item_path="TV\\In"), "into itself"),
        (lambda: qbt.rss_remove_item(item_path="Nope"), "Item doesn't exist: Nope."),
        (lambda: qbt.rss_set_feed_url(url=f"{base}/b", item_path="TV"), "Feed doesn't exist"),
    ]
    for call, message in refusals:
        with pytest.raises(qbittorrentapi.Conflict409Error, match=message):
            call()
    qbt.rss_move_item(orig_item_path="TV\\Shows", new_item_path="Shows")
    qbt.rss_set_feed_url(url=f"{base}/b", item_path="Shows")
    assert qbt.rss_items() == {"Shows": {"uid": uid, "url": f"{base}/b"}, "TV": {}}
    qbt.rss_mark_as_read(item_path="Nope")  # unknown items are ignored, as in qBittorrent
    qbt.rss_refresh_item(item_path="Nope")
    qbt.rss_remove_item(item_path="Shows")
    assert qbt.rss_items() == {"TV": {}}
    assert served.hits == {}  # processing is off: nothing was fetched


def test_rules_download_new_episodes_once_and_everything_persists(
    tmp_path: Path, start_service: StartService, payload_factory: Fn, site: tuple[Site, str]
) -> None:
    served, base = site
    e1, e1_repack, e2 = (payload_factory(n, [20_000]) for n in ("e1", "e1r", "e2"))
    served.pages["/t/e1.torrent"] = e1.torrent
    served.pages["/t/e1r.torrent"] = e1_repack.torrent
    served.feed(
        "/feed",
        "Show feed",
        [
            _item("The.Show.S01E02.720p", 22, e2.magnet, enclosure=False),
            _item("The.Show.S01E01.REPACK.720p", 21, f"{base}/t/e1r.torrent"),
            _item("The.Show.S01E01.1080p", 20, f"{base}/t/missing.torrent"),
            _item("The.Show.S01E01.720p", 19, f"{base}/t/e1.torrent"),
            _item("Other.Show.S01E01.720p", 19, f"{base}/t/other.torrent"),
        ],
    )
    root = tmp_path / "data"
    with start_service(root) as service:
        qbt = client_for(service.url)
        save = str(downloads(service) / "tv-rss")
        qbt.app_set_preferences({"rss_processing_enabled": True})
        qbt.rss_add_feed(url=f"{base}/feed")
        feed = _loaded(qbt, "Show feed")  # renamed from its URL to the channel title
        assert [a["title"] for a in feed["articles"]][:2] == [
            "The.Show.S01E02.720p",
            "The.Show.S01E01.REPACK.720p",
        ]
        assert feed["articles"][0]["torrentURL"] == e2.magnet
        rule = {
            "enabled": True,
            "mustContain": "the show",
            "mustNotContain": "1080p|other",  # "the show" is a substring of "Other.Show"
            "episodeFilter": "1x1-2;",
            "smartFilter": True,
            "affectedFeeds": [f"{base}/feed"],
            "torrentParams": {"category": "tv", "save_path": save, "stopped": True},
        }
        qbt.rss_set_rule(rule_name="shows", rule_def=rule)
        assert qbt.rss_matching_articles(rule_name="shows") == {
            "Show feed": [
                "The.Show.S01E02.720p",
                "The.Show.S01E01.REPACK.720p",
                "The.Show.S01E01.720p",
            ]
        }
        assert served.hits.get("/t/e1.torrent") is None  # matching adds nothing
        qbt.app_set_preferences({"rss_auto_downloading_enabled": True})
        wanted = {e1.info_hash, e1_repack.info_hash, e2.info_hash}
        rows = _until(lambda: (r := qbt.torrents_info()) and len(r) == 3 and r)
        assert {t["hash"] for t in rows} == wanted
        assert {(t["category"], t["save_path"], t["state"]) for t in rows} == {
            ("tv", save, "stoppedDL")
        }
        stored = qbt.rss_rules()["shows"]
        assert stored["previouslyMatchedEpisodes"] == ["1x1", "1x1-REPACK", "1x2"]
        assert stored["lastMatch"] == "22 Nov 2026 09:00:00 +0000"
        read = {a["title"]: a.get("isRead", False) for a in _loaded(qbt, "Show feed")["articles"]}
        assert read == {
            "The.Show.S01E02.720p": True,
            "The.Show.S01E01.REPACK.720p": True,
            "The.Show.S01E01.1080p": False,
            "The.Show.S01E01.720p": True,
            "Other.Show.S01E01.720p": False,
        }
        assert "/t/other.torrent" not in served.hits and "/t/missing.torrent" not in served.hits
        qbt.rss_rename_rule(orig_rule_name="shows", new_rule_name="tv shows")
        qbt.rss_rename_rule(orig_rule_name="nope", new_rule_name="x")  # ignored

    with start_service(root) as service:
        qbt = client_for(service.url)
        assert list(qbt.rss_rules()) == ["tv shows"]
        feed = _loaded(qbt, "Show feed")
        assert sum(1 for a in feed["articles"] if a.get("isRead")) == 3
        assert len(qbt.torrents_info()) == 3  # nothing offered twice after a restart
        qbt.rss_mark_as_read(item_path="Show feed")
        assert all(a.get("isRead") for a in _loaded(qbt, "Show feed")["articles"])
        qbt.rss_remove_rule(rule_name="tv shows")
        assert qbt.rss_rules() == {}


def test_hostile_feeds_and_rules_are_refused_cleanly(
    tmp_path: Path, start_service: StartService, site: tuple[Site, str]
) -> None:
    served, base = site
    served.pages["/garbage"] = b"<rss><channel><title>x</title><item><title>a</title></ite"
    served.pages["/bomb"] = (
        b'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><title>&b;</title>'
        b"</channel></rss>"
    )
    served.pages["/huge"] = (
        b"<rss><channel>" + b"<item><title>x</title></item>" * 400 + b"</channel></rss>"
    )
    with start_service(tmp_path / "data", rss_feed_max_bytes=4096) as service:
        qbt = client_for(service.url)
        qbt.app_set_preferences({"rss_processing_enabled": True})
        for path in ("/garbage", "/bomb", "/huge", "/absent"):
            qbt.rss_add_feed(url=f"{base}{path}", item_path=path[1:])
        qbt.rss_add_feed(url="file:///etc/passwd", item_path="local")

        def settled() -> dict[str, Any] | None:
            items = qbt.rss_items(include_feed_data=True)
            return None if any(f["isLoading"] for f in items.values()) else dict(items)

        items = _until(settled)
        assert {name: (f["hasError"], f["articles"]) for name, f in items.items()} == {
            name: (True, []) for name in ("garbage", "bomb", "huge", "absent", "local")
        }
        assert items["bomb"]["title"] == ""  # never expanded

        raw = raw_client(service.url)
        for definition, status in (
            ("not json", 400),
            ("[1, 2]", 400),
            (json.dumps({"torrentParams": {"save_path": "/etc"}}), 403),
            (json.dumps({"savePath": str(tmp_path)}), 403),
        ):
            reply = raw.post("/api/v2/rss/setRule", data={"ruleName": "r", "ruleDef": definition})
            assert reply.status_code == status, (definition, reply.text)
        assert raw.get("/api/v2/rss/rules").json() == {}
        assert raw.post("/api/v2/rss/setRule", data={"ruleName": "r"}).status_code == 400
        bad = raw.post("/api/v2/app/setPreferences", data={"json": '{"rss_refresh_interval": 0}'})
        assert bad.status_code == 400
        assert raw.get("/api/v2/app/version").status_code == 200  # still serving
