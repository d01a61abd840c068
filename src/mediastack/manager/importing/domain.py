"""What a media kind tells the import engine, and nothing more.

Finding files, the shared specifications, the journal, the recycle bin, hardlink/copy/move,
extras and history are the engine's; the domain says what a file is (``identify``: a
series' episodes, a movie, an album's tracks matched by tags), what those items already
have on disk, where the file goes (its naming), and how its own rows are written in the
import's one transaction (``commit``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from sqlalchemy.orm import Session

from mediastack.manager.importing.candidate import FileHint, Identified, ImportCandidate, Placement
from mediastack.manager.importing.decisions import ImportSpecification
from mediastack.manager.importing.journal import ImportRecord, JournalColumns
from mediastack.manager.importing.specs import ExistingFile
from mediastack.manager.parser.model import App

S = TypeVar("S")
I = TypeVar("I")  # noqa: E741


class ImportSettings(Protocol):
    """The media-management settings the engine reads (each domain's config has them)."""

    @property
    def recycle_bin(self) -> str: ...

    @property
    def recycle_bin_cleanup_days(self) -> int: ...

    @property
    def copy_using_hardlinks(self) -> bool: ...

    @property
    def import_extra_files(self) -> bool: ...

    @property
    def minimum_free_space_when_importing(self) -> int: ...

    @property
    def skip_free_space_check_when_importing(self) -> bool: ...

    def extra_extensions(self) -> frozenset[str]: ...


class ImportDomain(Protocol[S, I]):
    @property
    def app(self) -> App:
        """Whose parser rules and quality catalogue apply."""
        ...

    @property
    def extensions(self) -> frozenset[str]:
        """The files discovery picks up (video or audio extensions)."""
        ...

    @property
    def journal_row(self) -> type[JournalColumns]:
        """The domain's journal table."""
        ...

    def identify(self, hints: Sequence[FileHint]) -> list[Identified[S, I]]:
        """What each file is, in the same order (all at once: an album's tracks are
        matched together)."""
        ...

    def subject_id(self, subject: S) -> int: ...

    def profile_id(self, subject: S) -> int: ...

    def item_id(self, item: I) -> int: ...

    def item_label(self, item: I) -> str:
        """How reasons name an item: ``S01E03``, a movie's title, ``01 - Track``."""
        ...

    def history_ids(self, candidate: ImportCandidate[S, I]) -> list[int]:
        """The children history records the import for (episodes, the movie, the album)."""
        ...

    def existing_files(self, subject: S, items: Sequence[I]) -> list[ExistingFile]:
        """The library files the items have now (what an import would replace)."""
        ...

    def placement(self, candidate: ImportCandidate[S, I]) -> Placement:
        """Where the naming scheme puts the file (the engine confines it to ``root``)."""
        ...

    def specifications(self) -> Sequence[ImportSpecification[ImportCandidate[S, I]]]:
        """The domain's own rules, run after the engine's (a match distance, ...)."""
        ...

    def commit(self, session: Session, record: ImportRecord) -> int:
        """Write the domain's rows for a placed file (and drop the rows of the files it
        replaced) in the import's transaction; returns the new file's id."""
        ...
