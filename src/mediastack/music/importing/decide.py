"""Accept or refuse each file of an album, with a reason a person can act on.

Lidarr's thresholds: an album whose distance is above 20% is not imported, nor is a file
whose track distance is above 40%. A *new download* is judged strictly: a file that fits
no track, or a track the download lacks, stops the whole album (a partial or padded
album is something to look at, not to file away); anything refused goes to manual import
with its reasons. Files already in the library (a rescan, a manual import of a folder) are
judged on how well they fit, ignoring what is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mediastack.music.importing.distance import Distance
from mediastack.music.importing.grouping import group_tracks
from mediastack.music.importing.identify import (
    CandidateRelease,
    ReleaseMatch,
    ReleaseTrack,
    best_release,
)
from mediastack.music.importing.local import LocalTrack, most_common

ALBUM_THRESHOLD = 0.20
TRACK_THRESHOLD = 0.40
_IGNORED_WHEN_LENIENT = ("missing_tracks", "unmatched_tracks")

CandidateSource = Callable[[Sequence[LocalTrack]], Sequence[CandidateRelease]]


@dataclass(frozen=True, slots=True)
class FileDecision:
    local: LocalTrack
    track: ReleaseTrack | None
    distance: Distance | None
    rejections: tuple[str, ...] = ()

    @property
    def approved(self) -> bool:
        return self.track is not None and not self.rejections


@dataclass(frozen=True, slots=True)
class AlbumDecision:
    files: tuple[LocalTrack, ...]
    match: ReleaseMatch | None
    rejections: tuple[str, ...]  # about the album as a whole
    decisions: tuple[FileDecision, ...]

    @property
    def approved(self) -> bool:
        return not self.rejections and any(d.approved for d in self.decisions)

    @property
    def candidate(self) -> CandidateRelease | None:
        return self.match.candidate if self.match else None


def _label(files: Sequence[LocalTrack]) -> str:
    artist = most_common([f.artist for f in files]) or "Unknown artist"
    album = most_common([f.album for f in files]) or "unknown album"
    return f"{artist} - {album}"


def _too_far(what: str, distance: Distance, value: float, threshold: float) -> str:
    reasons = distance.reasons
    detail = f" [{', '.join(reasons)}]" if reasons else ""
    return f"{what} is not close enough: {value:.1%} vs {threshold:.0%}{detail}"


def album_rejections(match: ReleaseMatch, strict: bool) -> list[str]:
    out: list[str] = []
    distance = match.distance
    value = distance.normalized(skip=() if strict else _IGNORED_WHEN_LENIENT)
    if value > ALBUM_THRESHOLD:
        out.append(_too_far("Album match", distance, value, ALBUM_THRESHOLD))
    if strict and match.unmatched:
        out.append("Has unmatched tracks")
    if strict and match.missing:
        out.append(f"Has missing tracks ({len(match.missing)} of {len(match.candidate.tracks)})")
    if strict and match.matches:
        worst = max(match.matches, key=lambda m: m.distance.normalized())
        worst_value = worst.distance.normalized()
        if worst_value > TRACK_THRESHOLD:
            out.append(
                _too_far("Worst track match", worst.distance, worst_value, TRACK_THRESHOLD)
                + f" ({worst.local.relative_path})"
            )
    return out


def decide_album(
    files: Sequence[LocalTrack], candidates: Sequence[CandidateRelease], strict: bool
) -> AlbumDecision:
    """The decision for one group of files against the releases they may be."""
    match = best_release(files, candidates)
    if match is None:
        reason = f"Couldn't find a similar album for {_label(files)}"
        refused = tuple(FileDecision(f, None, None, (reason,)) for f in files)
        return AlbumDecision(tuple(files), None, (reason,), refused)
    album_reasons = tuple(album_rejections(match, strict))
    decisions: list[FileDecision] = []
    for found in match.matches:
        own: list[str] = []
        value = found.distance.normalized()
        if value > TRACK_THRESHOLD:
            own.append(_too_far("Track match", found.distance, value, TRACK_THRESHOLD))
        decisions.append(
            FileDecision(found.local, found.track, found.distance, (*own, *album_reasons))
        )
    for extra in match.unmatched:
        reason = f"Not matched to any track of {match.candidate.album_title}"
        decisions.append(FileDecision(extra, None, None, (reason, *album_reasons)))
    decisions.sort(key=lambda d: d.local.relative_path)
    return AlbumDecision(tuple(files), match, album_reasons, tuple(decisions))


def identify(
    tracks: Sequence[LocalTrack], candidates_for: CandidateSource, strict: bool
) -> list[AlbumDecision]:
    """Group the files into releases and decide each group against its candidates."""
    return [decide_album(group, candidates_for(group), strict) for group in group_tracks(tracks)]
