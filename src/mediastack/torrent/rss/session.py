"""The RSS reader at work: refreshing feeds, keeping articles, auto-downloading.

Everything runs on the service's event loop. With ``rss_processing_enabled`` every feed is
fetched every ``rss_refresh_interval`` minutes (and at once when added or when its URL
changes); ``rss/refreshItem`` fetches regardless, as qBittorrent does. Fetches to one host
are spaced by ``rss_fetch_delay`` seconds. A fetch or parse failure marks the feed
``hasError`` and keeps its articles.

With ``rss_auto_downloading_enabled``, each new unread article that has a torrent link is
offered to the enabled rules that watch its feed, by priority; the first rule that accepts
it adds the torrent with the rule's parameters and the article is marked read once the
torrent is added (or already present). Changing a rule or switching auto-downloading on
offers every unread article again, as qBittorrent does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from mediastack.torrent.fetching import FetchRefused
from mediastack.torrent.rss.dates import now
from mediastack.torrent.rss.parser import Article, parse_feed
from mediastack.torrent.rss.rules import Rule, TorrentParams, smart_episode_regex
from mediastack.torrent.rss.store import RssStore
from mediastack.torrent.rss.tree import (
    Feed,
    Folder,
    RssError,
    RssTree,
    is_valid_path,
    join_path,
    parent_path,
)
from mediastack.torrent.settings import TorrentApiSettings

log = logging.getLogger(__name__)


class AddOutcome(Enum):
    ADDED = "added"
    DUPLICATE = "duplicate"
    FAILED = "failed"


Fetcher = Callable[[str], Awaitable[bytes]]
"""GET a feed document (capped); raises :class:`FetchRefused`."""
Adder = Callable[[str, TorrentParams], Awaitable[AddOutcome]]
"""Add the torrent at a URL or magnet with a rule's parameters."""


class RssSession:
    def __init__(
        self,
        store: RssStore,
        options: Callable[[], TorrentApiSettings],
        fetch: Fetcher,
        add: Adder,
    ) -> None:
        self._store = store
        self._options = options
        self._fetch = fetch
        self._add = add
        self.tree: RssTree = store.load_tree()
        self.rules: dict[str, Rule] = store.load_rules()
        self._refreshing: dict[str, asyncio.Task[None]] = {}  # by feed uid
        self._host_locks: dict[str, asyncio.Lock] = {}
        self._host_last: dict[str, float] = {}
        self._processing = asyncio.Lock()
        self._timer: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[Any]] = set()

    # ================================================================== lifecycle

    async def start(self) -> None:
        self.settings_changed()

    async def stop(self) -> None:
        tasks = [*self._refreshing.values(), *self._background]
        if self._timer is not None:
            tasks.append(self._timer)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def settings_changed(self, before: TorrentApiSettings | None = None) -> None:
        """Apply changed RSS preferences: timer, article cap, pending auto-downloads."""
        opts = self._options()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if opts.rss_processing_enabled:
            self._timer = asyncio.get_running_loop().create_task(self._refresh_periodically())
        if before is not None and opts.rss_max_articles_per_feed < before.rss_max_articles_per_feed:
            for feed in self.tree.feeds():
                feed.trim(opts.rss_max_articles_per_feed)
                self._store.save_articles(feed)
        switched_on = before is None or not before.rss_auto_downloading_enabled
        if opts.rss_auto_downloading_enabled and switched_on:
            self._spawn(self.process_unread())

    def _spawn(self, work: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _refresh_periodically(self) -> None:
        while True:
            self.refresh_all()
            await asyncio.sleep(self._options().rss_refresh_interval * 60)

    # ================================================================== tree operations

    def add_folder(self, path: str) -> None:
        self.tree.add_folder(path)
        self._store.save_tree(self.tree)

    def add_feed(self, url: str, path: str) -> None:
        feed = self.tree.add_feed(url, path or url)
        self._store.save_tree(self.tree)
        if self._options().rss_processing_enabled:
            self.refresh(feed)

    def set_feed_url(self, path: str, url: str) -> None:
        feed = self.tree.item(path)
        old_url = feed.url if isinstance(feed, Feed) else ""
        feed = self.tree.set_feed_url(path, url)
        if old_url == url:
            return
        for name, rule in list(self.rules.items()):
            if old_url in rule.feed_urls:
                urls = tuple(url if u == old_url else u for u in rule.feed_urls)
                self.rules[name] = replace(rule, feed_urls=urls)
        self._store.save_rules(self.rules)
        if feed.name == old_url:  # still named by its URL: follow the new one
            self._try_rename(feed, url)
        self._store.save_tree(self.tree)
        if self._options().rss_processing_enabled:
            self.refresh(feed)

    def move(self, item_path: str, dest_path: str) -> None:
        self.tree.move(item_path, dest_path)
        self._store.save_tree(self.tree)

    def remove(self, path: str) -> None:
        item = self.tree.remove(path)
        gone = item.feeds() if isinstance(item, Folder) else [item]
        for feed in gone:
            task = self._refreshing.pop(feed.uid, None)
            if task is not None:
                task.cancel()
            self._store.forget_articles(feed)
        self._store.save_tree(self.tree)

    def mark_read(self, item_path: str, article_id: str | None) -> None:
        """An unknown item or article is ignored, as in qBittorrent."""
        item = self.tree.item(item_path)
        if item is None:
            return
        if article_id is not None:
            if isinstance(item, Feed) and article_id in item.articles:
                item.articles[article_id]["isRead"] = True
                self._store.save_articles(item)
            return
        for feed in item.feeds() if isinstance(item, Folder) else [item]:
            for article in feed.articles.values():
                article["isRead"] = True
            self._store.save_articles(feed)

    def refresh_item(self, item_path: str) -> None:
        item = self.tree.item(item_path)
        if item is not None:
            for feed in item.feeds() if isinstance(item, Folder) else [item]:
                self.refresh(feed)

    def _try_rename(self, feed: Feed, name: str) -> None:
        new_path = join_path(parent_path(feed.path), name)
        if new_path != feed.path and is_valid_path(new_path):
            with contextlib.suppress(RssError):  # the name is taken: keep the old one
                self.tree.move(feed.path, new_path)

    # ================================================================== refreshing

    def refresh_all(self) -> None:
        for feed in self.tree.feeds():
            self.refresh(feed)

    def refresh(self, feed: Feed) -> None:
        """Fetch ``feed`` in the background unless a fetch of it is under way."""
        running = self._refreshing.get(feed.uid)
        if running is not None and not running.done():
            return
        feed.loading = True
        self._refreshing[feed.uid] = asyncio.get_running_loop().create_task(self._refresh(feed))

    async def wait_idle(self) -> None:
        """Wait for the fetches and auto-downloads under way (tests, shutdown)."""
        while pending := [
            t for t in (*self._refreshing.values(), *self._background) if not t.done()
        ]:
            await asyncio.gather(*pending, return_exceptions=True)

    async def _paced_fetch(self, url: str) -> bytes:
        host = (urlsplit(url).hostname or "").lower()
        lock = self._host_locks.setdefault(host, asyncio.Lock())
        async with lock:
            wait = self._host_last.get(host, 0.0) + self._options().rss_fetch_delay
            if (delay := wait - time.monotonic()) > 0:
                await asyncio.sleep(delay)
            try:
                return await self._fetch(url)
            finally:
                self._host_last[host] = time.monotonic()

    async def _refresh(self, feed: Feed) -> None:
        try:
            try:
                data = await self._paced_fetch(feed.url)
            except FetchRefused as exc:
                feed.has_error = True
                log.warning("Failed to download RSS feed at '%s'. Reason: %s", feed.url, exc)
                return
            result = await asyncio.to_thread(parse_feed, data, feed.last_build_date, now())
            if self.tree.item(feed.path) is not feed:
                return  # removed or moved away meanwhile
            self._apply(feed, result.title, result.last_build_date, result.articles, result.error)
        finally:
            feed.loading = False

    def _apply(
        self, feed: Feed, title: str, built: str, articles: list[Article], error: str
    ) -> None:
        opts = self._options()
        feed.has_error = bool(error)
        if error:
            log.warning("Failed to parse RSS feed at '%s'. Reason: %s", feed.url, error)
        if title and title != feed.title:
            feed.title = title
            if feed.name == feed.url:
                self._try_rename(feed, title)
                self._store.save_tree(self.tree)
        feed.last_build_date = built or feed.last_build_date
        fresh = feed.merge(articles, opts.rss_max_articles_per_feed, now())
        self._store.save_articles(feed)
        log.info("RSS feed at '%s' updated. Added %d new articles.", feed.url, len(fresh))
        if fresh and opts.rss_auto_downloading_enabled:
            self._spawn(self._process(feed, fresh))

    # ================================================================== auto-downloading

    async def process_unread(self) -> None:
        for feed in self.tree.feeds():
            await self._process(feed, feed.unread())

    async def _process(self, feed: Feed, articles: list[Article]) -> None:
        async with self._processing:
            for article in sorted(articles, key=lambda a: a["date"]):
                if not self._options().rss_auto_downloading_enabled:
                    return
                if article.get("isRead") or not article.get("torrentURL"):
                    continue
                if self.tree.item(feed.path) is not feed:
                    return
                await self._offer(feed, article)

    async def _offer(self, feed: Feed, article: Article) -> None:
        opts = self._options()
        regex = smart_episode_regex(opts.rss_smart_episode_filters)
        for rule in sorted(self.rules.values(), key=lambda r: r.priority):
            if not rule.enabled or feed.url not in rule.feed_urls:
                continue
            episodes = rule.matches(article, regex, opts.rss_download_repack_proper_episodes)
            if episodes is None:
                continue
            rule.accept(article, episodes)
            self._store.save_rules(self.rules)
            log.info(
                "RSS article '%s' is accepted by rule '%s'. Trying to add torrent...",
                article.get("title", ""),
                rule.name,
            )
            outcome = await self._add(str(article["torrentURL"]), rule.params)
            if outcome is not AddOutcome.FAILED and article["id"] in feed.articles:
                article["isRead"] = True
                self._store.save_articles(feed)
            return

    # ================================================================== rules

    def set_rule(self, rule: Rule) -> None:
        self.rules[rule.name] = rule
        self._store.save_rules(self.rules)
        if self._options().rss_auto_downloading_enabled:
            self._spawn(self.process_unread())

    def rename_rule(self, name: str, new_name: str) -> None:
        """Ignored unless ``name`` exists and ``new_name`` does not, as in qBittorrent."""
        if name in self.rules and new_name not in self.rules:
            self.rules = {
                (new_name if n == name else n): (r.renamed(new_name) if n == name else r)
                for n, r in self.rules.items()
            }
            self._store.save_rules(self.rules)

    def remove_rule(self, name: str) -> None:
        if self.rules.pop(name, None) is not None:
            self._store.save_rules(self.rules)

    def matching_articles(self, name: str) -> dict[str, list[str]]:
        """Titles each watched feed holds that the rule would accept now."""
        rule = self.rules.get(name)
        if rule is None:
            return {}
        opts = self._options()
        regex = smart_episode_regex(opts.rss_smart_episode_filters)
        found: dict[str, list[str]] = {}
        for url in rule.feed_urls:
            feed = self.tree.feed_by_url(url)
            if feed is None:
                continue
            titles = [
                str(a.get("title") or "")
                for a in feed.by_date()
                if rule.matches(a, regex, opts.rss_download_repack_proper_episodes) is not None
            ]
            if titles:
                found[feed.name] = titles
        return found
