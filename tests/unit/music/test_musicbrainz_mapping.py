"""The MusicBrainz mapping against the recorded WS/2 and Cover Art Archive answers."""

from __future__ import annotations

from datetime import date

from mediastack.music.metadata.musicbrainz_mapping import (
    choose_release,
    front_cover,
    map_artist,
    map_release,
    map_release_group,
    partial_date,
)
from tests.support.fake_musicbrainz import load


def test_artist_with_url_rels_tags_and_rating() -> None:
    info = map_artist(
        load("artist_b8a7c51f_ed_sheeran_url-rels_releases_ratings_tags_mbandroid.json")
    )
    assert info.mbid == "b8a7c51f-362c-4dcb-a259-bc6e0095f0a6" and info.name == "Ed Sheeran"
    assert info.sort_name == "Sheeran, Ed" and info.artist_type == "Person"
    assert info.status == "continuing" and info.albums is None
    assert "Dance-Pop" in info.genres and not any("Sillyname" in g for g in info.genres)
    assert info.rating == 8.5 and info.rating_votes == 4
    assert any(link.name == "allmusic" for link in info.links)
    assert len({link.url for link in info.links}) == len(info.links)


def test_ended_artist_and_aliases() -> None:
    assert map_artist(load("artist_b21ef19b_serge_gainsbourg_ended_picard.json")).status == "ended"
    ed = map_artist(load("artist_b8a7c51f_ed_sheeran_aliases_picard.json"))
    assert "Shearan" in ed.aliases and ed.links == [] and ed.genres == []


def test_release_group_with_releases() -> None:
    album = map_release_group(
        load("release-group_05ce100c_with_releases_artist-credits_url-rels_mbandroid.json")
    )
    assert album.title == "+" and album.album_type == "Album" and album.secondary_types == []
    assert album.release_date == date(2011, 9, 9) and album.artist_name == "Ed Sheeran"
    assert len(album.releases) == 13 and all(r.tracks is None for r in album.releases)
    chosen = choose_release(album.releases, first_release=album.release_date)
    assert chosen is not None and chosen.mbid == "94ad3a58-a1cc-46a3-acf4-9cb6c1d6f032"
    assert chosen.format == "CD" and chosen.track_count == 12


def test_multidisc_release_tracks() -> None:
    release = map_release(load("release_6c4f766f_multidisc_picard.json"))
    assert release.tracks is not None and len(release.tracks) == 7
    assert [m.format for m in release.media] == ["CD", "DVD-Video"]
    assert release.format == "CD + DVD-Video" and release.track_count == 7
    last = release.tracks[-1]
    assert (last.medium_number, last.number, last.absolute_number) == (2, "3", 7)
    assert release.tracks[0].recording_mbid.startswith("9e1bd108")
    assert release.tracks[0].duration_ms == 256000 and release.countries == ["JP"]


def test_release_without_recordings_has_no_track_list() -> None:
    release = map_release(load("release_f17a0f30_5medias_no_tracks_picard.json"))
    assert release.tracks is None and len(release.media) == 5


def test_release_with_labels_and_artist_credits() -> None:
    release = map_release(load("release_b84ee12a_dark_side_of_the_moon_picard.json"))
    assert release.labels and release.tracks
    assert {t.artist_mbid for t in release.tracks} == {"83d91898-7763-47d7-b03b-b92132375c47"}


def test_partial_dates_and_cover() -> None:
    assert partial_date("2005") == date(2005, 1, 1) and partial_date("1967-07") == date(1967, 7, 1)
    assert partial_date("") is None and partial_date("garbage") is None
    url = front_cover(load("caa_release_83c45b6c_mbandroid.json"))
    assert url is not None and url.startswith("http://coverartarchive.org/release/83c45b6c")
    assert front_cover({"images": []}) is None
