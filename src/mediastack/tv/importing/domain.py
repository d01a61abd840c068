"""The TV side of the import engine: files become episode files of a series.

What differs from the other media kinds lives here: finding the series and episodes a file
names, the episode files (and their import details) an upgrade replaces, Sonarr's naming
for the destination, and the rows one import writes (``episode_files``, its details, the
episodes' links).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from mediastack.core.db import Database
from mediastack.manager.importing.candidate import FileHint, Identified, ImportCandidate, Placement
from mediastack.manager.importing.decisions import ImportSpecification
from mediastack.manager.importing.journal import ImportRecord
from mediastack.manager.importing.media_info import ProbeCache
from mediastack.manager.importing.naming import candidate_facts
from mediastack.manager.importing.specs import ExistingFile
from mediastack.manager.library.media_files import VIDEO_EXTENSIONS
from mediastack.manager.parser.model import App
from mediastack.manager.search.domain import PlainIds
from mediastack.tv.config import TvConfigStore
from mediastack.tv.importing.candidates import find_episodes, find_series, parse_file
from mediastack.tv.importing.rows import FILES, ImportJournalRow
from mediastack.tv.library.model import Episode, Series
from mediastack.tv.library.store import TvLibraryStore
from mediastack.tv.naming import EpisodeFacts, FileFacts, SeriesFacts, TvNamer
from mediastack.tv.search.domain import episode_label

TvImportCandidate = ImportCandidate[Series, Episode]


class TvImportDomain(PlainIds):
    app: App = "sonarr"
    extensions = VIDEO_EXTENSIONS
    journal_row = ImportJournalRow

    def __init__(self, database: Database, store: TvLibraryStore, config: TvConfigStore) -> None:
        self._db = database
        self.store = store
        self.config = config
        self._probe = ProbeCache()

    # What a file is ---------------------------------------------------------------------

    def identify(self, hints: Sequence[FileHint]) -> list[Identified[Series, Episode]]:
        library = self.store.all()
        by_id = {s.id: s for s in library}
        episodes_of: dict[int, list[Episode]] = {}
        out: list[Identified[Series, Episode]] = []
        for hint in hints:
            parsed = parse_file(hint.file)
            series = (
                by_id.get(hint.subject_id)
                if hint.subject_id is not None
                else find_series(parsed, library)
            )
            if series is None:
                out.append(Identified(hint.file, parsed, error="Unknown Series"))
                continue
            if series.id not in episodes_of:
                episodes_of[series.id] = self.store.episodes(series.id)
            every = episodes_of[series.id]
            if hint.item_ids is not None:
                chosen = set(hint.item_ids)
                eps = tuple(e for e in every if e.id in chosen)
            else:
                eps = find_episodes(parsed, series, every)
            if not eps:
                error = "Unable to identify episodes in file"
                out.append(Identified(hint.file, parsed, series, error=error))
                continue
            extra = {"season": eps[0].season_number}
            runtime = series.runtime if eps[0].season_number > 0 else 0  # specials: not timed
            out.append(
                Identified(hint.file, parsed, series, eps, extra=extra, runtime_minutes=runtime)
            )
        return out

    def item_label(self, item: Episode) -> str:
        return episode_label(item)

    def history_ids(self, candidate: TvImportCandidate) -> list[int]:
        return [e.id for e in candidate.items]

    def specifications(self) -> Sequence[ImportSpecification[TvImportCandidate]]:
        return ()

    # What the episodes have, where the file goes ----------------------------------------

    def existing_files(self, subject: Series, items: Sequence[Episode]) -> list[ExistingFile]:
        file_ids = sorted({e.episode_file_id for e in items if e.episode_file_id is not None})
        return FILES.existing(self._db, self.store.files(file_ids=file_ids) if file_ids else [])

    def placement(self, candidate: TvImportCandidate) -> Placement:
        series = candidate.subject
        assert series is not None
        info = (
            self._probe(candidate.file.path)
            if self.config.media_management().enable_media_info
            else None
        )
        file_facts = candidate_facts(candidate, FileFacts, media_info=info)
        relative = TvNamer(self.config.naming()).relative_path(
            SeriesFacts.of(series),
            [EpisodeFacts.of(e) for e in candidate.items],
            file_facts,
            candidate.file.path.suffix.lower(),
            series.season_folder,
        )
        extra = {"media_info": info.stored()} if info is not None else {}
        return Placement(Path(series.path), relative, extra)

    # The rows of one import -------------------------------------------------------------

    def commit(self, session: Session, record: ImportRecord) -> int:
        FILES.replace(session, record)
        row = FILES.imported_row(session, record)
        row.season_number = int(record.extra.get("season", 0))
        row.languages = list(record.languages)
        row.media_info = record.extra.get("media_info")
        return FILES.finish(session, row, record)
