"""Which video file in a movie folder is the movie, and what its name says about it.

A movie folder holds one movie (Radarr keeps one file per movie), often beside samples,
trailers and extras; the largest video file that is not one of those is the movie. The
name goes through the engine's release-name parser for quality, edition and group.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from mediastack.manager.library.media_files import FoundFile
from mediastack.manager.parser import parse
from mediastack.movies.library.model import FoundMovieFile

_EXTRA = re.compile(
    r"(?<![a-z0-9])(sample|trailer|featurette|behind[ ._-]the[ ._-]scenes|deleted[ ._-]scenes?)"
    r"(?![a-z0-9])",
    re.IGNORECASE,
)
_EXTRA_FOLDERS = frozenset({"sample", "samples", "trailers", "extras", "featurettes", "subs"})


def extra_kind(relative_path: str) -> str | None:
    """``sample``, ``trailer``, ``featurette``... by the file's name or its folder; None for
    what may be the movie itself."""
    parts = Path(relative_path).parts
    for part in parts[:-1]:
        if part.lower() in _EXTRA_FOLDERS:
            return part.lower().rstrip("s")
    found = _EXTRA.search(Path(parts[-1]).stem) if parts else None
    return found.group(1).lower() if found else None


def is_extra(file: FoundFile) -> bool:
    """Samples, trailers and featurettes, by their name or the folder they sit in."""
    return extra_kind(file.relative_path) is not None


def describe(file: FoundFile) -> FoundMovieFile:
    """The file with quality, edition, group and languages read from its name."""
    parsed = parse(file.path.name, "radarr", "file")
    languages = [lang for lang in (parsed.languages if parsed else ()) if lang != "unknown"]
    return FoundMovieFile(
        relative_path=file.relative_path,
        path=str(file.path),
        size=file.size,
        quality=parsed.quality.name if parsed else "Unknown",
        edition=(parsed.movie.edition or None) if parsed and parsed.movie else None,
        release_group=parsed.release_group if parsed else None,
        scene_name=None,
        languages=languages or ["unknown"],  # parser keys
    )


def pick_movie_file(files: Sequence[FoundFile]) -> FoundMovieFile | None:
    """The movie among a folder's video files: the largest that is not an extra."""
    candidates = [f for f in files if not is_extra(f)]
    if not candidates:
        return None
    best = max(candidates, key=lambda f: (f.size, -len(f.relative_path)))
    return describe(best)
