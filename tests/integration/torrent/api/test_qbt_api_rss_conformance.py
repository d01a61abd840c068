"""RSS answers compared on both servers (ours and a real qbittorrent-nox), same feed.

The parsed articles must be the same records, key for key; tree refusals the same
status and sentence; a rule the same fields (ours adds qBittorrent 5's torrentParams).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from tests.support.fake_http import GetRequest, loopback_server

from .conftest import Server

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>My feed</title>
<lastBuildDate>Mon, 23 Nov 2026 10:00:00 GMT</lastBuildDate>
<item><title>Show.S01E02.720p</title><link>http://127.0.0.1/x.torrent</link><guid>g2</guid>
<pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate><description>d &amp; e</description>
<category>TV</category></item>
<item><title>Show.S01E01.720p</title><guid>g1</guid><pubDate>Sun, 22 Nov 2026 09:00:00 GMT</pubDate>
<enclosure url="http://127.0.0.1/y.torrent" type="application/x-bittorrent" length="1"/></item>
</channel></rss>"""

ARTICLES = [
    {
        "category": "TV",
        "date": "23 Nov 2026 09:00:00 +0000",
        "description": "d & e",
        "id": "g2",
        "link": "http://127.0.0.1/x.torrent",
        "title": "Show.S01E02.720p",
        "torrentURL": "http://127.0.0.1/x.torrent",
    },
    {
        "date": "22 Nov 2026 09:00:00 +0000",
        "id": "g1",
        "title": "Show.S01E01.720p",
        "torrentURL": "http://127.0.0.1/y.torrent",
    },
]


@contextmanager
def _login(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"{server.url}/api/v2", timeout=20) as http:
        login = {"username": server.username, "password": server.password}
        assert http.post("/auth/login", data=login).text == "Ok."
        yield http


def test_rss_answers_match_qbittorrent(server: Server) -> None:
    def answer(request: GetRequest) -> tuple[int, bytes, dict[str, str]]:
        return (200, FEED, {}) if request.path == "/feed" else (404, b"", {})

    with loopback_server(answer) as base, _login(server) as http:
        assert http.get("/rss/items").json() == {}
        on = json.dumps({"rss_processing_enabled": True})
        assert http.post("/app/setPreferences", data={"json": on}).status_code == 200
        assert http.post("/rss/addFeed", data={"url": f"{base}/feed", "path": ""}).text == ""

        deadline = time.monotonic() + 20
        while True:
            items: dict[str, Any] = http.get("/rss/items", params={"withData": "true"}).json()
            feed = items.get("My feed")
            if feed and not feed["isLoading"] and feed["articles"]:
                break
            assert time.monotonic() < deadline, items
            time.sleep(0.1)
        assert sorted(feed["articles"], key=lambda a: a["id"], reverse=True) == ARTICLES
        assert (feed["title"], feed["hasError"], feed["url"]) == ("My feed", False, f"{base}/feed")
        assert feed["lastBuildDate"] == "Mon, 23 Nov 2026 10:00:00 GMT"

        for path, form, status, text in (
            ("/rss/addFolder", {"path": "a"}, 200, ""),
            ("/rss/addFolder", {"path": "a"}, 409, "RSS item with given path already exists: a."),
            ("/rss/addFolder", {"path": "b\\c"}, 409, "Parent folder doesn't exist: b."),
            ("/rss/addFolder", {"path": ""}, 409, "Incorrect RSS Item path: ."),
            ("/rss/addFeed", {"url": f"{base}/feed", "path": "again"}, 409,
             f"RSS feed with given URL already exists: {base}/feed."),
            ("/rss/moveItem", {"itemPath": "", "destPath": "x"}, 409, "Cannot move root folder."),
            ("/rss/removeItem", {"path": "zz"}, 409, "Item doesn't exist: zz."),
            ("/rss/markAsRead", {"itemPath": "zz"}, 200, ""),
            ("/rss/refreshItem", {"itemPath": "zz"}, 200, ""),
            ("/rss/renameRule", {"ruleName": "nope", "newRuleName": "x"}, 200, ""),
            ("/rss/removeRule", {"ruleName": "nope"}, 200, ""),
        ):  # fmt: skip
            reply = http.post(path, data=form)
            assert (reply.status_code, reply.text) == (status, text), (server.kind, path, form)
        assert http.get("/rss/addFolder", params={"path": "q"}).status_code == 405
        assert http.post("/rss/addFolder").status_code == 400  # (we also name the parameter)

        rule = {
            "mustContain": "show s01",
            "affectedFeeds": [f"{base}/feed"],
            "episodeFilter": "1x2;",
        }
        form = {"ruleName": "r1", "ruleDef": json.dumps(rule)}
        assert http.post("/rss/setRule", data=form).status_code == 200
        stored = http.get("/rss/rules").json()["r1"]
        assert {k: stored[k] for k in ("addPaused", "assignedCategory", "enabled", "ignoreDays",
                                       "lastMatch", "mustNotContain", "savePath", "smartFilter",
                                       "torrentContentLayout", "useRegex")} == {
            "addPaused": None, "assignedCategory": "", "enabled": True, "ignoreDays": 0,
            "lastMatch": "", "mustNotContain": "", "savePath": "", "smartFilter": False,
            "torrentContentLayout": None, "useRegex": False,
        }  # fmt: skip
        matching = http.get("/rss/matchingArticles", params={"ruleName": "r1"}).json()
        assert matching == {"My feed": ["Show.S01E02.720p"]}
        assert http.get("/rss/matchingArticles", params={"ruleName": "nope"}).json() == {}
        read = {"itemPath": "My feed", "articleId": "g1"}
        assert http.post("/rss/markAsRead", data=read).status_code == 200
        items = http.get("/rss/items", params={"withData": "true"}).json()
        flags = {a["id"]: a.get("isRead") for a in items["My feed"]["articles"]}
        assert flags == {"g1": True, "g2": None}
