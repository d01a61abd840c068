"""Matching real rips to MusicBrainz releases: tags, names, editions, discs, bad input.

Every test writes real audio files (ffmpeg, then tags as Picard writes them) for albums
whose track lists are the recorded MusicBrainz answers, reads them back the way an import
does and checks which release, which tracks, or which reasons come out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from mediastack.manager.library.media_files import find_files
from mediastack.music.importing.decide import AlbumDecision, identify
from mediastack.music.importing.identify import CandidateRelease
from mediastack.music.importing.local import LocalTrack, read_local_tracks
from mediastack.music.metadata.models import ReleaseInfo, TrackInfo
from mediastack.music.tags import AUDIO_EXTENSIONS
from tests.support.audio import encode
from tests.support.fake_musicbrainz import MULTIDISC_RELEASE, PLUS_RELEASE
from tests.support.music_releases import (
    CARELESS_GROUP,
    PLUS_DELUXE,
    candidate,
    careless,
    picard_tags,
    plus,
    plus_deluxe,
    rip,
)


def _read(folder: Path, release_name: str | None = None) -> list[LocalTrack]:
    tracks, unreadable = read_local_tracks(find_files(folder, AUDIO_EXTENSIONS), release_name)
    assert not unreadable
    return tracks


def _decide(
    tracks: list[LocalTrack], candidates: list[CandidateRelease], strict: bool = True
) -> list[AlbumDecision]:
    return identify(tracks, lambda group: candidates, strict)


def _plain_tags(release: ReleaseInfo, track: TrackInfo) -> Mapping[str, str]:
    """What a tagger without MusicBrainz writes: names and numbers, no ids."""
    tags = picard_tags(release, track)
    return {k: v for k, v in tags.items() if not k.startswith("musicbrainz")}


def _by_file(decision: AlbumDecision) -> dict[str, str]:
    return {d.local.path.name: d.track.title for d in decision.decisions if d.track is not None}


def test_picard_tagged_album_matches_by_ids(tmp_path: Path) -> None:
    release = plus()
    rip(tmp_path / "Ed Sheeran - + (2011) [FLAC]", release)
    [decision] = _decide(_read(tmp_path), [candidate(release), candidate(plus_deluxe())])
    assert decision.approved and decision.rejections == ()
    assert decision.candidate is not None and decision.candidate.release_mbid == PLUS_RELEASE
    assert decision.match is not None and decision.match.distance.normalized() < 0.05
    for file in decision.decisions:
        assert file.approved and file.track is not None
        assert file.track.mbid == file.local.track_mbid
        assert file.track.recording_mbid == file.local.recording_mbid
    assert len(decision.decisions) == 12


def test_the_edition_whose_track_list_fits_wins(tmp_path: Path) -> None:
    """No ids in the tags: 16 files are the deluxe edition, 12 the standard one."""
    standard, deluxe = plus(), plus_deluxe()
    choices = [candidate(standard), candidate(deluxe)]
    rip(tmp_path / "deluxe", deluxe, tags=_plain_tags)
    rip(tmp_path / "standard", standard, tags=_plain_tags)
    [first] = _decide(_read(tmp_path / "deluxe"), choices)
    [second] = _decide(_read(tmp_path / "standard"), choices)
    assert first.approved and first.candidate is not None
    assert first.candidate.release_mbid == PLUS_DELUXE
    assert _by_file(first)["16 - Gold Rush.flac"] == "Gold Rush"
    assert second.approved and second.candidate is not None
    assert second.candidate.release_mbid == PLUS_RELEASE


def test_tagless_rip_matches_by_file_names_and_lengths(tmp_path: Path) -> None:
    release = plus()
    folder = tmp_path / "Ed Sheeran - + (2011) [FLAC]"
    rip(folder, release, tags=None)
    tracks = _read(tmp_path)
    assert all(t.from_name and t.artist == "Ed Sheeran" and t.album == "+" for t in tracks)
    assert {t.year for t in tracks} == {2011}
    [decision] = _decide(tracks, [candidate(release)])
    assert decision.approved, decision.rejections
    assert _by_file(decision)["10 - You Need Me, I Don't Need You.flac"] == (
        "You Need Me, I Don't Need You"
    )


def test_scene_named_tagless_files(tmp_path: Path) -> None:
    release = plus()

    def scene(r: ReleaseInfo, t: TrackInfo) -> str:
        return f"{t.absolute_number:02d}-ed_sheeran-{t.title.lower().replace(' ', '_')}"

    rip(tmp_path / "Ed_Sheeran-Plus-CD-FLAC-2011-GRP", release, tags=None, name=scene)
    tracks = _read(tmp_path)
    assert {t.artist for t in tracks} == {"ed sheeran"}
    [decision] = _decide(tracks, [candidate(release)])
    assert decision.approved, decision.rejections
    assert len([d for d in decision.decisions if d.approved]) == 12


def test_multi_disc_folders_decide_the_medium(tmp_path: Path) -> None:
    """Untagged files in CD1/CD2, each disc numbered from 1: the folders place them."""
    release = careless()
    rip(tmp_path / "Ed Sheeran - ケアレス (2021)", release, tags=None, disc_folders=True)
    tracks = _read(tmp_path)
    assert sorted((t.disc, t.track) for t in tracks) == [
        (1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 2), (2, 3)
    ]  # fmt: skip
    choice = candidate(release, "ケアレス", CARELESS_GROUP, album_year=2021)
    [decision] = _decide(tracks, [choice])
    assert decision.approved, decision.rejections
    placed = {
        (d.local.disc, d.local.track): (d.track.medium, d.track.position)
        for d in decision.decisions
        if d.track
    }
    assert all(file == track for file, track in placed.items()) and len(placed) == 7


def test_numbers_alone_are_placed_but_not_trusted(tmp_path: Path) -> None:
    """Files called "01".."04" in CD1/CD2 with no tags: placed right by disc folder and
    length, but without titles the match is too weak to import without a person."""
    release = careless()
    rip(
        tmp_path / "Careless",
        release,
        tags=None,
        name=lambda r, t: f"{int(t.number):02d}",
        disc_folders=True,
    )
    choice = candidate(release, "ケアレス", CARELESS_GROUP, album_year=2021)
    [decision] = _decide(_read(tmp_path), [choice], strict=False)
    placed = {
        d.local.relative_path: (d.track.medium, d.track.position)
        for d in decision.decisions
        if d.track
    }
    assert placed == {
        f"Careless/CD{m}/{p:02d}.flac": (m, p)
        for m, p in [(1, 1), (1, 2), (1, 3), (1, 4), (2, 1), (2, 2), (2, 3)]
    }
    assert not decision.approved
    first = decision.decisions[0].rejections[0]
    assert first == "Track match is not close enough: 50.0% vs 40% [track_title]"


def test_disc_numbers_in_tags_group_one_album(tmp_path: Path) -> None:
    release = careless()
    rip(tmp_path / "Careless", release, disc_folders=True)
    tracks = _read(tmp_path)
    choice = candidate(release, "ケアレス", CARELESS_GROUP, album_year=2021)
    [decision] = _decide(tracks, [choice])
    assert decision.approved, decision.rejections
    assert decision.candidate is not None and decision.candidate.release_mbid == MULTIDISC_RELEASE
    assert all(d.track and d.track.medium == d.local.disc for d in decision.decisions)


def test_unreadable_files_are_reported_not_matched(tmp_path: Path) -> None:
    release = plus()
    folder = tmp_path / "Ed Sheeran - + (2011)"
    rip(folder, release)
    (folder / "13 - Bonus.flac").write_bytes(b"this is not audio")
    tracks, unreadable = read_local_tracks(find_files(tmp_path, AUDIO_EXTENSIONS))
    assert [u.path.name for u in unreadable] == ["13 - Bonus.flac"]
    assert "Not a readable audio file" in unreadable[0].reason
    [decision] = _decide(tracks, [candidate(release)])
    assert decision.approved and len(decision.decisions) == 12


def test_a_stray_file_blocks_a_new_download_with_reasons(tmp_path: Path) -> None:
    release = plus()
    folder = tmp_path / "Ed Sheeran - + (2011)"
    rip(folder, release)
    encode(
        folder / "99 - Hidden Interview",
        "flac-16",
        600.0,
        picard_tags(release, release.tracks[0])
        | {
            "title": "Hidden Interview",
            "tracknumber": "99",
            "musicbrainz_trackid": "",
            "musicbrainz_releasetrackid": "",
        },
    )
    [strict] = _decide(_read(tmp_path), [candidate(release)])
    assert not strict.approved and "Has unmatched tracks" in strict.rejections
    stray = next(d for d in strict.decisions if d.local.path.name.startswith("99"))
    assert stray.track is None and stray.rejections[0] == "Not matched to any track of +"
    [lenient] = _decide(_read(tmp_path), [candidate(release)], strict=False)
    assert lenient.approved and sum(d.approved for d in lenient.decisions) == 12


def test_a_partial_download_is_refused_but_a_partial_library_is_not(tmp_path: Path) -> None:
    release = plus()
    rip(tmp_path / "Ed Sheeran - +", release, only=lambda t: t.absolute_number <= 6)
    [strict] = _decide(_read(tmp_path), [candidate(release)])
    assert strict.rejections == ("Has missing tracks (6 of 12)",)
    [lenient] = _decide(_read(tmp_path), [candidate(release)], strict=False)
    assert lenient.approved and sum(d.approved for d in lenient.decisions) == 6


def test_musicbrainz_ids_are_decisive(tmp_path: Path) -> None:
    """A file whose ids name another recording is refused however well its title fits."""
    release = plus()

    def foreign(r: ReleaseInfo, t: TrackInfo) -> Mapping[str, str]:
        tags = picard_tags(r, t)
        if t.absolute_number == 2:
            tags["musicbrainz_trackid"] = "00000000-0000-4000-8000-000000000001"
            tags["musicbrainz_releasetrackid"] = "00000000-0000-4000-8000-000000000002"
        return tags

    rip(tmp_path / "+", release, tags=foreign)
    [decision] = _decide(_read(tmp_path), [candidate(release)])
    drunk = next(d for d in decision.decisions if d.local.title == "Drunk")
    assert drunk.track is not None and drunk.track.title == "Drunk"
    assert drunk.rejections[0] == (
        "Track match is not close enough: 62.5% vs 40% [recording_id, track_id]"
    )
    assert not decision.approved
    assert any(r.startswith("Worst track match is not close enough") for r in decision.rejections)


def test_another_album_is_too_far(tmp_path: Path) -> None:
    rip(tmp_path / "Careless", careless())
    [decision] = _decide(_read(tmp_path), [candidate(plus())], strict=False)
    assert not decision.approved
    assert decision.rejections[0].startswith("Album match is not close enough:")
    assert "album_id" in decision.rejections[0] and "album" in decision.rejections[0]
    assert all(not d.approved for d in decision.decisions)


def test_no_candidates_says_so(tmp_path: Path) -> None:
    rip(tmp_path / "+", plus(), only=lambda t: t.absolute_number == 1)
    [decision] = _decide(_read(tmp_path), [])
    assert decision.rejections == ("Couldn't find a similar album for Ed Sheeran - +",)


def test_two_albums_in_one_download_are_two_groups(tmp_path: Path) -> None:
    choices = [
        candidate(plus()),
        candidate(careless(), "ケアレス", CARELESS_GROUP, album_year=2021),
    ]
    rip(tmp_path / "Discography" / "2011 - +", plus())
    rip(tmp_path / "Discography" / "2021 - Careless", careless())
    decisions = _decide(_read(tmp_path), choices)
    assert [d.candidate.album_title for d in decisions if d.candidate] == ["+", "ケアレス"]
    assert all(d.approved for d in decisions)


def test_a_flat_heap_is_split_by_album_tag(tmp_path: Path) -> None:
    choices = [
        candidate(plus()),
        candidate(careless(), "ケアレス", CARELESS_GROUP, album_year=2021),
    ]
    rip(tmp_path / "heap", plus(), name=lambda r, t: f"a{t.absolute_number:02d}")
    rip(tmp_path / "heap", careless(), name=lambda r, t: f"b{t.absolute_number:02d}")
    decisions = _decide(_read(tmp_path), choices)
    assert sorted(len(d.files) for d in decisions) == [7, 12]
    assert all(d.approved for d in decisions)


def test_files_without_lengths_still_match(tmp_path: Path) -> None:
    release = plus()
    short = dataclasses.replace(
        release, tracks=[dataclasses.replace(t, duration_ms=None) for t in release.tracks or []]
    )
    rip(tmp_path / "+", release, only=lambda t: t.absolute_number <= 3)
    [decision] = _decide(_read(tmp_path), [candidate(short)], strict=False)
    assert decision.approved and all(
        "track_length" not in (d.distance.penalties if d.distance else {})
        for d in decision.decisions
    )
