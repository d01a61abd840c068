"""Importing files into the library: decide, place, record, with a journal that survives
crashes. One importer per manager; the domain (``ImportDomain``) says what files are.

The order of one file's import is what makes it crash-safe:

1. a journal entry describing the whole import is committed before any file is touched;
2. files it replaces go to the recycle bin (each step recorded in the journal);
3. the new file is hardlinked, copied or moved into place (``core.fs``: never half a file);
4. one transaction writes the domain's rows (``ImportDomain.commit``), the history and
   deletes the journal entry.

A crash anywhere leaves a journal entry; the next import (or ``recover()``) replays the
remaining steps, each of which notices when it was already done. The database therefore
shows the old state until step 4 commits and the new one after, and a re-run of the same
import converges instead of importing twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, Generic, TypeVar

from mediastack.core.db import Database, utcnow
from mediastack.core.fs import Ownership, PathEscapeError, confine
from mediastack.manager.download_clients.base import DownloadClientItem
from mediastack.manager.grab.resources import quality_model
from mediastack.manager.history import HistoryEvent, HistoryEventType
from mediastack.manager.history.store import HistoryRow
from mediastack.manager.importing.candidate import (
    FileHint,
    Identified,
    ImportCandidate,
    Override,
)
from mediastack.manager.importing.decisions import (
    ImportDecision,
    ImportDecisionMaker,
    ImportSpecification,
    Rejection,
)
from mediastack.manager.importing.discovery import (
    DiscoveredFile,
    Discovery,
    discover,
    unpacking_reason,
)
from mediastack.manager.importing.domain import ImportDomain, ImportSettings
from mediastack.manager.importing.extras import import_extras
from mediastack.manager.importing.journal import ImportRecord, Journal
from mediastack.manager.importing.media_info import ProbeCache
from mediastack.manager.importing.model import (
    BETTER_IMPORTED,
    EXTRA,
    ONLY_SAMPLES,
    SAMPLE,
    ImportedFile,
    ImportMode,
    ImportResult,
    RejectedFile,
)
from mediastack.manager.importing.quality import file_quality, grabbed_quality, language_names
from mediastack.manager.importing.specs import (
    FileSettled,
    FreeSpace,
    NotSample,
    already_imported,
    destination_free,
    identified,
    not_unpacking,
    quality_allowed,
    upgrade_allowed,
)
from mediastack.manager.importing.transfer import choose_transfer, place, same_file
from mediastack.manager.quality.custom_formats import ReleaseFacts, matching_formats
from mediastack.manager.quality.languages import by_key
from mediastack.manager.quality.store import CustomFormatStore, ProfileStore
from mediastack.manager.recycle_bin import RecycleBin

log = logging.getLogger(__name__)

S = TypeVar("S")
I = TypeVar("I")  # noqa: E741

SCAN_SETTLE_SECONDS = 10.0  # folders dropped by hand: wait until nothing was written lately


class ImportFailedError(RuntimeError):
    """A journaled import could not be finished (its source vanished before placement)."""


@dataclass(frozen=True, slots=True)
class DownloadInfo:
    """The download a folder came from, when a client reported it."""

    download_id: str | None = None
    client_name: str | None = None
    protocol: str | None = None
    can_move_files: bool = False


class MatchesGrab(Generic[S, I]):
    """A grabbed download may only fill what it was grabbed for.

    Grab history and import history name the same children (``history_ids``: episodes,
    the movie, albums), so the file's children must all be among the grabbed ones.
    """

    def __init__(self, domain: ImportDomain[S, I]) -> None:
        self.domain = domain

    def __call__(self, candidate: ImportCandidate[S, I]) -> Rejection | None:
        grabbed = candidate.grabbed_item_ids
        if grabbed is None or not candidate.items:
            return None
        missing = {i for i in self.domain.history_ids(candidate) if i not in grabbed}
        if not missing:
            return None
        labels = [
            self.domain.item_label(i) for i in candidate.items if self.domain.item_id(i) in missing
        ] or [str(i) for i in sorted(missing)]
        return Rejection(f"{', '.join(labels)} were not part of the grabbed release")


def recycle_subfolder(record: ImportRecord, old: Path) -> str:
    """Where a replaced file goes in the bin: ``<Subject>/<its folder below the subject>``.

    The originals keep the file's place relative to the root folder (``Series/Season 01``),
    so two seasons' ``S01E01``-named extras or two discs' ``01 - Intro.flac`` never collide
    and a person restoring by hand knows where the file came from.
    """
    depth = len(PurePosixPath(record.relative_path).parts)
    root = Path(record.destination).parents[depth - 1] if depth else Path(record.destination)
    try:
        below = old.parent.relative_to(root)
    except ValueError:
        return record.recycle_subfolder
    return str(PurePosixPath(record.recycle_subfolder, *below.parts))


class Importer(Generic[S, I]):
    """The import path of one manager: used by the tracker hook, the downloaded-files scan
    command and the manual-import API alike, so they all decide and place files the same way."""

    def __init__(
        self,
        database: Database,
        domain: ImportDomain[S, I],
        settings: Callable[[], ImportSettings],
        profiles: ProfileStore | None,
        formats: CustomFormatStore | None,
        allowed_roots: Callable[[], list[Path]],
        ownership: Ownership | None = None,
    ) -> None:
        self._db = database
        self.domain = domain
        self.settings = settings
        self._profiles = profiles
        self._formats = formats
        self._allowed_roots = allowed_roots
        self._ownership = ownership
        self.journal = Journal(database, domain.journal_row)
        self.probe = ProbeCache()
        # called with the record once an import is committed; must not raise
        self.on_imported: Callable[[ImportRecord], None] | None = None
        # called once per import run with every record it committed (Lidarr tells of a
        # release's tracks together); must not raise
        self.on_run_imported: Callable[[Sequence[ImportRecord]], None] | None = None

    # Deciding ---------------------------------------------------------------------------

    def specifications(
        self, settings: ImportSettings, settle_seconds: float
    ) -> list[ImportSpecification[ImportCandidate[S, I]]]:
        free = FreeSpace(
            settings.minimum_free_space_when_importing,
            settings.skip_free_space_check_when_importing,
        )
        return [
            identified,
            not_unpacking,
            NotSample(self.probe),
            FileSettled(settle_seconds),
            MatchesGrab(self.domain),
            *self.domain.specifications(),
            already_imported,
            quality_allowed,
            upgrade_allowed,
            free,
            destination_free,
        ]

    def scan(
        self,
        source: str,
        *,
        download: DownloadInfo | None = None,
        grabbed: Sequence[HistoryEvent] = (),
        subject_id: int | None = None,
        overrides: Mapping[str, Override] | None = None,
        settle_seconds: float = 0.0,
    ) -> tuple[Discovery, list[ImportDecision[ImportCandidate[S, I]]]]:
        """Find the files at ``source`` and decide each one (nothing is touched)."""
        discovery = discover(source, self._allowed_roots(), self.domain.extensions)
        if discovery.error:
            return discovery, []
        maker = ImportDecisionMaker(self.specifications(self.settings(), settle_seconds))
        candidates = self.candidates(
            discovery.files,
            download=download,
            grabbed=grabbed,
            subject_id=subject_id,
            overrides=overrides or {},
        )
        return discovery, maker.decide_all(candidates)

    def candidates(
        self,
        files: Sequence[DiscoveredFile],
        *,
        download: DownloadInfo | None,
        grabbed: Sequence[HistoryEvent],
        subject_id: int | None,
        overrides: Mapping[str, Override],
    ) -> list[ImportCandidate[S, I]]:
        app = self.domain.app
        grab_subject = grabbed[0].item_id if grabbed else None
        hints = []
        for f in files:
            override = overrides.get(str(f.path), Override())
            chosen = override.subject_id or subject_id or grab_subject
            hints.append(FileHint(f, chosen, override.item_ids))
        grab_quality = grabbed_quality(app, grabbed)
        scene = grabbed[0].source_title if grabbed else None
        formats = self._formats.all() if self._formats is not None else []
        out = []
        for found in self.domain.identify(hints):
            override = overrides.get(str(found.file.path), Override())
            quality, revision = found.quality or file_quality(app, found.parsed)
            parse_unknown = found.parsed is None or found.parsed.quality.source == "unknown"
            if grab_quality and found.quality is None and parse_unknown:
                quality, revision = grab_quality
            parsed = found.parsed
            candidate: ImportCandidate[S, I] = ImportCandidate(
                file=found.file,
                parsed=parsed,
                subject=found.subject,
                items=found.items,
                quality=override.quality or quality,
                revision=override.revision or revision,
                release_group=override.release_group or (parsed.release_group if parsed else None),
                languages=override.languages
                or tuple(language_names(app, parsed.languages if parsed else ())),
                scene_name=scene or (found.file.folder_name if grabbed else None),
                download_id=download.download_id if download else None,
                grabbed_item_ids=frozenset(e.child_id for e in grabbed) if grabbed else None,
                mapping_error=found.error,
                extra=found.extra,
                runtime_minutes=found.runtime_minutes,
            )
            if found.error is None and found.subject is not None:
                candidate = self._complete(candidate, found, formats)
            out.append(candidate)
        return out

    def _complete(
        self,
        c: ImportCandidate[S, I],
        found: Identified[S, I],
        formats: Sequence[Any],
    ) -> ImportCandidate[S, I]:
        assert found.subject is not None
        profile = (
            self._profiles.get(self.domain.profile_id(found.subject))
            if self._profiles is not None
            else None
        )
        facts = ReleaseFacts(
            title=c.scene_name or c.file.path.name,
            source=c.quality.source,
            resolution=c.quality.resolution,
            modifier=c.quality.modifier,
            languages=tuple(n.lower() for n in c.languages),
            release_group=c.release_group,
            size_bytes=c.file.size,
        )
        matched = tuple(matching_formats(list(formats), facts))
        score = sum(profile.format_items.get(cf.id, 0) for cf in matched) if profile else 0
        existing = tuple(self.domain.existing_files(found.subject, found.items))
        c = replace(
            c, profile=profile, format_score=score, custom_formats=matched, existing=existing
        )
        placement = self.domain.placement(c)
        try:
            destination = confine(placement.root, placement.relative_path)
        except PathEscapeError:
            error = f"Destination '{placement.relative_path}' escapes the library folder"
            return replace(c, mapping_error=error)
        extra = {**c.extra, **placement.extra}
        return replace(c, root=placement.root, destination=destination, extra=extra)

    # Importing --------------------------------------------------------------------------

    def run(
        self,
        source: str,
        *,
        mode: ImportMode = ImportMode.AUTO,
        download: DownloadInfo | None = None,
        grabbed: Sequence[HistoryEvent] = (),
        subject_id: int | None = None,
        settle_seconds: float = 0.0,
    ) -> ImportResult:
        """Scan ``source`` and import every approved file (the automatic import)."""
        self.recover()
        discovery, decisions = self.scan(
            source,
            download=download,
            grabbed=grabbed,
            subject_id=subject_id,
            settle_seconds=settle_seconds,
        )
        if discovery.error:
            return ImportResult(errors=(discovery.error,))
        refused = [RejectedFile(p, (Rejection(r),)) for p, r in discovery.refused]
        if not decisions:
            # only partial files so far: say the download is unfinished, not empty
            waiting = unpacking_reason(discovery.root) if discovery.root else None
            return ImportResult(rejected=refused, errors=(waiting or "No media files were found",))
        result = self.import_decisions(decisions, mode, download)
        result = replace(result, rejected=[*refused, *result.rejected])
        if not result.imported and not result.errors and not result.already_done:
            unwanted = (SAMPLE, EXTRA)
            if all(any(r.reason.startswith(unwanted) for r in d.rejections) for d in decisions):
                return replace(result, errors=(ONLY_SAMPLES,))
        return result

    def import_decisions(
        self,
        decisions: Sequence[ImportDecision[ImportCandidate[S, I]]],
        mode: ImportMode,
        download: DownloadInfo | None,
    ) -> ImportResult:
        """Import the approved decisions, best quality first; one item is filled once."""
        settings = self.settings()
        imported: list[ImportedFile] = []
        rejected = [
            RejectedFile(str(d.candidate.file.path), d.rejections)
            for d in decisions
            if not d.approved
        ]
        approved = sorted(
            (d for d in decisions if d.approved),
            key=lambda d: (-d.candidate.quality.weight, -d.candidate.file.size),
        )
        transfer = choose_transfer(
            mode,
            settings.copy_using_hardlinks,
            download.protocol if download else None,
            download.can_move_files if download else False,
            download is not None,
        )
        taken: set[int] = set()
        errors: list[str] = []
        records: list[ImportRecord] = []
        for decision in approved:
            c = decision.candidate
            ids = {self.domain.item_id(i) for i in c.items}
            if ids & taken:
                rejected.append(RejectedFile(str(c.file.path), (Rejection(BETTER_IMPORTED),)))
                continue
            try:
                record = self.record(c, transfer, download)
                imported.append(self._execute(self.journal.open(record), record))
                records.append(record)
            except (OSError, ImportFailedError) as exc:
                log.exception("import of %s failed", c.file.path)
                errors.append(f"Failed to import {c.file.path}: {exc}")
                continue
            taken |= ids
            if settings.import_extra_files and c.destination is not None:
                import_extras(
                    c.file.path, c.destination, settings.extra_extensions(), self._ownership
                )
        if records and self.on_run_imported is not None:
            self.on_run_imported(records)
        return ImportResult(imported, rejected, tuple(errors))

    def record(
        self, c: ImportCandidate[S, I], transfer: str, download: DownloadInfo | None
    ) -> ImportRecord:
        """The journal record of importing ``c`` (nothing done yet)."""
        assert c.subject is not None and c.destination is not None and c.root is not None
        root = c.root.resolve()
        return ImportRecord(
            source=str(c.file.path),
            destination=str(c.destination),
            transfer=transfer,
            subject_id=self.domain.subject_id(c.subject),
            item_ids=[self.domain.item_id(i) for i in c.items],
            history_ids=self.domain.history_ids(c),
            relative_path=c.destination.relative_to(root).as_posix(),
            quality=quality_model(self.domain.app, c.quality, c.revision),
            size=c.file.size,
            custom_formats=[{"id": cf.id, "name": cf.name} for cf in c.custom_formats],
            custom_format_score=c.format_score,
            release_group=c.release_group,
            scene_name=c.scene_name,
            languages=list(c.languages),
            replaced=[{"id": f.id, "path": f.path} for f in c.existing],
            recycle_subfolder=root.name,
            download_id=c.download_id,
            client_name=download.client_name if download else None,
            source_title=c.scene_name or c.file.path.name,
            extra=dict(c.extra),
        )

    def _execute(self, journal_id: int, record: ImportRecord) -> ImportedFile:
        source, destination = Path(record.source), Path(record.destination)
        if record.stage == "pending":
            bin_ = RecycleBin(self.settings().recycle_bin or None, self._ownership)
            for old in record.replaced:
                old_path = Path(old["path"])
                if any(r["path"] == old["path"] for r in record.recycled):
                    continue
                if not old_path.exists() or same_file(old_path, source):
                    continue
                done = bin_.recycle(old_path, recycle_subfolder(record, old_path))
                to = str(done.destination) if done.destination else ""
                record.recycled.append({"path": old["path"], "to": to})
                self.journal.save(journal_id, record)
            record.stage = "recycled"
            self.journal.save(journal_id, record)
        if record.stage == "recycled":
            record.hardlinked = self._place(journal_id, source, destination, record.transfer)
            record.stage = "placed"
            self.journal.save(journal_id, record)
        self.commit(journal_id, record)
        if self.on_imported is not None:
            self.on_imported(record)
        return ImportedFile(
            source=str(source),
            destination=str(destination),
            item_ids=tuple(record.item_ids),
            hardlinked=record.hardlinked,
            moved=record.transfer == "move",
            replaced=tuple(r["path"] for r in record.recycled),
        )

    def _place(self, journal_id: int, source: Path, destination: Path, transfer: str) -> bool:
        if source.exists():
            return place(source, destination, transfer, self._ownership)
        if destination.exists():
            return False  # moved into place before an interruption
        self.journal.drop(journal_id)
        raise ImportFailedError(f"source {source} vanished before it was imported")

    def commit(self, journal_id: int, record: ImportRecord) -> None:
        """Step 4: the library, the history and the end of the journal entry, atomically."""
        with self._db.session() as session:
            journal = session.get(self.journal.row, journal_id)
            if journal is None:
                return  # a concurrent recovery finished it
            file_id = self.domain.commit(session, record)
            now = utcnow()
            for child_id in record.history_ids:
                session.add_all(self._history(record, child_id, file_id, now))
            session.delete(journal)

    def _history(
        self, record: ImportRecord, child_id: int, file_id: int, now: Any
    ) -> list[HistoryRow]:
        common = {
            "item_id": record.subject_id,
            "child_id": child_id,
            "download_id": record.download_id,
            "date": now,
        }
        rows = [
            HistoryRow(
                event_type=HistoryEventType.FILE_DELETED.value,
                source_title=Path(recycled["path"]).name,
                quality={},
                languages=[],
                custom_formats=[],
                custom_format_score=0,
                data={
                    "reason": "Upgrade",
                    "path": recycled["path"],
                    "recycleBinPath": recycled["to"],
                },
                **common,
            )
            for recycled in record.recycled
        ]
        rows.append(
            HistoryRow(
                event_type=HistoryEventType.DOWNLOAD_FOLDER_IMPORTED.value,
                source_title=record.source_title,
                quality=record.quality,
                languages=self._language_json(record.languages),
                custom_formats=record.custom_formats,
                custom_format_score=record.custom_format_score,
                data={
                    "fileId": str(file_id),
                    "importedPath": record.destination,
                    "droppedPath": record.source,
                    "downloadClient": record.client_name or "",
                    "downloadClientName": record.client_name or "",
                    "releaseGroup": record.release_group or "",
                    "size": str(record.size),
                },
                **common,
            )
        )
        return rows

    def _language_json(self, names: Sequence[str]) -> list[dict[str, Any]]:
        out = []
        for name in names:
            lang = by_key(self.domain.app, name.lower())
            out.append({"id": lang.id if lang else 0, "name": name})
        return out

    def recover(self) -> int:
        """Finish (or abandon) imports a crash interrupted; returns how many were finished."""
        finished = 0
        for journal_id, record in self.journal.pending():
            try:
                self._execute(journal_id, record)
                finished += 1
                log.info("finished interrupted import of %s", record.source)
            except (OSError, ImportFailedError) as exc:
                log.warning("could not finish interrupted import %s: %s", journal_id, exc)
        return finished

    def recycle_bin_cleanup(self) -> int:
        settings = self.settings()
        return RecycleBin(settings.recycle_bin or None).cleanup(settings.recycle_bin_cleanup_days)

    # The tracker's hook -----------------------------------------------------------------

    async def import_completed_download(
        self, item: DownloadClientItem, grabbed: list[HistoryEvent]
    ) -> ImportResult:
        """Import a download the client reports complete (``CompletedDownloadImporter``).

        ``grabbed`` are the download's GRABBED history events: they say which subject and
        items it is for. The result's ``all_imported`` tells the tracker to mark the
        download imported; otherwise its messages say why it is blocked.
        """
        if item.output_path is None:
            return ImportResult(errors=("The download client has not reported an output path",))
        download = DownloadInfo(
            download_id=item.download_id,
            client_name=item.client_name,
            protocol=item.protocol,
            can_move_files=item.can_move_files,
        )
        return await asyncio.to_thread(
            self.run,
            str(item.output_path),
            mode=ImportMode.AUTO,
            download=download,
            grabbed=grabbed,
        )
