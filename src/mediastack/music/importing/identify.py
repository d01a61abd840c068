"""Which release of which album a group of files is, and which file is which track.

For each candidate release (an edition of an album, with its track list) the files are
assigned to tracks by the least total track distance (``assignment.py``), then the release
as a whole is scored: artist and album names, disc count, year, country, the release MBID
the files carry, how well each track fits, and how many files fit no track or tracks have
no file. The closest release wins; a perfect one ends the search early.

Distances in ``distance.py``. What a track distance weighs:

* ``recording_id`` / ``track_id``: the MusicBrainz ids in the tags, when present (decisive);
* ``track_title``: the title (without "feat. ..."; MusicBrainz credits guests elsewhere);
* ``track_index``: the track number, as the position on its disc or across the release,
  with the disc number when the file says one;
* ``track_length``: seconds apart, with 10 s of grace and a full penalty at 40 s.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from mediastack.music.importing.assignment import assign
from mediastack.music.importing.distance import Distance
from mediastack.music.importing.local import LocalTrack, most_common

VARIOUS_ARTISTS_MBID = "89ad4ac3-39f7-470e-963a-56509c546377"
PREFERRED_COUNTRIES = ("US", "GB", "XE", "XW")  # the United States, the UK, Europe, worldwide
LENGTH_GRACE_SECONDS = 10.0
LENGTH_LIMIT_SECONDS = 30.0
_FEATURING = re.compile(r"\s*[(\[]?\s*\b(?:feat\.?|ft\.|featuring)\s+[^)\]]*[)\]]?\s*$", re.I)


@dataclass(frozen=True, slots=True)
class ReleaseTrack:
    mbid: str
    recording_mbid: str
    title: str
    medium: int
    position: int  # on its medium: what "{track:00}" names
    absolute: int  # across the whole release
    duration_ms: int | None
    track_id: int | None = None  # the library's track (the album's chosen release only)


@dataclass(frozen=True, slots=True)
class CandidateRelease:
    """One edition of one album of the library, with its track list."""

    artist_name: str
    artist_mbid: str
    album_title: str
    album_mbid: str
    album_year: int | None
    release_mbid: str
    release_title: str
    release_year: int | None
    countries: tuple[str, ...]
    media_formats: tuple[str, ...]
    tracks: tuple[ReleaseTrack, ...]
    album_id: int | None = None

    @property
    def media_count(self) -> int:
        return len(self.media_formats) or len({t.medium for t in self.tracks})

    def __str__(self) -> str:
        return f"{self.artist_name} - {self.album_title} ({self.release_mbid})"


@dataclass(frozen=True, slots=True)
class TrackMatch:
    local: LocalTrack
    track: ReleaseTrack
    distance: Distance


@dataclass(frozen=True, slots=True)
class ReleaseMatch:
    candidate: CandidateRelease
    distance: Distance
    matches: tuple[TrackMatch, ...]
    unmatched: tuple[LocalTrack, ...]  # files no track was left for
    missing: tuple[ReleaseTrack, ...]  # tracks no file was found for


def clean_track_title(title: str) -> str:
    return _FEATURING.sub("", title).strip()


def _index_correct(local: LocalTrack, track: ReleaseTrack) -> bool:
    """The file's number is the track's position on its disc or across the release, and
    the file's disc (when it says one) is the track's."""
    disc_ok = local.disc is None or local.disc == track.medium
    return disc_ok and local.track in (track.position, track.absolute)


def track_distance(local: LocalTrack, track: ReleaseTrack) -> Distance:
    distance = Distance()
    if track.duration_ms and local.duration:
        late = abs(local.duration - track.duration_ms / 1000) - LENGTH_GRACE_SECONDS
        distance.add_ratio("track_length", late, LENGTH_LIMIT_SECONDS)
    distance.add_string("track_title", clean_track_title(local.title or ""), track.title)
    if local.track and track.position > 0:
        distance.add_bool("track_index", not _index_correct(local, track))
    if local.recording_mbid:
        distance.add_bool("recording_id", local.recording_mbid != track.recording_mbid)
    if local.track_mbid:
        distance.add_bool("track_id", local.track_mbid != track.mbid)
    return distance


def map_tracks(
    files: Sequence[LocalTrack], candidate: CandidateRelease
) -> tuple[tuple[TrackMatch, ...], tuple[LocalTrack, ...], tuple[ReleaseTrack, ...]]:
    """The least-distance assignment of ``files`` to the release's tracks."""
    tracks = candidate.tracks
    distances = [[track_distance(f, t) for t in tracks] for f in files]
    cost = [[d.normalized() for d in row] for row in distances]
    pairs = assign(cost)
    matches = tuple(
        TrackMatch(files[r], tracks[c], distances[r][c])
        for r, c in sorted(pairs, key=lambda p: p[1])
    )
    used_files = {r for r, _ in pairs}
    used_tracks = {c for _, c in pairs}
    unmatched = tuple(f for i, f in enumerate(files) if i not in used_files)
    missing = tuple(t for i, t in enumerate(tracks) if i not in used_tracks)
    return matches, unmatched, missing


def _add_year(distance: Distance, files: Sequence[LocalTrack], candidate: CandidateRelease) -> None:
    local = most_common([f.year for f in files])
    remote = candidate.release_year or candidate.album_year
    if not local or not remote:
        return
    if local in (candidate.album_year, candidate.release_year):
        distance.add("year", 0.0)
        return
    spread = abs(datetime.now(UTC).year - remote)
    distance.add_ratio("year", abs(local - remote), spread) if spread else distance.add("year", 1.0)


def release_distance(
    files: Sequence[LocalTrack],
    candidate: CandidateRelease,
    matches: Sequence[TrackMatch],
    unmatched: Sequence[LocalTrack],
    missing: Sequence[ReleaseTrack],
) -> Distance:
    distance = Distance()
    if candidate.artist_mbid != VARIOUS_ARTISTS_MBID:
        distance.add_string(
            "artist", most_common([f.artist for f in files]) or "", candidate.artist_name
        )
    distance.add_string("album", most_common([f.album for f in files]) or "", candidate.album_title)
    discs = most_common([f.disc_count for f in files]) or max(
        (f.disc or 0 for f in files), default=0
    )
    if discs:
        distance.add_number("media_count", discs, candidate.media_count)
    if any(fmt in ("", "Unknown") for fmt in candidate.media_formats):
        distance.add("media_format", 1.0)
    _add_year(distance, files, candidate)
    if candidate.countries:
        distance.add_priority("country", candidate.countries, PREFERRED_COUNTRIES)
    else:
        distance.add("country", 1.0)
    release_id = most_common([f.release_mbid for f in files])
    group_id = most_common([f.release_group_mbid for f in files])
    if release_id:
        distance.add_bool("album_id", release_id != candidate.release_mbid)
    elif group_id:
        distance.add_bool("album_id", group_id != candidate.album_mbid)
    for match in matches:
        distance.add("tracks", match.distance.normalized())
    for _ in list(unmatched)[: len(files)]:
        distance.add("unmatched_tracks", 1.0)
    for _ in list(missing)[: len(files)]:
        distance.add("missing_tracks", 1.0)
    return distance


def match_release(files: Sequence[LocalTrack], candidate: CandidateRelease) -> ReleaseMatch:
    matches, unmatched, missing = map_tracks(files, candidate)
    distance = release_distance(files, candidate, matches, unmatched, missing)
    return ReleaseMatch(candidate, distance, matches, unmatched, missing)


def best_release(
    files: Sequence[LocalTrack], candidates: Sequence[CandidateRelease]
) -> ReleaseMatch | None:
    """The closest of ``candidates``; when every file names the same release MBID and a
    candidate is that release, only it is tried (the tags say which edition this is)."""
    if not files or not candidates:
        return None
    tagged = {f.release_mbid for f in files}
    if len(tagged) == 1 and None not in tagged:
        named = [c for c in candidates if c.release_mbid in tagged]
        candidates = named or candidates
    ordered = sorted(candidates, key=lambda c: abs(len(c.tracks) - len(files)))
    best: ReleaseMatch | None = None
    for candidate in ordered:
        found = match_release(files, candidate)
        if best is None or found.distance.normalized() < best.distance.normalized():
            best = found
            if best.distance.normalized() == 0.0:
                break
    return best
