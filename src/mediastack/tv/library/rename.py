"""Renaming existing episode files to the naming scheme (Sonarr's RenameFiles/RenameSeries).

``previews`` says what would change (``GET /rename``); ``rename_files`` does it: each file
is moved inside its series folder to the name the scheme gives it now, never over an
existing file and never out of the folder, and the library records the new place. What
was renamed, with the previous relative paths, goes to the library's listeners (the
Rename notification autoscan-style refreshers read ``previousPath`` from).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mediastack.core.fs import Ownership, PathEscapeError, atomic_move, confine
from mediastack.manager.importing.media_info import MediaInfo
from mediastack.tv.library.model import Episode, EpisodeFile, Series
from mediastack.tv.library.store import TvLibraryStore
from mediastack.tv.naming import EpisodeFacts, FileFacts, SeriesFacts, TvNamer

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RenamePreview:
    series_id: int
    season_number: int
    episode_numbers: tuple[int, ...]
    file_id: int
    existing_path: str  # relative to the series folder
    new_path: str


def _facts(file: EpisodeFile) -> FileFacts:
    stem = PurePosixPath(file.relative_path).stem
    return FileFacts(
        quality=file.quality,
        release_group=file.release_group,
        scene_name=file.scene_name,
        original_name=file.scene_name or stem,
        media_info=MediaInfo.from_stored(file.media_info),
    )


def previews(
    store: TvLibraryStore, namer: TvNamer, series: Series, season: int | None = None
) -> list[RenamePreview]:
    """The files whose name differs from what the scheme gives them now."""
    by_file: dict[int, list[Episode]] = defaultdict(list)
    for episode in store.episodes(series.id, season):
        if episode.episode_file_id is not None:
            by_file[episode.episode_file_id].append(episode)
    out = []
    for file in store.files(series.id, list(by_file)) if by_file else []:
        episodes = sorted(by_file[file.id], key=lambda e: (e.season_number, e.episode_number))
        extension = PurePosixPath(file.relative_path).suffix
        wanted = namer.relative_path(
            SeriesFacts.of(series),
            [EpisodeFacts.of(e) for e in episodes],
            _facts(file),
            extension,
            series.season_folder,
        )
        if wanted != file.relative_path:
            out.append(
                RenamePreview(
                    series.id,
                    file.season_number,
                    tuple(e.episode_number for e in episodes),
                    file.id,
                    file.relative_path,
                    wanted,
                )
            )
    return out


class RenameError(Exception):
    pass


def rename_files(
    store: TvLibraryStore,
    namer: TvNamer,
    series: Series,
    file_ids: Iterable[int] | None = None,
    ownership: Ownership | None = None,
) -> tuple[list[tuple[EpisodeFile, str]], list[str]]:
    """Rename (all, or the given) files of ``series``: (renamed with previous relative
    path, problems). A file that cannot be moved is left where it is and reported."""
    wanted = None if file_ids is None else set(file_ids)
    renamed: list[tuple[EpisodeFile, str]] = []
    problems: list[str] = []
    folder = Path(series.path)
    for preview in previews(store, namer, series):
        if wanted is not None and preview.file_id not in wanted:
            continue
        try:
            source = confine(folder, preview.existing_path)
            target = confine(folder, preview.new_path)
            if not source.is_file():
                raise RenameError(f"{preview.existing_path} is not on disk")
            if target.exists():
                raise RenameError(f"{preview.new_path} already exists")
            atomic_move(source, target, ownership)
        except (OSError, PathEscapeError, RenameError) as exc:
            problems.append(f"{preview.existing_path}: {exc}")
            log.warning("could not rename %s: %s", preview.existing_path, exc)
            continue
        moved = store.move_file(preview.file_id, preview.new_path, str(target))
        if moved is not None:
            renamed.append((moved, preview.existing_path))
    return renamed, problems
