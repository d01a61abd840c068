"""Which files belong together as one album release (Lidarr's grouping rules).

A download is usually one album in one folder, sometimes one album in disc folders
("CD1", "CD2", "Album Disc 1", "Album Disc 2"), sometimes a discography with a folder per
album, and sometimes a flat heap of files from several albums. Folders come first (disc
folders of one album are one group); a folder whose tags do not look like one release is
split by album tag, and what still does not fit by artist and album tags together.

"Looks like one release": at most one release MBID and one release-group MBID, and the
album tag (and, unless it is a compilation, the artist tag) shared by at least 75% of the
files with no more than a quarter of distinct values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from pathlib import PurePosixPath

from mediastack.music.importing.filename import disc_from_folder
from mediastack.music.importing.local import LocalTrack

_TAG_THRESHOLD = 0.25
_VARIOUS_THRESHOLD = 0.75
VARIOUS_ARTISTS = frozenset({"", "various artists", "various", "va", "unknown"})
_DISC_WORD = re.compile(r"[\s._\-(\[]*(?:cd|dis[ck]|medium)[\s._-]*\d{1,2}[)\]]?\s*$", re.I)


def _folder_key(folder: str) -> tuple[str, str]:
    """Disc folders of one album share a key: ("Album", "") for "Album/CD1" and
    ("", "Album") for "Album Disc 2"; any other folder is its own key."""
    path = PurePosixPath(folder)
    if disc_from_folder(path.name) is None:
        return folder, ""
    stem = _DISC_WORD.sub("", path.name)
    return str(path.parent), stem.casefold()


def _spread(values: Sequence[Hashable]) -> tuple[int, int]:
    counts: dict[Hashable, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return len(counts), max(counts.values(), default=0)


def _too_varied(values: Sequence[Hashable], threshold: float) -> bool:
    distinct, commonest = _spread(values)
    total = len(values)
    return distinct > 1 and (distinct / total > threshold or commonest / total < 1 - threshold)


def is_various_artists(tracks: Sequence[LocalTrack]) -> bool:
    artists = [(t.artist or "").casefold() for t in tracks]
    if _too_varied(artists, _VARIOUS_THRESHOLD):
        return True
    distinct: dict[str, int] = {}
    for artist in artists:
        distinct[artist] = distinct.get(artist, 0) + 1
    commonest = max(distinct, key=lambda a: distinct[a]) if distinct else ""
    return commonest in VARIOUS_ARTISTS


def looks_like_single_release(tracks: Sequence[LocalTrack]) -> bool:
    releases = {t.release_mbid for t in tracks if t.release_mbid}
    groups = {t.release_group_mbid for t in tracks if t.release_group_mbid}
    if len(releases) > 1 or len(groups) > 1:
        return False
    if _too_varied([(t.album or "").casefold() for t in tracks], _TAG_THRESHOLD):
        return False
    if not is_various_artists(tracks):
        return not _too_varied([(t.artist or "").casefold() for t in tracks], _TAG_THRESHOLD)
    return True


def _split(
    tracks: Sequence[LocalTrack], key: Callable[[LocalTrack], Hashable]
) -> list[list[LocalTrack]]:
    groups: dict[Hashable, list[LocalTrack]] = {}
    for track in tracks:
        groups.setdefault(key(track), []).append(track)
    return list(groups.values())


def group_tracks(tracks: Sequence[LocalTrack]) -> list[list[LocalTrack]]:
    """The files split into groups that each look like one release, in folder order."""
    out: list[list[LocalTrack]] = []
    leftover: list[LocalTrack] = []
    by_folder = _split(
        sorted(tracks, key=lambda t: t.relative_path), lambda t: _folder_key(t.folder)
    )
    for group in by_folder:
        if looks_like_single_release(group):
            out.append(group)
        else:
            leftover.extend(group)
    rest: list[LocalTrack] = []
    for group in _split(leftover, lambda t: (t.album or "").casefold()):
        if looks_like_single_release(group):
            out.append(group)
        else:
            rest.extend(group)
    out.extend(_split(rest, lambda t: ((t.artist or "").casefold(), (t.album or "").casefold())))
    return out
