"""Which track of the library an audio file is, from its tags (and, failing that, its name).

Evidence in the order Lidarr trusts it: the MusicBrainz release-track id, then the
recording id (unique within an album's track list), then album + disc + track number, then
a ``[disc-]track`` number at the start of the file name inside an album's folder. One pure
function over plain records, so the import pipeline can reuse it unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import PurePosixPath

from mediastack.music.library.model import Album, Track
from mediastack.music.tags import AudioTags

_LEADING_NUMBER = re.compile(r"^(?:(?P<disc>\d{1,2})[-.](?=\d))?(?P<track>\d{1,3})(?!\d)")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _norm(text: str | None) -> str:
    ascii_text = unicodedata.normalize("NFKC", text or "").casefold()
    return _NON_WORD.sub("", ascii_text) or ascii_text.strip()


def _album_for(tags: AudioTags | None, folder: str, albums: Sequence[Album]) -> Album | None:
    if tags is not None:
        for album in albums:
            if tags.release_group_mbid and tags.release_group_mbid.lower() == album.mbid:
                return album
            if tags.release_mbid and tags.release_mbid.lower() in {
                str(r.get("mbid")) for r in album.releases
            }:
                return album
        wanted = _norm(tags.album)
        if wanted:
            for album in albums:
                if _norm(album.title) == wanted:
                    return album
    folder_name = _norm(folder)
    if folder_name:
        for album in albums:
            title = _norm(album.title)
            if title and (folder_name == title or folder_name.endswith(title)):
                return album
    return None


def match_track(
    relative_path: str,
    tags: AudioTags | None,
    albums: Sequence[Album],
    tracks: Sequence[Track],
) -> Track | None:
    """The track ``relative_path`` (under the artist folder) holds, or None."""
    if tags is not None:
        for key, value in (("mbid", tags.track_mbid), ("recording_mbid", tags.recording_mbid)):
            if value:
                hits = [t for t in tracks if getattr(t, key) == value.lower()]
                if len(hits) == 1:
                    return hits[0]
    parts = PurePosixPath(relative_path).parts
    folder = parts[-2] if len(parts) > 1 else ""
    album = _album_for(tags, folder, albums)
    if album is None:
        return None
    own = [t for t in tracks if t.album_id == album.id]
    disc = tags.disc_number if tags and tags.disc_number else None
    number = tags.track_number if tags and tags.track_number else None
    if number is None:
        match = _LEADING_NUMBER.match(PurePosixPath(relative_path).name)
        if match is None:
            return None
        number = int(match.group("track"))
        disc = disc or (int(match.group("disc")) if match.group("disc") else None)
    media = {t.medium_number for t in own}
    if disc is None and len(media) > 1:
        hits = [t for t in own if t.absolute_number == number]
    else:
        hits = [
            t
            for t in own
            if t.medium_number == (disc or 1)
            and t.track_number.isdigit()
            and int(t.track_number) == number
        ]
    return hits[0] if len(hits) == 1 else None
