"""Lidarr's naming tokens and formats on the engine's renderer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mediastack.manager.naming import ColonReplacement
from mediastack.manager.naming.facts import FileFacts
from mediastack.music.naming import (
    AlbumFacts,
    ArtistFacts,
    MusicNamer,
    MusicNamingConfig,
    TrackFacts,
    examples,
    validate,
)

ED = ArtistFacts("Ed Sheeran", "b8a7c51f-362c-4dcb-a259-bc6e0095f0a6", "", ("Pop",))
PLUS = AlbumFacts("+", date(2011, 9, 9), "Album", "05ce100c-eddf-4967-8d7e-33fc0883fe39")
TEAM = TrackFacts("The A Team", 1)
FLAC = FileFacts("FLAC", original_name="01 - The A Team")
INFO = {"audioCodec": "FLAC", "audioChannels": 2.0, "audioBits": "24bit"}
RENAME = MusicNamingConfig(rename_tracks=True)


def test_lidarr_default_formats() -> None:
    namer = MusicNamer(RENAME)
    assert namer.artist_folder(ED) == "Ed Sheeran"
    assert namer.track_path(ED, PLUS, TEAM, FLAC, ".flac") == (
        "+ (2011)/Ed Sheeran - + - 01 - The A Team.flac"
    )
    two_discs = replace(PLUS, media_count=2)
    second = TrackFacts("Little Bird", 3, medium=2, medium_format="CD")
    assert namer.track_path(ED, two_discs, second, FLAC, ".flac") == (
        "+ (2011)/CD 02/Ed Sheeran - + - 03 - Little Bird.flac"
    )


def test_renaming_off_keeps_the_name_in_the_artist_folder() -> None:
    namer = MusicNamer(MusicNamingConfig())
    assert namer.track_path(ED, PLUS, TEAM, FLAC, ".flac") == "01 - The A Team.flac"


def test_tokens() -> None:
    fmt = (
        "{Artist NameFirstCharacter}/{Artist CleanNameThe}/{Album Type}/"
        "{Album TitleThe} [{Album MbId}]/{medium}-{track:000} {Track CleanTitle}"
        " [{Quality Title}] [{MediaInfo AudioCodec}] [{Artist Genre}]{-Release Group}"
    )
    namer = MusicNamer(replace(RENAME, standard_track_format=fmt))
    beatles = ArtistFacts("The Beatles", genres=("Rock",))
    album = AlbumFacts("A Hard Day's Night", None, "Album", "abc")
    track = TrackFacts("Can't Buy Me Love?", 7)
    assert namer.track_path(beatles, album, track, FLAC, ".flac", INFO) == (
        "B/Beatles, The/Album/Hard Day's Night, A [abc]/"
        "1-007 Cant Buy Me Love [FLAC] [FLAC] [Rock].flac"
    )
    info = MusicNamer(
        replace(
            RENAME,
            standard_track_format=(
                "{track} {MediaInfo AudioChannels} {MediaInfo AudioBitsPerSample}"
                "{ [MediaInfo AudioBitRate]}"
            ),
        )
    )
    assert info.track_path(beatles, album, track, FLAC, ".flac", INFO) == "7 2.0 24bit.flac"
    unknown_year = MusicNamer(
        replace(RENAME, standard_track_format="{Album Title} ({Release Year})/{track}")
    )
    assert unknown_year.track_path(beatles, album, track, FLAC, ".mp3") == (
        "A Hard Day's Night (Unknown)/7.mp3"
    )


def test_release_group_defaults_to_lidarr_unless_optional() -> None:
    bare = MusicNamer(replace(RENAME, standard_track_format="{track:00} {Release Group}"))
    optional = MusicNamer(replace(RENAME, standard_track_format="{track:00}{ [Release Group]}"))
    assert bare.track_path(ED, PLUS, TEAM, FLAC, ".flac") == "01 Lidarr.flac"
    assert optional.track_path(ED, PLUS, TEAM, FLAC, ".flac") == "01.flac"
    grouped = replace(FLAC, release_group="GRP")
    assert optional.track_path(ED, PLUS, TEAM, grouped, ".flac") == "01 [GRP].flac"


def test_illegal_characters_and_colons() -> None:
    album = AlbumFacts('Live: At/The "Hall"?', date(1999, 1, 1))
    namer = MusicNamer(replace(RENAME, standard_track_format="{Album Title}/{track:00}"))
    assert namer.track_path(ED, album, TEAM, FLAC, ".mp3") == "Live - At+The Hall!/01.mp3"
    dash = MusicNamer(
        replace(
            RENAME,
            standard_track_format="{Album Title}",
            colon_replacement_format=ColonReplacement.DELETE,
        )
    )
    assert dash.track_path(ED, album, TEAM, FLAC, ".mp3") == "Live At+The Hall!.mp3"


def test_long_titles_are_cut_not_the_folders() -> None:
    track = TrackFacts("x" * 400, 1)
    path = MusicNamer(RENAME).track_path(ED, PLUS, track, FLAC, ".flac")
    folder, name = path.split("/")
    assert folder == "+ (2011)" and len(name.encode()) <= 255 and name.endswith("x.flac")
    assert name.startswith("Ed Sheeran - + - 01 - xxx")


def test_examples_and_resource() -> None:
    assert examples(MusicNamingConfig()) == {
        "singleTrackExample": (
            "The Album Title (2020)/The Artist Name - The Album Title - 01 - Track Title (1).mp3"
        ),
        "multiDiscTrackExample": (
            "The Album Title (2020)/CD 02/"
            "The Artist Name - The Album Title - 01 - Track Title (1).mp3"
        ),
        "artistFolderExample": "The Artist Name",
    }
    resource = MusicNamingConfig().resource()
    assert resource["renameTracks"] is False and resource["colonReplacementFormat"] == 4
    assert resource["standardTrackFormat"].startswith("{Album Title} ({Release Year})/")
    assert resource["includeArtistName"] and not resource["includeQuality"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"standard_track_format": "{Artist Name}"}, "standardTrackFormat", "Track Title"),
        ({"multi_disc_track_format": "{track} {Track Title}"}, "multiDiscTrackFormat", "Medium"),
        ({"artist_folder_format": "{Album Title}"}, "artistFolderFormat", "Artist Name"),
        ({"standard_track_format": " "}, "standardTrackFormat", "empty"),
    ],
)
def test_validation(change: dict[str, str], field: str, message: str) -> None:
    errors = validate(replace(RENAME, **change))  # type: ignore[arg-type]
    assert [e[0] for e in errors] == [field] and message in errors[0][1]
    assert validate(RENAME) == []
    assert validate(replace(MusicNamingConfig(), standard_track_format="x")) == []  # not renaming
    original = replace(RENAME, standard_track_format="{Original Filename}")
    assert validate(original) == []
