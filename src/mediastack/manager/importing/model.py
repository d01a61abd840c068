"""The values the import pipeline hands back to its callers (tracker, command, API)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from mediastack.manager.importing.decisions import Rejection, RejectionType

if TYPE_CHECKING:
    from mediastack.manager.download_clients.base import DownloadClientItem
    from mediastack.manager.history import HistoryEvent


class ImportMode(StrEnum):
    """``importMode`` of ``DownloadedEpisodesScan`` and manual import.

    ``auto`` hardlinks (or copies) what a torrent client still seeds and moves what it
    may move (Usenet, or a torrent the client is done with).
    """

    AUTO = "auto"
    MOVE = "move"
    COPY = "copy"

    @classmethod
    def parse(cls, value: object) -> ImportMode:
        text = str(value or "auto").strip().lower()
        for mode in cls:
            if mode.value == text:
                return mode
        raise ValueError(f"Unknown import mode '{value}'")


@dataclass(frozen=True, slots=True)
class ImportedFile:
    source: str
    destination: str
    item_ids: tuple[int, ...]  # the episodes (the movie, the tracks) the file now holds
    hardlinked: bool = False
    moved: bool = False
    replaced: tuple[str, ...] = ()  # old files sent to the recycle bin (or deleted)


@dataclass(frozen=True, slots=True)
class RejectedFile:
    path: str
    rejections: tuple[Rejection, ...]

    @property
    def temporary(self) -> bool:
        return all(r.type == RejectionType.TEMPORARY for r in self.rejections)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: files placed, files refused (with reasons), problems overall."""

    imported: Sequence[ImportedFile] = ()
    rejected: Sequence[RejectedFile] = ()
    errors: Sequence[str] = field(default_factory=tuple)  # whole-download problems

    @property
    def all_imported(self) -> bool:
        """True when something was imported and nothing that should have been was refused.

        Files refused only because their episodes were already imported from this download
        count as done, so a re-run of an import that completed reports success.
        """
        return (
            (bool(self.imported) or self.already_done)
            and not self.errors
            and not any(not _already(r) for r in self.rejected)
        )

    @property
    def already_done(self) -> bool:
        """Every refusal is work done before (or not wanted), and some of it is work done:
        a download of nothing but a sample is not "done", it is missing its main file."""
        return (
            bool(self.rejected)
            and all(_already(r) for r in self.rejected)
            and any(_done(r) for r in self.rejected)
        )

    @property
    def temporarily_blocked(self) -> bool:
        """Nothing imported yet but worth retrying (still unpacking, disk full...)."""
        return bool(self.rejected) and all(r.temporary for r in self.rejected)

    def messages(self) -> list[str]:
        out = list(self.errors)
        for r in self.rejected:
            out.extend(f"{r.path}: {x.reason}" for x in r.rejections)
        return out


ALREADY_IMPORTED = "File already imported"
SAMPLE = "Sample"
EXTRA = "Extra file"
BETTER_IMPORTED = "A better file for these items was imported already"
ONLY_SAMPLES = "Only a sample (or extras) was found; the main file is missing"
# Refusals that do not keep a download from counting as imported: samples and extras are
# never wanted, and work already done (by an earlier run, or by a better file of the same
# release) is done.
_DONE = (ALREADY_IMPORTED, BETTER_IMPORTED)
_NOT_BLOCKING = (*_DONE, SAMPLE, EXTRA)


def _already(rejected: RejectedFile) -> bool:
    return any(r.reason.startswith(_NOT_BLOCKING) for r in rejected.rejections)


def _done(rejected: RejectedFile) -> bool:
    return any(r.reason.startswith(_DONE) for r in rejected.rejections)


class CompletedDownloadImporter(Protocol):
    """The hook the download tracker calls for a completed item (``ctx.extras``
    ``"completed_download_importer"``); ``grabbed`` are the item's GRABBED history events."""

    async def __call__(
        self, item: DownloadClientItem, grabbed: list[HistoryEvent]
    ) -> ImportResult: ...
