"""RSS auto-download rules, matched the way qBittorrent matches them.

* ``mustContain`` / ``mustNotContain``: with ``useRegex`` one case-insensitive regular
  expression each; otherwise ``|``-separated alternatives, each a set of space-separated
  wildcards (``*`` any run, ``?`` one character) that must all occur in the title, in
  any order. An empty expression matches everything (so ``a|`` always matches).
* ``episodeFilter``: ``<season>x<episodes>;`` such as ``1x2;5;8-10;12-;`` (single
  episodes, ranges, and open ranges that also take every later season).
* ``smartFilter``: each episode (by the ``rss_smart_episode_filters`` patterns: S01E02,
  1x02, dates) is downloaded once; a REPACK or PROPER of it once more when
  ``rss_download_repack_proper_episodes`` is on.
* ``ignoreDays``: after a match, articles dated less than that many days later are skipped.

A rule's JSON is qBittorrent 5's, including the deprecated top-level ``savePath``,
``assignedCategory``, ``addPaused`` and ``torrentContentLayout`` that older clients still
send and read; ``torrentParams`` wins when present.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from mediastack.torrent.rss.dates import parse_qt_rfc2822, qt_rfc2822
from mediastack.torrent.rss.parser import Article

USE_GLOBAL = -2
_LAYOUTS = ("Original", "Subfolder", "NoSubfolder")
_SHARE_ACTIONS = ("Default", "Stop", "Remove", "RemoveWithContent", "EnableSuperSeeding")
_EPISODE_FILTER = re.compile(r"(^\d{1,4})x(.*;$)", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:
        return None  # an invalid expression matches nothing, as in qBittorrent


def wildcard_pattern(wildcard: str) -> str:
    """A wildcard as an unanchored regular expression (``*`` may cross ``/`` too)."""
    out: list[str] = []
    i = 0
    while i < len(wildcard):
        c = wildcard[i]
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[" and (end := wildcard.find("]", i + 2)) != -1:
            body = wildcard[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def _search(pattern: str, text: str) -> bool:
    compiled = _compiled(pattern)
    return compiled is not None and compiled.search(text) is not None


def smart_episode_regex(filters: Sequence[str]) -> re.Pattern[str] | None:
    """qBittorrent's combined smart-filter expression (verbose, case-insensitive)."""
    pattern = r"(?:_|\b)(?:" + ")|(?:".join(filters) + r")(?:_|\b)"
    try:
        return re.compile(pattern, re.IGNORECASE | re.VERBOSE)
    except re.error:
        return None


def episode_name(title: str, regex: re.Pattern[str] | None) -> str:
    """``1x2`` for S01E02, ``2017.01.01`` for a dated episode; empty when none is found."""
    match = regex.search(title) if regex is not None else None
    if match is None:
        return ""
    parts = [str(int(g)) if g.isdigit() else g for g in match.groups() if g]
    return "x".join(parts)


@dataclass(frozen=True)
class TorrentParams:
    """qBittorrent's ``torrentParams`` of a rule: how an accepted article is added."""

    category: str = ""
    tags: tuple[str, ...] = ()
    save_path: str = ""
    download_path: str = ""
    use_download_path: bool | None = None
    forced: bool = False  # operating_mode "Forced"
    add_to_top_of_queue: bool | None = None
    stopped: bool | None = None
    stop_condition: str | None = None
    skip_checking: bool = False
    content_layout: str | None = None
    use_auto_tmm: bool | None = None
    upload_limit: int = -1
    download_limit: int = -1
    seeding_time_limit: int = USE_GLOBAL
    inactive_seeding_time_limit: int = USE_GLOBAL
    share_limit_action: str = "Default"
    ratio_limit: float = USE_GLOBAL

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> TorrentParams:
        layout = _opt_str(obj.get("content_layout"))
        action = str(obj.get("share_limit_action") or "Default")
        return cls(
            category=str(obj.get("category") or ""),
            tags=tuple(str(t) for t in obj.get("tags") or () if isinstance(t, str)),
            save_path=str(obj.get("save_path") or ""),
            download_path=str(obj.get("download_path") or ""),
            use_download_path=_opt_bool(obj.get("use_download_path")),
            forced=obj.get("operating_mode") == "Forced",
            add_to_top_of_queue=_opt_bool(obj.get("add_to_top_of_queue")),
            stopped=_opt_bool(obj.get("stopped")),
            stop_condition=_opt_str(obj.get("stop_condition")),
            skip_checking=obj.get("skip_checking") is True,
            content_layout=layout if layout in _LAYOUTS else None,
            use_auto_tmm=_opt_bool(obj.get("use_auto_tmm")),
            upload_limit=_int(obj.get("upload_limit"), -1),
            download_limit=_int(obj.get("download_limit"), -1),
            seeding_time_limit=_int(obj.get("seeding_time_limit"), USE_GLOBAL),
            inactive_seeding_time_limit=_int(obj.get("inactive_seeding_time_limit"), USE_GLOBAL),
            share_limit_action=action if action in _SHARE_ACTIONS else "Default",
            ratio_limit=_float(obj.get("ratio_limit"), USE_GLOBAL),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "category": self.category,
            "tags": list(self.tags),
            "save_path": self.save_path,
            "download_path": self.download_path,
            "operating_mode": "Forced" if self.forced else "AutoManaged",
            "skip_checking": self.skip_checking,
            "upload_limit": self.upload_limit,
            "download_limit": self.download_limit,
            "seeding_time_limit": self.seeding_time_limit,
            "inactive_seeding_time_limit": self.inactive_seeding_time_limit,
            "share_limit_action": self.share_limit_action,
            "ratio_limit": self.ratio_limit,
            "ssl_certificate": "",
            "ssl_private_key": "",
            "ssl_dh_params": "",
        }
        optional = {
            "add_to_top_of_queue": self.add_to_top_of_queue,
            "stopped": self.stopped,
            "stop_condition": self.stop_condition,
            "content_layout": self.content_layout,
            "use_auto_tmm": self.use_auto_tmm,
            "use_download_path": self.use_download_path,
        }
        out.update({k: v for k, v in optional.items() if v is not None})
        return out


@dataclass
class Rule:
    """One named rule; the matching methods mirror qBittorrent's, state and all."""

    name: str
    enabled: bool = True
    priority: int = 0
    use_regex: bool = False
    must_contain: tuple[str, ...] = ()
    must_not_contain: tuple[str, ...] = ()
    episode_filter: str = ""
    feed_urls: tuple[str, ...] = ()
    last_match: datetime | None = None
    ignore_days: int = 0
    smart_filter: bool = False
    previously_matched: list[str] = field(default_factory=list)
    params: TorrentParams = field(default_factory=TorrentParams)

    # ------------------------------------------------------------------ JSON

    @classmethod
    def from_json(cls, obj: dict[str, Any], name: str) -> Rule:
        use_regex = obj.get("useRegex") is True
        feeds = obj.get("affectedFeeds")
        matched = obj.get("previouslyMatchedEpisodes")
        params_json = obj.get("torrentParams")
        if isinstance(params_json, dict):
            params = TorrentParams.from_json(params_json)
        else:  # qBittorrent < 4.6 / older clients: the top-level fields
            layout = _opt_str(obj.get("torrentContentLayout"))
            params = TorrentParams(
                save_path=str(obj.get("savePath") or ""),
                category=str(obj.get("assignedCategory") or ""),
                stopped=_opt_bool(obj.get("addPaused")),
                content_layout=layout if layout in _LAYOUTS else None,
            )
        return cls(
            name=name or str(obj.get("name") or ""),
            enabled=obj.get("enabled", True) is not False,
            priority=_int(obj.get("priority"), 0),
            use_regex=use_regex,
            must_contain=_expressions(obj.get("mustContain"), use_regex),
            must_not_contain=_expressions(obj.get("mustNotContain"), use_regex),
            episode_filter=str(obj.get("episodeFilter") or ""),
            feed_urls=_strings(feeds),
            last_match=parse_qt_rfc2822(str(obj.get("lastMatch") or "")),
            ignore_days=_int(obj.get("ignoreDays"), 0),
            smart_filter=obj.get("smartFilter") is True,
            previously_matched=list(_strings(matched)),
            params=params,
        )

    def to_json(self) -> dict[str, Any]:
        p = self.params
        return {
            "enabled": self.enabled,
            "priority": self.priority,
            "useRegex": self.use_regex,
            "mustContain": "|".join(self.must_contain),
            "mustNotContain": "|".join(self.must_not_contain),
            "episodeFilter": self.episode_filter,
            "affectedFeeds": list(self.feed_urls),
            "lastMatch": qt_rfc2822(self.last_match),
            "ignoreDays": self.ignore_days,
            "smartFilter": self.smart_filter,
            "previouslyMatchedEpisodes": list(self.previously_matched),
            "addPaused": p.stopped,
            "torrentContentLayout": p.content_layout,
            "savePath": p.save_path,
            "assignedCategory": p.category,
            "torrentParams": p.to_json(),
        }

    def renamed(self, name: str) -> Rule:
        return replace(self, name=name)

    # ------------------------------------------------------------------ matching

    def _expression_matches(self, title: str, expression: str) -> bool:
        if not expression:
            return True
        if self.use_regex:
            return _search(expression, title)
        return all(_search(wildcard_pattern(w), title) for w in expression.split())

    def _episode_filter_matches(self, title: str) -> bool:
        if not self.episode_filter:
            return True
        spec = _EPISODE_FILTER.search(self.episode_filter)
        if spec is None:
            return False
        season_text = spec.group(1)  # as written ("01"): qBittorrent matches it literally
        season = int(season_text)
        for raw in spec.group(2).split(";"):
            episode = raw.lstrip("0") or ("0" if raw else "")
            if not episode:
                continue
            if "-" not in episode:
                if _search(_single_episode(season_text, episode), title):
                    return True
                continue
            theirs = _season_episode(title)
            if theirs is None:
                continue
            their_season, their_episode = theirs
            first_text, _, last_text = episode.partition("-")
            first, last = _int(first_text, 0), _int(last_text, 0)
            if not last_text:  # "12-": this episode on, and every later season
                later = their_season > season
                if later or (their_season == season and their_episode >= first):
                    return True
            elif their_season == season and first <= their_episode <= last:
                return True  # "8-10" (a reversed range matches nothing)
        return False

    def _smart_filter(
        self, title: str, regex: re.Pattern[str] | None, repacks: bool
    ) -> list[str] | None:
        """None to refuse; otherwise the episode names this match would record."""
        if not self.smart_filter:
            return []
        episode = episode_name(title, regex)
        if not episode:
            return []
        if episode not in self.previously_matched:
            return [episode]
        if not repacks:
            return None
        repack, proper = "repack" in title.lower(), "proper" in title.lower()
        if not repack and not proper:
            return None
        full = episode + ("-REPACK" if repack else "") + ("-PROPER" if proper else "")
        if full in self.previously_matched:
            return None
        recorded = [full]
        if repack and proper:
            recorded += [episode + "-REPACK", episode + "-PROPER"]
        return recorded

    def matches(
        self, article: Article, regex: re.Pattern[str] | None, repacks: bool
    ) -> list[str] | None:
        """None when the article is refused; else the episodes an acceptance records."""
        date: datetime = article["date"]
        last, days = self.last_match, self.ignore_days
        if days > 0 and last is not None and date < last + timedelta(days=days):
            return None
        title = str(article.get("title") or "")
        if self.must_contain and not any(
            self._expression_matches(title, e) for e in self.must_contain
        ):
            return None
        if any(self._expression_matches(title, e) for e in self.must_not_contain):
            return None
        if not self._episode_filter_matches(title):
            return None
        return self._smart_filter(title, regex, repacks)

    def accept(self, article: Article, episodes: list[str]) -> None:
        """Record an acceptance: the match date and the episodes now downloaded."""
        self.last_match = article["date"]
        self.previously_matched.extend(episodes)


def _single_episode(season: str, episode: str) -> str:
    return rf"\b(?:s0?{season}[ -_\.]?e0?{episode}|{season}x0?{episode})(?:\D|\b)"


def _season_episode(title: str) -> tuple[int, int] | None:
    for pattern in (
        r"\bs0?(\d{1,4})[ -_\.]?e(0?\d{1,4})(?:\D|\b)",
        r"\b(\d{1,4})x(0?\d{1,4})(?:\D|\b)",
    ):
        match = _compiled(pattern)
        found = match.search(title) if match is not None else None
        if found is not None:
            return int(found.group(1)), int(found.group(2))
    return None


def _expressions(value: Any, use_regex: bool) -> tuple[str, ...]:
    text = value if isinstance(value, str) else ""
    parts = [text] if use_regex else text.split("|")
    return () if parts == [""] else tuple(parts)


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value if isinstance(v, str))
    return ()


def _opt_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _int(value: Any, default: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return default
    return default


def _float(value: Any, default: float) -> float:
    if isinstance(value, bool):
        return default
    if isinstance(value, int | float):
        return float(value)
    return default
