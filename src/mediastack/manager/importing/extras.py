"""Subtitles and the like beside an imported file, renamed to follow it (best effort)."""

from __future__ import annotations

import logging
from pathlib import Path

from mediastack.core.fs import Ownership, hardlink_or_copy

log = logging.getLogger(__name__)


def import_extras(
    source: Path, destination: Path, wanted: frozenset[str], ownership: Ownership | None
) -> list[Path]:
    """Copy (or link) the extras of ``source`` (same stem, or the only video beside them)
    next to ``destination``, keeping their tails (``.en.srt``); returns what was placed."""
    folder = source.parent
    stem = source.stem
    try:
        siblings = sorted(folder.iterdir())
    except OSError:
        return []
    videos = [p for p in siblings if p.suffix.lower() == source.suffix.lower()]
    placed = []
    for extra in siblings:
        if extra.is_symlink() or not extra.is_file() or extra.suffix.lower() not in wanted:
            continue
        if extra.name.startswith(stem):
            tail = extra.name[len(stem) :]
        elif len(videos) == 1:
            tail = extra.suffix.lower()
        else:
            continue
        target = destination.with_name(destination.stem + tail)
        try:
            hardlink_or_copy(extra, target, ownership)
        except OSError as exc:
            log.warning("extra file %s not imported: %s", extra, exc)
            continue
        placed.append(target)
    return placed
