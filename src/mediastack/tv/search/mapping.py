"""Which series and episodes a release is about.

By the ids the indexer attached (TVDB, TVmaze) first, because titles are ambiguous
("Shameless" and "Shameless (US)"); otherwise by the parser's normalized title against
every series' normalized title, with and without its year. Episodes come from the
season/episode numbers, the air date of a daily show, the absolute numbers of an anime, or
the whole season for a season pack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.parser import ParsedRelease, parse
from mediastack.manager.parser.text import normalize_title
from mediastack.manager.search.model import RemoteRelease
from mediastack.tv.library.model import Episode, Series

RemoteEpisode = RemoteRelease[Series, Episode]


def title_keys(series: Series) -> set[str]:
    """Every normalized form of the series title a release may use."""
    keys = {normalize_title(series.title)}
    if series.year:
        keys.add(normalize_title(f"{series.title} {series.year}"))
        keys.add(normalize_title(f"{series.title} ({series.year})"))
    return {k for k in keys if k}


class SeriesMatcher:
    """The library's series by id and by title key, built once per search or sync."""

    def __init__(self, series: Sequence[Series]) -> None:
        self.by_tvdb = {s.tvdb_id: s for s in series if s.tvdb_id}
        self.by_tvmaze = {s.tvmaze_id: s for s in series if s.tvmaze_id}
        self.by_title: dict[str, Series] = {}
        for s in series:
            for key in title_keys(s):
                self.by_title.setdefault(key, s)

    def match(self, release: ReleaseInfo, parsed: ParsedRelease) -> Series | None:
        if release.tvdb_id and release.tvdb_id in self.by_tvdb:
            return self.by_tvdb[release.tvdb_id]
        if release.tvmaze_id and release.tvmaze_id in self.by_tvmaze:
            return self.by_tvmaze[release.tvmaze_id]
        info = parsed.episode
        keys = [parsed.normalized_title]
        if info is not None:
            keys += [normalize_title(t) for t in info.series_titles]
            if info.title_without_year:
                keys.append(normalize_title(info.title_without_year))
        return next((self.by_title[k] for k in keys if k and k in self.by_title), None)


def episodes_for(parsed: ParsedRelease, episodes: Sequence[Episode]) -> tuple[Episode, ...]:
    """The library episodes a parsed release covers (empty when none match)."""
    info = parsed.episode
    if info is None:
        return ()
    if info.air_date:
        try:
            aired = date.fromisoformat(info.air_date)
        except ValueError:
            return ()
        return tuple(e for e in episodes if e.air_date == aired)
    if info.full_season:
        return tuple(e for e in episodes if e.season_number == info.season)
    if info.episodes:
        wanted = set(info.episodes)
        return tuple(
            e for e in episodes if e.season_number == info.season and e.episode_number in wanted
        )
    if info.absolute_episodes:
        absolute = set(info.absolute_episodes)
        return tuple(e for e in episodes if e.absolute_episode_number in absolute)
    return ()


def match_release(release: ReleaseInfo, matcher: SeriesMatcher) -> RemoteEpisode:
    """Parse ``release`` and find its series: the half of mapping that needs no episodes."""
    parsed = parse(release.title, "sonarr")
    if parsed is None or parsed.episode is None:
        return RemoteRelease(release, parsed, problem="Unable to parse release")
    series = matcher.match(release, parsed)
    if series is None:
        return RemoteRelease(release, parsed, problem="Unknown Series")
    return RemoteRelease(release, parsed, series)


def season_needed(parsed: ParsedRelease) -> int | None:
    """The one season whose episodes :func:`episodes_for` looks at, or ``None`` when it may
    look at the whole series (a daily show's air date, an anime's absolute numbers)."""
    info = parsed.episode
    if info is None or info.air_date or not (info.full_season or info.episodes):
        return None
    return info.season


def with_episodes(matched: RemoteEpisode, episodes: Sequence[Episode]) -> RemoteEpisode:
    """A matched release given the episodes it covers among ``episodes`` (its series')."""
    if matched.problem is not None or matched.parsed is None or matched.subject is None:
        return matched
    found = episodes_for(matched.parsed, episodes)
    if not found:
        return replace(matched, problem="Unable to identify episodes")
    full_season = matched.parsed.episode is not None and matched.parsed.episode.full_season
    # built directly, not by replace(): an RSS sync maps thousands of releases
    return RemoteRelease(matched.release, matched.parsed, matched.subject, found, None, full_season)


def map_release(
    release: ReleaseInfo,
    matcher: SeriesMatcher,
    episodes_of: Callable[[int], Sequence[Episode]],
) -> RemoteEpisode:
    """Parse ``release`` and find its series and episodes in the library."""
    matched = match_release(release, matcher)
    if matched.problem is not None or matched.subject is None:
        return matched
    return with_episodes(matched, episodes_of(matched.subject.id))
