"""Folders and feeds under qBittorrent's RSS paths (``Folder\\Sub\\Feed name``).

A path is one or more non-empty names joined by backslashes; the root folder is the empty
path. Every operation checks what qBittorrent checks and fails with its sentence (the
WebAPI answers ``409`` with it), changing nothing. Feeds keep their articles here, newest
first, at most ``max_articles`` of them.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mediastack.torrent.rss.dates import qt_rfc2822
from mediastack.torrent.rss.parser import Article

SEPARATOR = "\\"
_VALID_PATH = re.compile(r"\A[^\\]+(\\[^\\]+)*\Z")


class RssError(Exception):
    """An RSS operation qBittorrent would refuse; the message is qBittorrent's."""


def is_valid_path(path: str) -> bool:
    return bool(_VALID_PATH.match(path))


def parent_path(path: str) -> str:
    return path.rpartition(SEPARATOR)[0]


def relative_name(path: str) -> str:
    return path.rpartition(SEPARATOR)[2]


def join_path(folder: str, name: str) -> str:
    return f"{folder}{SEPARATOR}{name}" if folder else name


@dataclass
class Feed:
    uid: str  # "{xxxxxxxx-...}", as qBittorrent writes QUuid
    url: str
    path: str
    title: str = ""
    last_build_date: str = ""
    has_error: bool = False
    loading: bool = False
    articles: dict[str, Article] = field(default_factory=dict)  # by id

    @property
    def name(self) -> str:
        return relative_name(self.path)

    @property
    def uid_hex(self) -> str:
        return uuid.UUID(self.uid.strip("{}")).hex

    def by_date(self) -> list[Article]:
        return sorted(self.articles.values(), key=lambda a: a["date"], reverse=True)

    def unread(self) -> list[Article]:
        return [a for a in self.by_date() if not a.get("isRead")]

    def merge(self, loaded: list[Article], max_articles: int, now: datetime) -> list[Article]:
        """Add the articles not seen before; returns those kept (qBittorrent's updateArticles).

        Walking the document from its last item up, an undated new article takes the time
        of the refresh, or just under the date of the last known article passed, so it
        never pushes out articles that are really newer than it.
        """
        undated = now
        fresh: list[Article] = []
        for article in reversed(loaded):
            known = self.articles.get(article["id"])
            if known is not None:
                undated = known["date"] - timedelta(milliseconds=1)
                continue
            article.setdefault("date", undated)
            fresh.append(article)
        if not fresh:
            return []
        keep = sorted([*self.articles.values(), *fresh], key=lambda a: a["date"], reverse=True)
        kept = keep[:max_articles]
        kept_ids = {a["id"] for a in kept}
        self.articles = {a["id"]: a for a in kept}
        return [a for a in reversed(fresh) if a["id"] in kept_ids]

    def trim(self, max_articles: int) -> None:
        self.articles = {a["id"]: a for a in self.by_date()[:max_articles]}

    def to_json(self, with_data: bool) -> dict[str, Any]:
        row: dict[str, Any] = {"uid": self.uid, "url": self.url}
        if with_data:
            row.update(
                title=self.title,
                lastBuildDate=self.last_build_date,
                isLoading=self.loading,
                hasError=self.has_error,
                articles=[article_json(a) for a in self.by_date()],
            )
        return row


def article_json(article: Article) -> dict[str, Any]:
    return {k: (qt_rfc2822(v) if k == "date" else v) for k, v in sorted(article.items())}


@dataclass
class Folder:
    path: str
    children: dict[str, Folder | Feed] = field(default_factory=dict)  # by name

    def feeds(self) -> list[Feed]:
        found: list[Feed] = []
        for child in self.children.values():
            found.extend(child.feeds() if isinstance(child, Folder) else [child])
        return found

    def to_json(self, with_data: bool) -> dict[str, Any]:
        return {name: self.children[name].to_json(with_data) for name in sorted(self.children)}


Item = Folder | Feed


class RssTree:
    """The folder tree with lookups by path and by feed URL."""

    def __init__(self) -> None:
        self.root = Folder("")
        self._items: dict[str, Item] = {"": self.root}

    def item(self, path: str) -> Item | None:
        return self._items.get(path)

    def feeds(self) -> list[Feed]:
        return self.root.feeds()

    def feed_by_url(self, url: str) -> Feed | None:
        return next((f for f in self.feeds() if f.url == url), None)

    def _destination(self, path: str) -> Folder:
        if not is_valid_path(path):
            raise RssError(f"Incorrect RSS Item path: {path}.")
        if path in self._items:
            raise RssError(f"RSS item with given path already exists: {path}.")
        folder = self._items.get(parent_path(path))
        if not isinstance(folder, Folder):
            raise RssError(f"Parent folder doesn't exist: {parent_path(path)}.")
        return folder

    def _attach(self, item: Item, folder: Folder) -> None:
        folder.children[relative_name(item.path)] = item
        self._items[item.path] = item

    def add_folder(self, path: str) -> Folder:
        folder = Folder(path)
        self._attach(folder, self._destination(path))
        return folder

    def add_feed(self, url: str, path: str, uid: str | None = None) -> Feed:
        if self.feed_by_url(url) is not None:
            raise RssError(f"RSS feed with given URL already exists: {url}.")
        feed = Feed(uid=uid or "{" + str(uuid.uuid4()) + "}", url=url, path=path)
        self._attach(feed, self._destination(path))
        return feed

    def set_feed_url(self, path: str, url: str) -> Feed:
        feed = self._items.get(path)
        if not isinstance(feed, Feed):
            raise RssError(f"Feed doesn't exist: {path}.")
        if url != feed.url:
            if self.feed_by_url(url) is not None:
                raise RssError(f"RSS feed with given URL already exists: {url}.")
            feed.url = url
        return feed

    def move(self, item_path: str, dest_path: str) -> Item:
        if not item_path:
            raise RssError("Cannot move root folder.")
        item = self._items.get(item_path)
        if item is None:
            raise RssError(f"Item doesn't exist: {item_path}.")
        folder = self._destination(dest_path)
        if folder is item or (isinstance(item, Folder) and _below(folder.path, item.path)):
            raise RssError("Couldn't move folder into itself.")
        self._detach(item)
        self._rename(item, dest_path)
        folder.children[relative_name(dest_path)] = item
        return item

    def remove(self, path: str) -> Item:
        if not path:
            raise RssError("Cannot delete root folder.")
        item = self._items.get(path)
        if item is None:
            raise RssError(f"Item doesn't exist: {path}.")
        self._detach(item)
        for gone in [p for p in self._items if p == path or _below(p, path)]:
            del self._items[gone]
        return item

    def _detach(self, item: Item) -> None:
        parent = self._items[parent_path(item.path)]
        assert isinstance(parent, Folder)
        del parent.children[relative_name(item.path)]

    def _rename(self, item: Item, new_path: str) -> None:
        old = item.path
        for path in [p for p in self._items if p == old or _below(p, old)]:
            moved = self._items.pop(path)
            moved.path = new_path + path[len(old) :]
            self._items[moved.path] = moved


def _below(path: str, folder: str) -> bool:
    return path.startswith(folder + SEPARATOR)
