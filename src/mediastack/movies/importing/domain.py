"""The movie side of the import engine.

What differs from the other media kinds: a file is one movie (found by the grab, the ids
or the title and year in its name, or the release folder's), trailers and featurettes are
extras, a release naming several movies is refused as a whole (each must be imported on
its own, by hand), the destination follows Radarr's naming with the file's media info, and
one import writes the movie's single ``movie_files`` row.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediastack.core.db import utcnow
from mediastack.manager.importing.candidate import FileHint, Identified, ImportCandidate, Placement
from mediastack.manager.importing.decisions import ImportSpecification
from mediastack.manager.importing.discovery import DiscoveredFile
from mediastack.manager.importing.journal import ImportRecord
from mediastack.manager.importing.media_info import MediaInfo, probe
from mediastack.manager.importing.model import EXTRA
from mediastack.manager.importing.naming import candidate_facts
from mediastack.manager.importing.specs import ExistingFile
from mediastack.manager.library.media_files import VIDEO_EXTENSIONS
from mediastack.manager.parser import ParsedRelease
from mediastack.manager.parser.model import App
from mediastack.manager.parser.text import normalize_title
from mediastack.manager.quality.languages import by_key
from mediastack.manager.search.domain import PlainIds
from mediastack.movies.config.store import MovieConfigStore
from mediastack.movies.library.matching import extra_kind
from mediastack.movies.library.model import Movie
from mediastack.movies.library.rows import MovieFileRow, MovieImportJournalRow
from mediastack.movies.library.store import MovieStore
from mediastack.movies.naming import FileFacts, MovieFacts, MovieNamer
from mediastack.movies.search.domain import file_quality
from mediastack.movies.search.mapping import MovieMatcher, parse_movie

MovieImportCandidate = ImportCandidate[Movie, Movie]


def parse_file(file: DiscoveredFile) -> ParsedRelease | None:
    """The file's name; when it says too little, the release folder's name."""
    own = parse_movie(file.path.name, "file")
    if own is not None and own.quality.source != "unknown":
        return own
    folder = parse_movie(file.folder_name)
    return folder if folder is not None else own


def _identity(parsed: ParsedRelease | None) -> str | None:
    """A movie as a name says it: normalized title and year."""
    if parsed is None or parsed.movie is None:
        return None
    title = normalize_title(parsed.movie.movie_title or parsed.title)
    return f"{title}|{parsed.movie.year or ''}" if title else None


def _label(parsed: ParsedRelease) -> str:
    info = parsed.movie
    title = (info.movie_title if info else "") or parsed.title
    return f"{title} ({info.year})" if info and info.year else title


class MovieImportDomain(PlainIds):
    app: App = "radarr"
    extensions = VIDEO_EXTENSIONS
    journal_row = MovieImportJournalRow

    def __init__(self, store: MovieStore, config: MovieConfigStore) -> None:
        self.store = store
        self.config = config
        self._probed: dict[tuple[str, int, float], MediaInfo | None] = {}

    # What a file is ---------------------------------------------------------------------

    def identify(self, hints: Sequence[FileHint]) -> list[Identified[Movie, Movie]]:
        library = self.store.all()
        by_id = {m.id: m for m in library}
        matcher = MovieMatcher(library)
        parsed = [parse_file(h.file) for h in hints]
        several = self._several_movies(hints, parsed)
        out: list[Identified[Movie, Movie]] = []
        for hint, found in zip(hints, parsed, strict=True):
            kind = extra_kind(hint.file.relative_path)
            if kind is not None and kind != "sample":
                out.append(Identified(hint.file, found, error=f"{EXTRA} ({kind}): not imported"))
                continue
            if several and hint.item_ids is None and kind is None:
                out.append(Identified(hint.file, found, error=several))
                continue
            chosen = hint.item_ids[0] if hint.item_ids else hint.subject_id
            movie = by_id.get(chosen) if chosen is not None else None
            if movie is None and chosen is None and found is not None:
                movie = matcher.by_name(found)
            if movie is None:
                out.append(Identified(hint.file, found, error="Unknown Movie"))
                continue
            edition = found.movie.edition if found and found.movie else ""
            out.append(
                Identified(
                    hint.file,
                    found,
                    movie,
                    (movie,),
                    extra={"edition": edition},
                    runtime_minutes=movie.runtime,  # samples are judged by the film's length
                )
            )
        return out

    @staticmethod
    def _several_movies(
        hints: Sequence[FileHint], parsed: Sequence[ParsedRelease | None]
    ) -> str | None:
        """Why a release is refused as a whole: its main files name different movies."""
        named: dict[str, str] = {}
        for hint, found in zip(hints, parsed, strict=True):
            identity = _identity(found)
            if identity is None or found is None or extra_kind(hint.file.relative_path):
                continue
            named.setdefault(identity, _label(found))
        if len(named) < 2:
            return None
        listed = ", ".join(sorted(named.values()))
        return (
            f"The release holds several movies ({listed}); "
            "import each on its own with Manual Import"
        )

    def item_label(self, item: Movie) -> str:
        return f"{item.title} ({item.year})" if item.year else item.title

    def history_ids(self, candidate: MovieImportCandidate) -> list[int]:
        return [m.id for m in candidate.items]

    def specifications(self) -> Sequence[ImportSpecification[MovieImportCandidate]]:
        return ()

    # What the movie has, where the file goes --------------------------------------------

    def existing_files(self, subject: Movie, items: Sequence[Movie]) -> list[ExistingFile]:
        file = subject.file
        if file is None:
            return []
        judged = file_quality(file)
        return [
            ExistingFile(
                file.path,
                judged.quality,
                judged.revision,
                judged.custom_format_score,
                file.id,
                file.size,
                file.original_file_path,
            )
        ]

    def media_info(self, file: DiscoveredFile) -> MediaInfo | None:
        """The file's media info, probed once per file version (imports re-scan often)."""
        key = (str(file.path), file.size, file.mtime)
        if key not in self._probed:
            if len(self._probed) > 256:
                self._probed.clear()
            self._probed[key] = probe(file.path)
        return self._probed[key]

    def placement(self, candidate: MovieImportCandidate) -> Placement:
        movie = candidate.subject
        assert movie is not None
        info = (
            self.media_info(candidate.file)
            if self.config.media_management().enable_media_info
            else None
        )
        edition = str(candidate.extra.get("edition") or "") or None
        facts = candidate_facts(candidate, FileFacts, edition=edition, media_info=info)
        namer = MovieNamer(self.config.naming())
        relative = namer.relative_path(
            MovieFacts.of(movie), facts, candidate.file.path.suffix.lower()
        )
        extra = {"media_info": info.stored()} if info is not None else {}
        return Placement(Path(movie.path), relative, extra)

    # The rows of one import -------------------------------------------------------------

    def commit(self, session: Session, record: ImportRecord) -> int:
        for row in session.execute(
            select(MovieFileRow).where(MovieFileRow.movie_id == record.subject_id)
        ).scalars():
            session.delete(row)  # one file per movie: the replaced one (recycled already)
        session.flush()
        languages = [
            lang.key for lang in (by_key("radarr", n.lower()) for n in record.languages) if lang
        ]
        row = MovieFileRow(
            movie_id=record.subject_id,
            relative_path=record.relative_path,
            path=record.destination,
            size=record.size,
            date_added=utcnow(),
            scene_name=record.scene_name,
            release_group=record.release_group,
            quality=record.quality_name,
            edition=str(record.extra.get("edition") or "") or None,
            languages=languages or ["unknown"],
            quality_model=record.quality,
            custom_format_score=record.custom_format_score,
            original_file_path=record.source,
            download_id=record.download_id,
            media_info=record.extra.get("media_info"),
        )
        session.add(row)
        session.flush()
        return row.id
