"""The TV library's operations: add, refresh, rescan, delete, with their rules.

API handlers and commands both come through here, so an add from Overseerr, an import
from Kometa and the scheduled refresh follow the same path: metadata first (nothing is
stored if the provider cannot be reached), then the series and its episodes, then a scan
of its folder, then the monitoring choice (which may depend on the files just found).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from mediastack.core.db import utcnow
from mediastack.core.fs import Ownership
from mediastack.manager.import_list_exclusions import ImportListExclusionStore
from mediastack.manager.importing.media_info import MediaInfo
from mediastack.manager.library.base import LibraryService
from mediastack.manager.library.monitoring import Monitorable, MonitorOption, decide, group_states
from mediastack.manager.library.roots import remove_item_folder
from mediastack.manager.metadata import ExternalId, MetadataNotFoundError, MetadataProvider
from mediastack.manager.recycle_bin import RecycleBin
from mediastack.tv.library.events import LibraryEvents
from mediastack.tv.library.model import Episode, EpisodeFile, Series, SeriesOptions
from mediastack.tv.library.rename import rename_files
from mediastack.tv.library.scan import rescan
from mediastack.tv.library.store import SyncResult, TvLibraryStore
from mediastack.tv.metadata.models import SeriesInfo
from mediastack.tv.naming import TvNamer

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MonitorChoice:
    """``addOptions`` as Sonarr reads them."""

    option: MonitorOption = MonitorOption.UNKNOWN
    ignore_episodes_with_files: bool = False
    ignore_episodes_without_files: bool = False


class SeriesNotFoundError(LookupError):
    pass


def _monitorables(episodes: Iterable[Episode]) -> list[Monitorable]:
    return [
        Monitorable(e.id, e.season_number, e.episode_number, e.air_date_utc, e.has_file)
        for e in episodes
    ]


#: Sonarr's ``DeleteMediaFileReason`` values, as its JSON writes them.
MISSING_FROM_DISK = "missingFromDisk"
MANUAL = "manual"


class TvLibrary(LibraryService[TvLibraryStore, MetadataProvider[SeriesInfo]]):
    #: who hears about adds, deletes and vanished files (the notifications), if anyone
    events: LibraryEvents | None = None
    #: where ``delete(..., add_exclusion=True)`` records the series, if wired
    exclusions: ImportListExclusionStore | None = None
    #: the probe (ffprobe) that reads a file's media info, or None while media info
    #: analysis is off; asked once per rescan, if wired
    media_probe: Callable[[], Callable[[Path], MediaInfo | None] | None] | None = None

    # Metadata ---------------------------------------------------------------------------

    async def lookup(self, term: str) -> list[SeriesInfo]:
        """Sonarr's lookup terms: ``tvdb:<id>``, ``imdb:tt…``, ``tvmaze:<id>`` or text."""
        term = term.strip()
        prefix, _, value = term.partition(":")
        source = prefix.strip().lower()
        if value and source in {"tvdb", "imdb", "tvmaze", "tvrage"}:
            value = value.strip()
            if source != "imdb" and not value.isdigit():
                return []
            found = await self.provider.lookup(ExternalId(source, value))
            return [found] if found else []
        if not term:
            return []
        return await self.provider.search(term)

    async def resolve(self, tvmaze_id: int | None, tvdb_id: int | None) -> SeriesInfo:
        """The full metadata for an add, by TVmaze id or (as the ecosystem sends) TVDB id."""
        if not tvmaze_id and tvdb_id:
            found = await self.provider.lookup(ExternalId("tvdb", str(tvdb_id)))
            if found is None:
                raise SeriesNotFoundError(f"Series with TVDB id {tvdb_id} was not found")
            tvmaze_id = found.tvmaze_id
        if not tvmaze_id:
            raise SeriesNotFoundError("A tvdbId or tvMazeId is required")
        try:
            return await self.provider.fetch(tvmaze_id)
        except MetadataNotFoundError as exc:
            raise SeriesNotFoundError(f"Series with TVmaze id {tvmaze_id} was not found") from exc

    # Library ----------------------------------------------------------------------------

    def add(self, info: SeriesInfo, options: SeriesOptions, choice: MonitorChoice) -> Series:
        series_id = self.store.add(info, options)
        series = self.store.get(series_id)
        assert series is not None
        rescan(self.store, series)
        self.apply_monitoring(series_id, choice, options.season_monitoring)
        added = self.store.get(series_id)
        assert added is not None
        if self.events is not None:
            self.events.on_series_added(added)
        return added

    def apply_monitoring(
        self, series_id: int, choice: MonitorChoice, season_monitoring: dict[int, bool]
    ) -> None:
        episodes = self.store.episodes(series_id)
        items = _monitorables(episodes)
        series = self.store.get(series_id)
        assert series is not None
        groups = [s.season_number for s in series.seasons]
        if choice.option.decides:
            states = decide(items, choice.option, utcnow())
            seasons = group_states(groups, items, states, choice.option)
        else:
            seasons = {
                g: season_monitoring.get(g, g > 0) if season_monitoring else g > 0 for g in groups
            }
            states = {e.id: seasons.get(e.season_number, False) for e in episodes}
            for e in episodes:
                if (choice.ignore_episodes_with_files and e.has_file) or (
                    choice.ignore_episodes_without_files and not e.has_file
                ):
                    states[e.id] = False
        self.store.set_monitoring(series_id, states, seasons)

    def rescan(self, series_id: int) -> SyncResult:
        series = self.store.get(series_id)
        if series is None:
            raise SeriesNotFoundError(f"Series with ID {series_id} does not exist")
        result = rescan(self.store, series)
        probe = self.media_probe() if self.media_probe is not None else None
        if probe is not None:
            self._analyse(series.id, probe)
        if self.events is not None:
            for file, episodes in result.removed_files:
                self.events.on_episode_file_deleted(series, file, episodes, MISSING_FROM_DISK)
        return result

    def _analyse(self, series_id: int, probe: Callable[[Path], MediaInfo | None]) -> None:
        """Media info for the series' files that have none yet (files a rescan found, or
        imported with analysis off), as Sonarr's rescan analyses them."""
        for file in self.store.files(series_id=series_id):
            if file.media_info is None and (info := probe(Path(file.path))) is not None:
                self.store.set_media_info(file.id, info.stored())

    async def refresh(self, series_id: int) -> Series:
        """New metadata, then a rescan (Sonarr's RefreshSeries does both)."""
        series = self.store.get(series_id)
        if series is None:
            raise SeriesNotFoundError(f"Series with ID {series_id} does not exist")
        info = await self.provider.fetch(series.tvmaze_id)
        self.store.refresh(series_id, info)
        self.rescan(series_id)
        await self.cache_images(series_id)
        refreshed = self.store.get(series_id)
        assert refreshed is not None
        return refreshed

    async def cache_images(self, series_id: int) -> None:
        series = self.store.get(series_id)
        if self.images is None or series is None:
            return
        wanted = {
            kind: url
            for kind, url in (("poster", series.poster_url), ("fanart", series.fanart_url))
            if url
        }
        await self.images.store(series_id, wanted)

    def delete(self, series_id: int, delete_files: bool, add_exclusion: bool = False) -> bool:
        """Forget a series; with ``delete_files`` also remove its folder, but only when
        that folder lies strictly inside a configured root folder; with ``add_exclusion``
        keep import lists from adding it back."""
        series = self.store.get(series_id)
        if series is None:
            return False
        exclusions = self.exclusions if add_exclusion else None
        if exclusions is not None and series.tvdb_id and not exclusions.find(str(series.tvdb_id)):
            exclusions.save(None, str(series.tvdb_id), series.title, series.year or 0)
        self.store.delete(series_id)
        if self.images is not None:
            self.images.forget(series_id)
        if delete_files:
            remove_item_folder(series.path, self.root_folders())
        if self.events is not None:
            self.events.on_series_deleted(series, delete_files)
        return True

    def rename(
        self,
        series_id: int,
        namer: TvNamer,
        file_ids: Iterable[int] | None = None,
        ownership: Ownership | None = None,
    ) -> tuple[int, list[str]]:
        """Rename a series' files to the scheme: (files renamed, problems)."""
        series = self.store.get(series_id)
        if series is None:
            raise SeriesNotFoundError(f"Series with ID {series_id} does not exist")
        renamed, problems = rename_files(self.store, namer, series, file_ids, ownership)
        if renamed and self.events is not None:
            self.events.on_renamed(series, renamed)
        return len(renamed), problems

    def delete_episode_file(self, file_id: int, recycle_bin: RecycleBin) -> EpisodeFile | None:
        """Remove one episode file: into the recycle bin (or deleted without one), then
        out of the library; its episodes become missing. ``None`` if there is no such file."""
        found = self.store.files(None, [file_id])
        if not found:
            return None
        file = found[0]
        series = self.store.get(file.series_id)
        path = Path(file.path)
        if series is not None and path.is_relative_to(series.path) and path.is_file():
            recycle_bin.recycle(path, PurePath(series.path).name)
        removed = self.store.delete_file(file_id)
        if removed is not None and series is not None and self.events is not None:
            self.events.on_episode_file_deleted(series, removed[0], removed[1], MANUAL)
        return file
