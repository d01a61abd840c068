"""RSS on disk, in qBittorrent's layout under ``<config>/rss``.

``feeds.json`` is the folder tree (a feed is ``{"uid", "url"}``, a folder an object of its
items), ``download_rules.json`` the rules by name, and ``articles/<uid>.json`` each feed's
articles (dates in ISO 8601). Every write is atomic. A file that cannot be read is renamed
aside (``*.unreadable``), never overwritten, so a bad edit loses nothing; each file is read
only up to :data:`MAX_FILE_BYTES`.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from mediastack.core.fs import atomic_write
from mediastack.torrent.rss.parser import Article
from mediastack.torrent.rss.rules import Rule
from mediastack.torrent.rss.tree import Feed, Folder, RssError, RssTree, join_path

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 10 * 1024 * 1024


def _dumps(value: Any) -> bytes:
    return json.dumps(value, indent=1, ensure_ascii=False).encode("utf-8")


class RssStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.feeds_file = folder / "feeds.json"
        self.rules_file = folder / "download_rules.json"
        self.articles_dir = folder / "articles"

    # ------------------------------------------------------------------ reading

    def _read(self, path: Path) -> Any | None:
        """The file's JSON, or None when it is absent or unreadable (then set aside)."""
        try:
            with path.open("rb") as stream:
                raw = stream.read(MAX_FILE_BYTES + 1)
            if len(raw) > MAX_FILE_BYTES:
                raise ValueError(f"larger than {MAX_FILE_BYTES} bytes")
            return json.loads(raw)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            aside = path.with_name(f"{path.name}.unreadable-{int(time.time())}")
            log.error("cannot read %s (%s); kept as %s", path, exc, aside.name)
            try:
                path.rename(aside)
            except OSError:
                log.exception("cannot set %s aside", path)
            return None

    def load_tree(self) -> RssTree:
        tree = RssTree()
        data = self._read(self.feeds_file)
        if isinstance(data, dict):
            self._load_folder(tree, tree.root, data)
        for feed in tree.feeds():
            feed.articles = self._load_articles(feed)
        return tree

    def _load_folder(self, tree: RssTree, folder: Folder, data: dict[str, Any]) -> None:
        for name, value in data.items():
            path = join_path(folder.path, name)
            try:
                if isinstance(value, dict) and isinstance(value.get("url"), str):
                    uid = value.get("uid")
                    tree.add_feed(value["url"], path, uid if isinstance(uid, str) else None)
                elif isinstance(value, dict):
                    self._load_folder(tree, tree.add_folder(path), value)
                else:
                    log.warning("skipping RSS item %r: not a feed or folder", path)
            except (RssError, ValueError) as exc:
                log.warning("skipping RSS item %r: %s", path, exc)

    def _load_articles(self, feed: Feed) -> dict[str, Article]:
        data = self._read(self.articles_dir / f"{feed.uid_hex}.json")
        articles: dict[str, Article] = {}
        for raw in data if isinstance(data, list) else []:
            if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
                continue
            try:
                date = datetime.fromisoformat(str(raw.get("date")))
            except ValueError:
                continue
            articles[raw["id"]] = {**raw, "date": date}
        return articles

    def load_rules(self) -> dict[str, Rule]:
        data = self._read(self.rules_file)
        if not isinstance(data, dict):
            return {}
        return {
            name: Rule.from_json(value, name)
            for name, value in data.items()
            if isinstance(value, dict) and name
        }

    # ------------------------------------------------------------------ writing

    def save_tree(self, tree: RssTree) -> None:
        atomic_write(self.feeds_file, _dumps(tree.root.to_json(with_data=False)))

    def save_articles(self, feed: Feed) -> None:
        rows = [{**a, "date": a["date"].isoformat()} for a in feed.by_date()]
        atomic_write(self.articles_dir / f"{feed.uid_hex}.json", _dumps(rows))

    def forget_articles(self, feed: Feed) -> None:
        (self.articles_dir / f"{feed.uid_hex}.json").unlink(missing_ok=True)

    def save_rules(self, rules: dict[str, Rule]) -> None:
        atomic_write(self.rules_file, _dumps({name: r.to_json() for name, r in rules.items()}))
