"""The TV side of the search engine: series and episodes, ``S01E03`` labels, TVDB ids."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from mediastack.manager.decisions import Rejection, WantedItem
from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.indexers.search import MediaKind
from mediastack.manager.parser.model import App
from mediastack.manager.search.decide import existing_file
from mediastack.manager.search.domain import PlainIds
from mediastack.manager.search.model import DecideOptions
from mediastack.tv.library.model import Episode, EpisodeFile, Series
from mediastack.tv.library.store import TvLibraryStore
from mediastack.tv.search.mapping import (
    RemoteEpisode,
    SeriesMatcher,
    map_release,
    match_release,
    season_needed,
    with_episodes,
)

RECENT = timedelta(days=14)


def episode_label(episode: Episode) -> str:
    return f"S{episode.season_number:02d}E{episode.episode_number:02d}"


class TvReleaseMapper:
    """The library read once per batch: series by id and title, then the episodes and files
    the batch needs (:meth:`map_all`) or a whole series at a time (:meth:`map`)."""

    def __init__(self, store: TvLibraryStore, series: Sequence[Series] | None = None) -> None:
        self.store = store
        self.matcher = SeriesMatcher(series if series is not None else store.all(statistics=False))
        self._episodes: dict[int, list[Episode]] = {}
        self._files: dict[int, dict[int, EpisodeFile]] = {}

    def _episodes_of(self, series_id: int) -> list[Episode]:
        if series_id not in self._episodes:
            self._episodes[series_id] = self.store.episodes(series_id=series_id)
            self._files[series_id] = {f.id: f for f in self.store.files(series_id=series_id)}
        return self._episodes[series_id]

    def map(self, release: ReleaseInfo) -> RemoteEpisode:
        return map_release(release, self.matcher, self._episodes_of)

    def map_all(self, releases: Sequence[ReleaseInfo]) -> list[RemoteEpisode]:
        """Every release mapped with one library read for the batch: the episodes and files
        of just the episodes the releases name (their seasons for season packs, whole
        series for daily shows and absolute numbers), not of every series a release names,
        one query each."""
        matched = [match_release(r, self.matcher) for r in releases]
        seasons: set[tuple[int, int]] = set()
        whole: set[int] = set()
        singles: set[tuple[int, int, int]] = set()
        for remote in matched:
            if remote.problem is not None or remote.subject is None or remote.parsed is None:
                continue
            series_id = remote.subject.id
            if series_id in self._episodes:
                continue
            season = season_needed(remote.parsed)
            info = remote.parsed.episode
            if season is None:
                whole.add(series_id)
            elif info is not None and not info.full_season:
                singles.update((series_id, season, number) for number in info.episodes)
            else:
                seasons.add((series_id, season))
        seasons = {pair for pair in seasons if pair[0] not in whole}
        singles = {t for t in singles if t[0] not in whole and t[:2] not in seasons}
        episodes, files = self.store.episodes_and_files_of(seasons, whole, singles)
        loaded: dict[int, list[Episode]] = defaultdict(list)
        for episode in episodes:
            loaded[episode.series_id].append(episode)
        for file in files:
            self._files.setdefault(file.series_id, {})[file.id] = file
        for series_id in whole:
            self._episodes[series_id] = loaded.pop(series_id, [])
        out = []
        for remote in matched:
            series = remote.subject
            if remote.problem is not None or series is None:
                out.append(remote)
                continue
            known = self._episodes.get(series.id)
            out.append(with_episodes(remote, known if known is not None else loaded[series.id]))
        return out

    def wanted(self, remote: RemoteEpisode) -> tuple[WantedItem, ...]:
        files = self._files.get(remote.subject.id, {}) if remote.subject else {}
        out = []
        for e in remote.items:
            file = files.get(e.episode_file_id) if e.episode_file_id else None
            existing = (
                existing_file("sonarr", file.quality, file.scene_name, file.relative_path)
                if file is not None
                else None
            )
            out.append(WantedItem(e.id, e.series_id, episode_label(e), existing))
        return tuple(out)

    def runtime_minutes(self, remote: RemoteEpisode) -> float:
        fallback = remote.subject.runtime if remote.subject else 0
        return float(sum(e.runtime or fallback or 0 for e in remote.items))

    def rejections(self, remote: RemoteEpisode, options: DecideOptions) -> Sequence[Rejection]:
        return ()


class TvSearchDomain(PlainIds):
    app: App = "sonarr"
    rss_kind: MediaKind = "tv"

    def __init__(self, store: TvLibraryStore) -> None:
        self.store = store

    def mapper(self) -> TvReleaseMapper:
        return TvReleaseMapper(self.store)

    def is_recent(self, items: Sequence[Episode]) -> bool:
        now = datetime.now(UTC)
        return any(e.air_date_utc is not None and now - e.air_date_utc <= RECENT for e in items)

    def grab_data(self, remote: RemoteEpisode) -> dict[str, object]:
        release = remote.release
        series = remote.subject
        return {
            "tvdbId": release.tvdb_id or (series.tvdb_id if series else 0) or 0,
            "tvRageId": release.tvrage_id or 0,
        }
