"""The music side of the import engine: audio files become track files of an artist.

``identify`` reads every file of a batch at once, groups them into releases and matches
each group against the artist's albums (``decide.py``), so an album's tracks are matched
together; each file then fills one track. The album-level verdict depends on where the
files come from, which ``identify`` does not know: it keeps both (a strict one for new
downloads, a lenient one for files already in the library or picked by hand) and the
domain's specification applies the right one to each candidate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from mediastack.core.db import Database
from mediastack.manager.importing.candidate import FileHint, Identified, ImportCandidate, Placement
from mediastack.manager.importing.decisions import ImportSpecification, Rejection
from mediastack.manager.importing.journal import ImportRecord
from mediastack.manager.importing.naming import candidate_facts
from mediastack.manager.importing.specs import ExistingFile
from mediastack.manager.naming.facts import FileFacts
from mediastack.manager.parser import ParsedRelease, parse
from mediastack.manager.parser.model import App, Revision
from mediastack.manager.quality import by_name
from mediastack.manager.search.domain import PlainIds
from mediastack.music.importing.candidates import chosen_release
from mediastack.music.importing.decide import AlbumDecision, album_rejections, decide_album
from mediastack.music.importing.distance import string_distance
from mediastack.music.importing.grouping import group_tracks
from mediastack.music.importing.identify import CandidateRelease
from mediastack.music.importing.local import LocalTrack, most_common, read_local_tracks
from mediastack.music.importing.rows import FILES, MusicImportJournalRow
from mediastack.music.library.model import Album, Artist, Track
from mediastack.music.library.store import MusicLibraryStore
from mediastack.music.naming import (
    AlbumFacts,
    ArtistFacts,
    MusicNamer,
    MusicNamingConfig,
    TrackFacts,
)
from mediastack.music.search.mapping import ArtistMatcher
from mediastack.music.tags import AUDIO_EXTENSIONS

MusicImportCandidate = ImportCandidate[Artist, Track]
UNKNOWN_ARTIST = "Unknown Artist"
ALBUM_TITLE_SPREAD = 0.5  # albums whose title is this far from the files' album tag are skipped


def track_label(track: Track) -> str:
    return f"{track.track_number} - {track.title}"


class _Library:
    """The artist's albums and tracks, read once per identification."""

    def __init__(self, store: MusicLibraryStore, artist: Artist) -> None:
        self.artist = artist
        self.albums = store.albums(artist.id)
        self.tracks = store.tracks(artist.id)
        self.by_id = {t.id: t for t in self.tracks}

    def candidates(self, files: Sequence[LocalTrack]) -> list[CandidateRelease]:
        """The albums worth matching: the one the tags name, else those whose title is
        near the files' album tag, else all (with a track list)."""
        group_ids = {f.release_group_mbid for f in files if f.release_group_mbid}
        named = [a for a in self.albums if a.mbid in group_ids]
        tag = most_common([f.album for f in files])
        near = [
            a for a in self.albums if tag and string_distance(tag, a.title) <= ALBUM_TITLE_SPREAD
        ]
        out = []
        for album in named or near or self.albums:
            found = chosen_release(self.artist, album, self.tracks)
            if found is not None:
                out.append(found)
        return out


class MusicImportDomain(PlainIds):
    app: App = "lidarr"
    extensions = AUDIO_EXTENSIONS
    journal_row = MusicImportJournalRow

    def __init__(
        self,
        database: Database,
        store: MusicLibraryStore,
        naming: Callable[[], MusicNamingConfig],
    ) -> None:
        self._db = database
        self.store = store
        self.naming = naming

    # What a file is ---------------------------------------------------------------------

    def _artist_for(
        self, files: Sequence[LocalTrack], chosen: int | None, matcher: ArtistMatcher
    ) -> Artist | None:
        if chosen is not None:
            return self.store.get(chosen)
        mbid = most_common([f.artist_mbid for f in files])
        if mbid:
            found = self.store.find(mbid)
            if found is not None:
                return found
        name = most_common([f.artist for f in files])
        return matcher.match(name) if name else None

    def identify(self, hints: Sequence[FileHint]) -> list[Identified[Artist, Track]]:
        by_path = {str(h.file.path): h for h in hints}
        release_name = most_common([h.file.folder_name for h in hints])
        tracks, unreadable = read_local_tracks([h.file for h in hints], release_name)
        results: dict[str, Identified[Artist, Track]] = {}
        parsed = parse(release_name, "lidarr") if release_name else None
        for bad in unreadable:
            hint = by_path[str(bad.path)]
            results[str(bad.path)] = Identified(hint.file, parsed, error=bad.reason)
        matcher = ArtistMatcher(self.store.all())
        libraries: dict[int, _Library] = {}
        for group in group_tracks(tracks):
            chosen = most_common([by_path[str(t.path)].subject_id for t in group])
            artist = self._artist_for(group, chosen, matcher)
            if artist is None:
                for local in group:
                    hint = by_path[str(local.path)]
                    results[str(local.path)] = Identified(hint.file, parsed, error=UNKNOWN_ARTIST)
                continue
            library = libraries.setdefault(artist.id, _Library(self.store, artist))
            decision = decide_album(group, library.candidates(group), strict=True)
            for local in group:
                hint = by_path[str(local.path)]
                results[str(local.path)] = self._identified(hint, parsed, library, decision, local)
        return [results[str(h.file.path)] for h in hints]

    def _identified(
        self,
        hint: FileHint,
        parsed: ParsedRelease | None,
        library: _Library,
        decision: AlbumDecision,
        local: LocalTrack,
    ) -> Identified[Artist, Track]:
        quality = (by_name("lidarr", local.quality), Revision())
        extra: dict[str, Any] = {"tags": local.tags.as_dict(), "mediaInfo": local.tags.media_info()}
        if hint.item_ids:  # a person chose the tracks: no matching, no distance rules
            chosen = tuple(library.by_id[i] for i in hint.item_ids if i in library.by_id)
            if not chosen:
                error = "The chosen tracks are not the artist's"
                return Identified(hint.file, parsed, library.artist, error=error)
            return Identified(
                hint.file, parsed, library.artist, chosen, quality=quality,
                extra={**extra, "albumId": chosen[0].album_id, "manual": True},
            )  # fmt: skip
        own = next(d for d in decision.decisions if d.local is local)
        if own.track is None or own.track.track_id not in library.by_id:
            reason = own.rejections[0] if own.rejections else "Not matched to any track"
            return Identified(hint.file, parsed, library.artist, error=reason)
        track = library.by_id[own.track.track_id]
        match = decision.match
        assert match is not None
        track_reasons = [r for r in own.rejections if r not in decision.rejections]
        extra |= {
            "albumId": track.album_id,
            "releaseMbid": match.candidate.release_mbid,
            "distance": round(match.distance.normalized(), 4),
            "trackReasons": track_reasons,
            "strictReasons": list(decision.rejections),
            "lenientReasons": album_rejections(match, strict=False),
        }
        return Identified(hint.file, parsed, library.artist, (track,), quality=quality, extra=extra)

    def item_label(self, item: Track) -> str:
        return track_label(item)

    def history_ids(self, candidate: MusicImportCandidate) -> list[int]:
        return sorted({t.album_id for t in candidate.items})

    def specifications(self) -> Sequence[ImportSpecification[MusicImportCandidate]]:
        return (close_match,)

    # What the tracks have, where the file goes ------------------------------------------

    def existing_files(self, subject: Artist, items: Sequence[Track]) -> list[ExistingFile]:
        file_ids = sorted({t.track_file_id for t in items if t.track_file_id is not None})
        return FILES.existing(self._db, self.store.files(file_ids=file_ids) if file_ids else [])

    def placement(self, candidate: MusicImportCandidate) -> Placement:
        artist = candidate.subject
        assert artist is not None and candidate.items
        track = candidate.items[0]
        album = self.store.album(track.album_id)
        assert album is not None
        siblings = self.store.tracks(album_id=album.id)
        position = 1 + sum(
            1
            for t in siblings
            if t.medium_number == track.medium_number and t.absolute_number < track.absolute_number
        )
        file = candidate_facts(candidate, FileFacts)
        relative = MusicNamer(self.naming()).track_path(
            ArtistFacts(artist.name, artist.mbid, artist.disambiguation, tuple(artist.genres)),
            _album_facts(album),
            _track_facts(album, track, position),
            file,
            candidate.file.path.suffix.lower(),
            candidate.extra.get("mediaInfo"),
        )
        return Placement(Path(artist.path), relative)

    # The rows of one import -------------------------------------------------------------

    def commit(self, session: Session, record: ImportRecord) -> int:
        FILES.replace(session, record)
        row = FILES.imported_row(session, record)
        row.album_id = int(record.extra["albumId"])
        row.audio_tags = dict(record.extra.get("tags") or {})
        return FILES.finish(session, row, record)


def _album_facts(album: Album) -> AlbumFacts:
    chosen = album.chosen_release or {}
    return AlbumFacts(
        title=album.title,
        release_date=album.release_date,
        album_type=album.album_type,
        mbid=album.mbid,
        disambiguation=album.disambiguation,
        genres=tuple(album.genres),
        media_count=max(len(chosen.get("media") or []), 1),
    )


def _track_facts(album: Album, track: Track, position: int) -> TrackFacts:
    media = (album.chosen_release or {}).get("media") or []
    medium: dict[str, Any] = next((m for m in media if m.get("number") == track.medium_number), {})
    return TrackFacts(
        title=track.title,
        position=position,
        medium=track.medium_number,
        medium_name=str(medium.get("name") or ""),
        medium_format=str(medium.get("format") or "CD"),
    )


def close_match(candidate: MusicImportCandidate) -> Rejection | None:
    """Lidarr's match rules: the track's own distance always; the album's, strictly for a
    new download (nothing missing, nothing extra) and leniently otherwise."""
    extra = candidate.extra
    if extra.get("manual") or not candidate.items:
        return None
    reasons = list(extra.get("trackReasons") or [])
    new_download = candidate.grabbed_item_ids is not None or candidate.download_id is not None
    reasons += list(extra.get("strictReasons" if new_download else "lenientReasons") or [])
    return Rejection("; ".join(reasons)) if reasons else None
