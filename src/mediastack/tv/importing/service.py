"""Importing episode files: decide, place, record, with a journal that survives crashes.

The order of one file's import is what makes it crash-safe:

1. a journal row describing the whole import is committed before any file is touched;
2. files it replaces go to the recycle bin (each step recorded in the journal);
3. the new file is hardlinked, copied or moved into place (``core.fs``: never half a file);
4. one transaction writes the episode file, links the episodes, writes history and
   deletes the journal row.

A crash anywhere leaves a journal row; the next import (or ``recover()``) replays the
remaining steps, each of which notices when it was already done. The database therefore
shows the old state until step 4 commits and the new one after, and a re-run of the same
import converges instead of importing twice.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from mediastack.core.db import Database, utcnow
from mediastack.core.fs import (
    Ownership,
    PathEscapeError,
    atomic_copy,
    atomic_move,
    confine,
    hardlink_or_copy,
)
from mediastack.manager.download_clients.base import DownloadClientItem
from mediastack.manager.history import HistoryEvent, HistoryEventType
from mediastack.manager.history.store import HistoryRow
from mediastack.manager.importing import (
    ImportDecision,
    ImportDecisionMaker,
    ImportedFile,
    ImportMode,
    ImportResult,
    RejectedFile,
    Rejection,
    discover,
)
from mediastack.manager.importing.discovery import DiscoveredFile, Discovery
from mediastack.manager.importing.model import BETTER_IMPORTED
from mediastack.manager.importing.specs import ExistingFile, FreeSpace
from mediastack.manager.parser.model import Revision
from mediastack.manager.quality.custom_formats import ReleaseFacts, matching_formats
from mediastack.manager.quality.definitions import Quality, by_name
from mediastack.manager.quality.languages import by_key
from mediastack.manager.quality.profiles import QualityProfile
from mediastack.manager.quality.store import CustomFormatStore, ProfileStore
from mediastack.manager.recycle_bin import RecycleBin
from mediastack.tv.config import MediaManagementConfig, TvConfigStore
from mediastack.tv.importing.candidates import (
    UNKNOWN,
    Override,
    TvCandidate,
    find_episodes,
    find_series,
    grabbed_quality,
    parse_file,
    quality_of,
)
from mediastack.tv.importing.rows import EpisodeFileDetailRow, ImportJournalRow
from mediastack.tv.importing.specs import tv_specifications
from mediastack.tv.library.model import Episode, Series
from mediastack.tv.library.rows import EpisodeFileRow, EpisodeRow
from mediastack.tv.library.store import TvLibraryStore
from mediastack.tv.naming import EpisodeFacts, FileFacts, SeriesFacts, TvNamer

log = logging.getLogger(__name__)

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


def quality_json(quality: Quality, revision: Revision) -> dict[str, Any]:
    """The API's ``QualityModel`` shape (history, manual import, episode file details)."""
    return {
        "quality": {
            "id": quality.id,
            "name": quality.name,
            "source": quality.source,
            "resolution": quality.resolution,
        },
        "revision": {
            "version": revision.version,
            "real": revision.real,
            "isRepack": revision.is_repack,
        },
    }


def _quality_from_json(data: Mapping[str, Any] | None, fallback: str) -> tuple[Quality, Revision]:
    q = (data or {}).get("quality") or {}
    rev = (data or {}).get("revision") or {}
    try:
        quality = by_name("sonarr", str(q.get("name") or fallback))
    except (KeyError, ValueError):
        quality = UNKNOWN
    revision = Revision(
        int(rev.get("version", 1)), int(rev.get("real", 0)), bool(rev.get("isRepack", False))
    )
    return quality, revision


def _language_names(keys: Sequence[str]) -> list[str]:
    names = []
    for key in keys:
        lang = by_key("sonarr", key)
        if lang is not None and lang.key != "unknown":
            names.append(lang.name)
    return names or ["English"]


def _language_json(names: Sequence[str]) -> list[dict[str, Any]]:
    out = []
    for name in names:
        lang = by_key("sonarr", name.lower())
        out.append({"id": lang.id if lang else 0, "name": name})
    return out


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


class TvImporter:
    """The TV import path: used by the tracker hook, ``DownloadedEpisodesScan`` and the
    manual-import API alike, so they all decide and place files the same way."""

    def __init__(
        self,
        database: Database,
        store: TvLibraryStore,
        config: TvConfigStore,
        profiles: ProfileStore | None,
        formats: CustomFormatStore | None,
        allowed_roots: Callable[[], list[Path]],
        ownership: Ownership | None = None,
    ) -> None:
        self._db = database
        self.store = store
        self.config = config
        self._profiles = profiles
        self._formats = formats
        self._allowed_roots = allowed_roots
        self._ownership = ownership
        # called with the journal payload once an import is committed; must not raise
        self.on_imported: Callable[[dict[str, Any]], None] | None = None

    # Deciding ---------------------------------------------------------------------------

    def scan(
        self,
        source: str,
        *,
        download: DownloadInfo | None = None,
        grabbed: Sequence[HistoryEvent] = (),
        series_id: int | None = None,
        overrides: Mapping[str, Override] | None = None,
        settle_seconds: float = 0.0,
    ) -> tuple[Discovery, list[ImportDecision[TvCandidate]]]:
        """Find the files at ``source`` and decide each one (nothing is touched)."""
        discovery = discover(source, self._allowed_roots())
        if discovery.error:
            return discovery, []
        media = self.config.media_management()
        maker = ImportDecisionMaker(
            tv_specifications(
                FreeSpace(
                    media.minimum_free_space_when_importing,
                    media.skip_free_space_check_when_importing,
                ),
                settle_seconds,
            )
        )
        candidates = self.candidates(
            discovery.files,
            download=download,
            grabbed=grabbed,
            series_id=series_id,
            overrides=overrides or {},
        )
        return discovery, maker.decide_all(candidates)

    def candidates(
        self,
        files: Sequence[DiscoveredFile],
        *,
        download: DownloadInfo | None,
        grabbed: Sequence[HistoryEvent],
        series_id: int | None,
        overrides: Mapping[str, Override],
    ) -> list[TvCandidate]:
        library = self.store.all()
        by_id = {s.id: s for s in library}
        episodes_of: dict[int, list[Episode]] = {}
        grabbed_ids = frozenset(e.child_id for e in grabbed) if grabbed else None
        grab_series = by_id.get(grabbed[0].item_id) if grabbed else None
        grab_quality = grabbed_quality(grabbed)
        scene = grabbed[0].source_title if grabbed else None
        formats = self._formats.all() if self._formats is not None else []
        naming = self.config.naming()
        namer = TvNamer(naming)
        out: list[TvCandidate] = []
        for f in files:
            override = overrides.get(str(f.path), Override())
            parsed = parse_file(f)
            quality, revision = quality_of(parsed)
            if grab_quality and (parsed is None or parsed.quality.source == "unknown"):
                quality, revision = grab_quality
            quality = override.quality or quality
            revision = override.revision or revision
            group = override.release_group or (parsed.release_group if parsed else None)
            languages = override.languages or tuple(
                _language_names(parsed.languages if parsed else ())
            )
            candidate = TvCandidate(
                file=f,
                parsed=parsed,
                series=None,
                episodes=(),
                quality=quality,
                revision=revision,
                release_group=group,
                languages=languages,
                scene_name=scene or (f.folder_name if grabbed else None),
                download_id=download.download_id if download else None,
                grabbed_episode_ids=grabbed_ids,
            )
            chosen = override.series_id or series_id
            series = (
                by_id.get(chosen)
                if chosen is not None
                else grab_series or find_series(parsed, library)
            )
            if series is None:
                out.append(replace(candidate, mapping_error="Unknown Series"))
                continue
            if series.id not in episodes_of:
                episodes_of[series.id] = self.store.episodes(series.id)
            all_eps = episodes_of[series.id]
            if override.episode_ids is not None:
                wanted = set(override.episode_ids)
                eps = tuple(e for e in all_eps if e.id in wanted)
            else:
                eps = find_episodes(parsed, series, all_eps)
            candidate = replace(candidate, series=series, episodes=eps)
            if not eps:
                out.append(replace(candidate, mapping_error="Unable to identify episodes in file"))
                continue
            out.append(self._complete(candidate, series, eps, formats, namer))
        return out

    def _complete(
        self,
        c: TvCandidate,
        series: Series,
        eps: tuple[Episode, ...],
        formats: Sequence[Any],
        namer: TvNamer,
    ) -> TvCandidate:
        profile: QualityProfile | None = (
            self._profiles.get(series.quality_profile_id) if self._profiles is not None else None
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
        file_ids = sorted({e.episode_file_id for e in eps if e.episode_file_id is not None})
        files = self.store.files(file_ids=file_ids) if file_ids else []
        details = self._details(file_ids)
        existing = []
        sources: list[str | None] = []
        for ef in files:
            detail = details.get(ef.id)
            q, rev = _quality_from_json(detail.quality if detail else None, ef.quality)
            existing.append(
                ExistingFile(ef.path, q, rev, detail.custom_format_score if detail else 0)
            )
            sources.append(detail.source_path if detail else None)
        file_facts = FileFacts(
            quality=c.quality.name,
            revision=c.revision,
            release_group=c.release_group,
            scene_name=c.scene_name,
            original_name=c.file.path.stem,
            custom_formats=tuple(cf.name for cf in matched if cf.include_when_renaming),
        )
        relative = namer.relative_path(
            SeriesFacts.of(series),
            [EpisodeFacts.of(e) for e in eps],
            file_facts,
            c.file.path.suffix.lower(),
            series.season_folder,
        )
        try:
            destination = confine(series.path, relative)
        except PathEscapeError:
            return replace(c, mapping_error=f"Destination '{relative}' escapes the series folder")
        return replace(
            c,
            profile=profile,
            format_score=score,
            custom_formats=matched,
            existing=tuple(existing),
            existing_files=tuple(files),
            existing_sources=tuple(sources),
            destination=destination,
        )

    def _details(self, file_ids: Sequence[int]) -> dict[int, EpisodeFileDetailRow]:
        if not file_ids:
            return {}
        with self._db.session() as session:
            rows = session.execute(
                select(EpisodeFileDetailRow).where(
                    EpisodeFileDetailRow.episode_file_id.in_(list(file_ids))
                )
            ).scalars()
            out = {r.episode_file_id: r for r in rows}
            session.expunge_all()
            return out

    # Importing --------------------------------------------------------------------------

    def run(
        self,
        source: str,
        *,
        mode: ImportMode = ImportMode.AUTO,
        download: DownloadInfo | None = None,
        grabbed: Sequence[HistoryEvent] = (),
        series_id: int | None = None,
        settle_seconds: float = 0.0,
    ) -> ImportResult:
        """Scan ``source`` and import every approved file (the automatic import)."""
        self.recover()
        discovery, decisions = self.scan(
            source,
            download=download,
            grabbed=grabbed,
            series_id=series_id,
            settle_seconds=settle_seconds,
        )
        if discovery.error:
            return ImportResult(errors=(discovery.error,))
        refused = [RejectedFile(p, (Rejection(r),)) for p, r in discovery.refused]
        if not decisions:
            return ImportResult(rejected=refused, errors=("No video files were found",))
        result = self.import_decisions(decisions, mode, download)
        return replace(result, rejected=[*refused, *result.rejected])

    def import_decisions(
        self,
        decisions: Sequence[ImportDecision[TvCandidate]],
        mode: ImportMode,
        download: DownloadInfo | None,
    ) -> ImportResult:
        """Import the approved decisions, best quality first; one episode is filled once."""
        media = self.config.media_management()
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
        taken: set[int] = set()
        errors: list[str] = []
        for decision in approved:
            c = decision.candidate
            ids = {e.id for e in c.episodes}
            if ids & taken:
                rejected.append(
                    RejectedFile(
                        str(c.file.path),
                        (Rejection(BETTER_IMPORTED),),
                    )
                )
                continue
            try:
                imported.append(self._import(c, self._transfer(mode, download, media), download))
            except (OSError, ImportFailedError) as exc:
                log.exception("import of %s failed", c.file.path)
                errors.append(f"Failed to import {c.file.path}: {exc}")
                continue
            taken |= ids
            if media.import_extra_files:
                self._import_extras(c, media)
        return ImportResult(imported, rejected, tuple(errors))

    @staticmethod
    def _transfer(
        mode: ImportMode, download: DownloadInfo | None, media: MediaManagementConfig
    ) -> str:
        if mode == ImportMode.MOVE:
            return "move"
        if mode == ImportMode.AUTO and (
            download is None or download.can_move_files or download.protocol == "usenet"
        ):
            return "move"
        return "link" if media.copy_using_hardlinks else "copy"

    def _import(self, c: TvCandidate, transfer: str, download: DownloadInfo | None) -> ImportedFile:
        assert c.series is not None and c.destination is not None
        series_root = Path(c.series.path)
        payload: dict[str, Any] = {
            "source": str(c.file.path),
            "destination": str(c.destination),
            "transfer": transfer,
            "stage": "pending",
            "series_id": c.series.id,
            "season": c.episodes[0].season_number,
            "episode_ids": [e.id for e in c.episodes],
            "relative_path": c.destination.relative_to(series_root.resolve()).as_posix(),
            "quality": quality_json(c.quality, c.revision),
            "custom_formats": [{"id": cf.id, "name": cf.name} for cf in c.custom_formats],
            "custom_format_score": c.format_score,
            "release_group": c.release_group,
            "scene_name": c.scene_name,
            "languages": list(c.languages),
            "size": c.file.size,
            "replaced": [{"id": f.id, "path": f.path} for f in c.existing_files],
            "recycled": [],
            "recycle_subfolder": series_root.name,
            "download_id": c.download_id,
            "client_name": download.client_name if download else None,
            "source_title": c.scene_name or c.file.path.name,
        }
        with self._db.session() as session:
            row = ImportJournalRow(created=utcnow(), payload=payload)
            session.add(row)
            session.flush()
            journal_id = row.id
        return self._execute(journal_id, payload)

    def _save(self, journal_id: int, payload: dict[str, Any]) -> None:
        with self._db.session() as session:
            row = session.get(ImportJournalRow, journal_id)
            if row is not None:
                row.payload = dict(payload)

    def _execute(self, journal_id: int, payload: dict[str, Any]) -> ImportedFile:
        source, destination = Path(payload["source"]), Path(payload["destination"])
        media = self.config.media_management()
        if payload["stage"] == "pending":
            bin_ = RecycleBin(media.recycle_bin or None, self._ownership)
            for old in payload["replaced"]:
                old_path = Path(old["path"])
                if any(r["path"] == old["path"] for r in payload["recycled"]):
                    continue
                if not old_path.exists() or _same(old_path, source):
                    continue
                done = bin_.recycle(old_path, payload["recycle_subfolder"])
                payload["recycled"].append(
                    {"path": old["path"], "to": str(done.destination) if done.destination else ""}
                )
                self._save(journal_id, payload)
            payload["stage"] = "recycled"
            self._save(journal_id, payload)
        if payload["stage"] == "recycled":
            payload["hardlinked"] = self._place(journal_id, source, destination, payload)
            payload["stage"] = "placed"
            self._save(journal_id, payload)
        self._commit(journal_id, payload)
        if self.on_imported is not None:
            self.on_imported(payload)
        return ImportedFile(
            source=str(source),
            destination=str(destination),
            item_ids=tuple(payload["episode_ids"]),
            hardlinked=bool(payload.get("hardlinked")),
            moved=payload["transfer"] == "move",
            replaced=tuple(r["path"] for r in payload["recycled"]),
        )

    def _place(
        self, journal_id: int, source: Path, destination: Path, payload: dict[str, Any]
    ) -> bool:
        if source.exists():
            if destination.exists() and _same(source, destination):
                return bool(payload["transfer"] != "move")
            if payload["transfer"] == "move":
                atomic_move(source, destination, self._ownership)
                return False
            if payload["transfer"] == "copy":
                atomic_copy(source, destination, self._ownership)
                return False
            return bool(hardlink_or_copy(source, destination, self._ownership))
        if destination.exists():
            return False  # moved into place before an interruption
        with self._db.session() as session:
            row = session.get(ImportJournalRow, journal_id)
            if row is not None:
                session.delete(row)
        raise ImportFailedError(f"source {source} vanished before it was imported")

    def _commit(self, journal_id: int, payload: dict[str, Any]) -> None:
        """Step 4: the library, the history and the end of the journal entry, atomically."""
        series_id = int(payload["series_id"])
        episode_ids = [int(i) for i in payload["episode_ids"]]
        quality = payload["quality"]
        with self._db.session() as session:
            journal = session.get(ImportJournalRow, journal_id)
            if journal is None:
                return  # a concurrent recovery finished it
            replaced_ids = [int(r["id"]) for r in payload["replaced"]]
            for file_id in replaced_ids:
                old = session.get(EpisodeFileRow, file_id)
                if old is None:
                    continue
                session.execute(
                    update(EpisodeRow)
                    .where(EpisodeRow.episode_file_id == file_id)
                    .values(episode_file_id=None)
                )
                detail = session.get(EpisodeFileDetailRow, file_id)
                if detail is not None:
                    session.delete(detail)
                session.delete(old)
            session.flush()
            file_row = session.execute(
                select(EpisodeFileRow).where(
                    EpisodeFileRow.series_id == series_id,
                    EpisodeFileRow.relative_path == payload["relative_path"],
                )
            ).scalar()
            if file_row is None:
                file_row = EpisodeFileRow(series_id=series_id, date_added=utcnow())
                session.add(file_row)
            file_row.season_number = int(payload["season"])
            file_row.relative_path = payload["relative_path"]
            file_row.path = payload["destination"]
            file_row.size = int(payload["size"])
            file_row.scene_name = payload["scene_name"]
            file_row.release_group = payload["release_group"]
            file_row.quality = quality["quality"]["name"]
            file_row.languages = list(payload["languages"])
            session.flush()
            detail = session.get(EpisodeFileDetailRow, file_row.id)
            if detail is None:
                detail = EpisodeFileDetailRow(episode_file_id=file_row.id)
                session.add(detail)
            detail.quality = quality
            detail.custom_format_score = int(payload["custom_format_score"])
            detail.source_path = payload["source"]
            detail.download_id = payload["download_id"]
            session.execute(
                update(EpisodeRow)
                .where(EpisodeRow.id.in_(episode_ids))
                .values(episode_file_id=file_row.id)
            )
            now = utcnow()
            languages = _language_json(payload["languages"])
            for episode_id in episode_ids:
                for recycled in payload["recycled"]:
                    session.add(
                        HistoryRow(
                            event_type=HistoryEventType.FILE_DELETED.value,
                            item_id=series_id,
                            child_id=episode_id,
                            source_title=Path(recycled["path"]).name,
                            quality={},
                            languages=[],
                            custom_formats=[],
                            custom_format_score=0,
                            download_id=payload["download_id"],
                            date=now,
                            data={
                                "reason": "Upgrade",
                                "path": recycled["path"],
                                "recycleBinPath": recycled["to"],
                            },
                        )
                    )
                session.add(
                    HistoryRow(
                        event_type=HistoryEventType.DOWNLOAD_FOLDER_IMPORTED.value,
                        item_id=series_id,
                        child_id=episode_id,
                        source_title=payload["source_title"],
                        quality=quality,
                        languages=languages,
                        custom_formats=payload["custom_formats"],
                        custom_format_score=int(payload["custom_format_score"]),
                        download_id=payload["download_id"],
                        date=now,
                        data={
                            "fileId": str(file_row.id),
                            "importedPath": payload["destination"],
                            "droppedPath": payload["source"],
                            "downloadClient": payload["client_name"] or "",
                            "downloadClientName": payload["client_name"] or "",
                            "releaseGroup": payload["release_group"] or "",
                            "size": str(payload["size"]),
                        },
                    )
                )
            session.delete(journal)

    def recover(self) -> int:
        """Finish (or abandon) imports a crash interrupted; returns how many were finished."""
        with self._db.session() as session:
            pending = [
                (r.id, dict(r.payload))
                for r in session.execute(
                    select(ImportJournalRow).order_by(ImportJournalRow.id)
                ).scalars()
            ]
        finished = 0
        for journal_id, payload in pending:
            try:
                self._execute(journal_id, payload)
                finished += 1
                log.info("finished interrupted import of %s", payload.get("source"))
            except (OSError, ImportFailedError) as exc:
                log.warning("could not finish interrupted import %s: %s", journal_id, exc)
        return finished

    def _import_extras(self, c: TvCandidate, media: MediaManagementConfig) -> None:
        """Subtitles and the like beside the video, renamed to follow it (best effort)."""
        assert c.destination is not None
        wanted = media.extra_extensions()
        folder = c.file.path.parent
        stem = c.file.path.stem
        try:
            siblings = sorted(folder.iterdir())
        except OSError:
            return
        videos = [p for p in siblings if p.suffix.lower() == c.file.path.suffix.lower()]
        for extra in siblings:
            if extra.is_symlink() or not extra.is_file() or extra.suffix.lower() not in wanted:
                continue
            if extra.name.startswith(stem):
                tail = extra.name[len(stem) :]
            elif len(videos) == 1:
                tail = extra.suffix.lower()
            else:
                continue
            target = c.destination.with_name(c.destination.stem + tail)
            try:
                hardlink_or_copy(extra, target, self._ownership)
            except OSError as exc:
                log.warning("extra file %s not imported: %s", extra, exc)

    # The tracker's hook -----------------------------------------------------------------

    async def import_completed_download(
        self, item: DownloadClientItem, grabbed: list[HistoryEvent]
    ) -> ImportResult:
        """Import a download the client reports complete (``CompletedDownloadImporter``).

        ``grabbed`` are the download's GRABBED history events: they say which series and
        episodes it is for. The result's ``all_imported`` tells the tracker to mark the
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
