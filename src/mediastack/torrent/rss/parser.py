"""Reading RSS 2.0, RSS 1.0 (RDF) and Atom documents into qBittorrent's article records.

Every document is untrusted. It is parsed with defusedxml only, so entity declarations
(the "billion laughs" bomb) and external references are refused instead of expanded, and
incrementally, so the articles read before a syntax error are kept, as qBittorrent keeps
them, while the feed is marked as having an error. The caller caps the document's size.

An article is a dict with qBittorrent's keys (``id``, ``date``, ``title``, ``author``,
``description``, ``torrentURL``, ``link``) plus any other element of the item by its local
name, which is what ``rss/items?withData=true`` shows. ``date`` is a ``datetime`` here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element, ParseError

# defusedxml's stubs (types-defusedxml) are optional, hence "unused-ignore".
from defusedxml import DefusedXmlException  # type: ignore[import-untyped, unused-ignore]
from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped, unused-ignore]

from mediastack.torrent.rss.dates import parse_iso, parse_rfc822

Article = dict[str, Any]
TORRENT_TYPE = "application/x-bittorrent"


@dataclass
class ParseResult:
    title: str = ""
    last_build_date: str = ""
    articles: list[Article] = field(default_factory=list)
    error: str = ""
    unchanged: bool = False  # the document's build date equals the one we have


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def _text(elem: Element) -> str:
    """The element's text including its children's, as ``readElementText`` gives it."""
    return "".join(elem.itertext())


def _rss_item(elem: Element, fallback: datetime) -> Article:
    article: Article = {}
    alt_torrent = ""
    for child in elem:
        name = _local(child.tag)
        if name == "title":
            article["title"] = _text(child).strip()
        elif name == "enclosure":
            kind = child.get("type", "")
            if kind == TORRENT_TYPE:
                article["torrentURL"] = child.get("url", "")
            elif not kind:
                alt_torrent = child.get("url", "")
        elif name == "link":
            link = _text(child).strip()
            key = "torrentURL" if link.lower().startswith("magnet:") else "link"
            article[key] = link
        elif name == "description":
            article["description"] = _text(child)
        elif name == "pubDate":
            article["date"] = parse_rfc822(_text(child), fallback)
        elif name == "author":
            article["author"] = _text(child).strip()
        elif name == "guid":
            article["id"] = _text(child).strip()
        else:
            article[name] = _text(child)
    if not article.get("torrentURL"):
        article["torrentURL"] = alt_torrent
    return article


def _atom_entry(elem: Element, fallback: datetime, base_url: str) -> Article:
    article: Article = {}
    for child in elem:
        name = _local(child.tag)
        if name == "title":
            article["title"] = _text(child).strip()
        elif name == "link":
            link = child.get("href", "") if child.attrib else _text(child).strip()
            if link.lower().startswith("magnet:"):
                article["torrentURL"] = link
            else:
                article["link"] = base_url + link if base_url else link
        elif name in ("summary", "content"):
            if "description" not in article and (content := _text(child).strip()):
                article["description"] = content
        elif name == "updated":
            article["date"] = parse_iso(_text(child), fallback)
        elif name == "author":
            for part in child:
                if _local(part.tag) == "name":
                    article["author"] = _text(part).strip()
        elif name == "id":
            article["id"] = _text(child).strip()
        else:
            article[name] = _text(child)
    return article


def _finish(article: Article, seen: set[str]) -> Article | None:
    """qBittorrent's identity rules: a torrent link falls back to the page link, an id
    to the torrent link and then the title; an article with none of them, or an id seen
    earlier in the same document, is dropped."""
    if not article.get("torrentURL"):
        article["torrentURL"] = article.get("link")
    ident = article.get("id") or article.get("torrentURL") or article.get("title")
    if not ident or ident in seen:
        return None
    article["id"] = ident
    seen.add(ident)
    return article


def parse_feed(data: bytes, last_build_date: str, fallback: datetime) -> ParseResult:
    """Read a feed document; stops early (``unchanged``) when its build date is known."""
    result = ParseResult(last_build_date=last_build_date)
    seen: set[str] = set()
    kind = ""  # rss | rdf | atom
    base_url = ""
    path: list[str] = []
    found_channel = False
    try:
        for event, elem in iterparse(io.BytesIO(data), events=("start", "end")):
            name = _local(elem.tag)
            if event == "start":
                path.append(name)
                if len(path) == 1:
                    kind = {"rss": "rss", "RDF": "rdf", "feed": "atom"}.get(name, "")
                    if kind == "atom":
                        found_channel = True
                        base_url = elem.get("{http://www.w3.org/XML/1998/namespace}base", "")
                elif kind in ("rss", "rdf") and name == "channel" and len(path) == 2:
                    found_channel = True
                continue
            path.pop()
            parent = path[-1] if path else ""
            if kind and name == "title" and parent in ("channel", "feed"):
                result.title = _text(elem)
            elif name in ("lastBuildDate", "updated") and parent in ("channel", "feed"):
                built = _text(elem)
                if built:
                    if built == result.last_build_date:
                        result.unchanged = True
                        break
                    result.last_build_date = built
            elif (kind in ("rss", "rdf") and name == "item") or (
                kind == "atom" and name == "entry"
            ):
                if kind == "atom":
                    article = _atom_entry(elem, fallback, base_url)
                else:
                    article = _rss_item(elem, fallback)
                finished = _finish(article, seen)
                if finished is not None:
                    result.articles.append(finished)
                elem.clear()
    except (ParseError, DefusedXmlException) as exc:
        result.error = f"{type(exc).__name__}: {exc}"
        return result
    if not found_channel and not result.unchanged:
        result.error = "Invalid RSS feed."
    return result
