"""Feed documents in (RSS 2.0, RDF, Atom, hostile XML) and the folder tree's rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mediastack.torrent.rss.dates import qt_rfc2822
from mediastack.torrent.rss.parser import parse_feed
from mediastack.torrent.rss.tree import RssError, RssTree

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)

RSS2 = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:torrent="http://xmlns.ezrss.it/0.1/"><channel>
<title>Feed &amp; co</title><lastBuildDate>Mon, 23 Nov 2026 10:00:00 GMT</lastBuildDate>
<image><title>not the feed title</title></image>
<item><title> Show.S01E02 </title><link>http://example.test/page/2</link>
 <enclosure url="http://example.test/2.torrent" type="application/x-bittorrent" length="9"/>
 <guid>id-2</guid><pubDate>Mon, 23 Nov 2026 09:00:00 +0100</pubDate>
 <description>a <b>bold</b> move</description><torrent:infoHash>abc</torrent:infoHash></item>
<item><title>Magnet only</title><link>magnet:?xt=urn:btih:ABCDEF</link>
 <pubDate>garbage</pubDate></item>
<item><title>Plain enclosure</title><enclosure url="http://example.test/3"/></item>
<item><description>no id at all</description></item>
<item><title>dup</title><guid>id-2</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.test"><title>Atom</title>
<updated>2026-11-23T10:00:00Z</updated>
<entry><title>Entry 1</title><link href="/e/1"/><id>urn:1</id>
 <updated>2026-11-22T10:00:00Z</updated>
 <summary>first</summary><content>second</content><author><name>me</name></author></entry>
<entry><title>Entry 2</title><link href="magnet:?xt=urn:btih:AA"/><updated>bad</updated></entry>
</feed>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel><title>RDF feed</title></channel>
<item><title>R1</title><link>http://example.test/r1.torrent</link></item>
</rdf:RDF>"""

BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<rss><channel><title>&lol2;</title></channel></rss>"""


def test_rss2_items_become_qbittorrent_articles() -> None:
    result = parse_feed(RSS2, "", NOW)
    assert result.error == "" and result.title == "Feed & co"
    assert result.last_build_date == "Mon, 23 Nov 2026 10:00:00 GMT"
    first, magnet, plain = result.articles
    assert first["id"] == "id-2" and first["title"] == "Show.S01E02"
    assert first["torrentURL"] == "http://example.test/2.torrent"
    assert first["link"] == "http://example.test/page/2"
    assert first["description"] == "a bold move" and first["infoHash"] == "abc"
    assert qt_rfc2822(first["date"]) == "23 Nov 2026 09:00:00 +0100"
    assert magnet["torrentURL"] == "magnet:?xt=urn:btih:ABCDEF" and magnet["date"] == NOW
    assert magnet["id"] == magnet["torrentURL"]  # no guid: the torrent link identifies it
    assert plain["torrentURL"] == "http://example.test/3"  # an untyped enclosure, as a fallback
    # the unidentifiable item and the duplicate id are dropped


def test_unchanged_build_date_stops_early() -> None:
    result = parse_feed(RSS2, "Mon, 23 Nov 2026 10:00:00 GMT", NOW)
    assert result.unchanged and result.articles == [] and result.error == ""


def test_atom_and_rdf() -> None:
    atom = parse_feed(ATOM, "", NOW)
    assert atom.title == "Atom" and atom.error == ""
    one, two = atom.articles
    assert one["link"] == "http://example.test/e/1" and one["description"] == "first"
    assert one["author"] == "me" and one["date"] == datetime(2026, 11, 22, 10, tzinfo=UTC)
    assert two["torrentURL"] == "magnet:?xt=urn:btih:AA" and two["date"] == NOW
    rdf = parse_feed(RDF, "", NOW)
    assert rdf.title == "RDF feed" and [a["title"] for a in rdf.articles] == ["R1"]


@pytest.mark.parametrize(
    "document",
    [
        BOMB,
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><rss>&e;</rss>",
        b"<html><body>not a feed</body></html>",
        b"\x00\x01garbage",
        b"",
    ],
    ids=["billion-laughs", "external-entity", "not-a-feed", "binary", "empty"],
)
def test_hostile_and_broken_documents_are_errors_not_crashes(document: bytes) -> None:
    result = parse_feed(document, "", NOW)
    assert result.error and result.articles == []
    assert "lol" not in result.title


def test_items_before_a_syntax_error_are_kept() -> None:
    broken = RSS2.replace(b"<item><title>dup</title>", b"<item><title>dup</tit>")
    result = parse_feed(broken, "", NOW)
    assert result.error and len(result.articles) == 3


def test_tree_paths_conflicts_and_moves() -> None:
    tree = RssTree()
    tree.add_folder("TV")
    feed = tree.add_feed("http://f/1", "TV\\Shows")
    for call, message in (
        (lambda: tree.add_folder("TV"), "RSS item with given path already exists: TV."),
        (lambda: tree.add_folder("No\\Such"), "Parent folder doesn't exist: No."),
        (lambda: tree.add_folder(""), "Incorrect RSS Item path: ."),
        (lambda: tree.add_folder("a\\\\b"), "Incorrect RSS Item path: a\\\\b."),
        (lambda: tree.add_feed("http://f/1", "Other"), "RSS feed with given URL already exists"),
        (lambda: tree.move("", "x"), "Cannot move root folder."),
        (lambda: tree.move("TV", "TV\\Inside"), "Couldn't move folder into itself."),
        (lambda: tree.remove("nope"), "Item doesn't exist: nope."),
        (lambda: tree.set_feed_url("TV", "http://x"), "Feed doesn't exist: TV."),
    ):
        with pytest.raises(RssError, match=message.replace("\\", "\\\\").replace(".", r"\.")):
            call()
    tree.add_folder("Archive")
    tree.move("TV", "Archive\\TV")
    assert tree.item("Archive\\TV\\Shows") is feed and feed.path == "Archive\\TV\\Shows"
    assert tree.root.to_json(False) == {
        "Archive": {"TV": {"Shows": {"uid": feed.uid, "url": "http://f/1"}}}
    }
    tree.remove("Archive")
    assert tree.feeds() == [] and tree.item("Archive\\TV\\Shows") is None


def test_articles_are_capped_newest_first_and_undated_ones_never_push_newer_ones_out() -> None:
    tree = RssTree()
    feed = tree.add_feed("http://f", "f")
    dated = [{"id": f"a{i}", "title": f"a{i}", "date": NOW - timedelta(days=i)} for i in range(4)]
    assert [a["id"] for a in feed.merge(dated, 3, NOW)] == ["a0", "a1", "a2"]
    assert [a["id"] for a in feed.by_date()] == ["a0", "a1", "a2"]
    undated = [{"id": "new", "title": "new"}, {"id": "a1", "title": "a1"}]
    assert [a["id"] for a in feed.merge(undated, 3, NOW)] == ["new"]
    # dated just under a1, the known article after it in the document
    assert feed.articles["new"]["date"] == feed.articles["a1"]["date"] - timedelta(milliseconds=1)
