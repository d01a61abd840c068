"""Track facts from file and folder names, for rips without tags."""

from __future__ import annotations

import pytest

from mediastack.music.importing.filename import (
    NameInfo,
    disc_from_folder,
    parse_name,
    settle_folder,
)


@pytest.mark.parametrize(
    ("stem", "track", "disc", "title", "artist", "album"),
    [
        ("01 - The A Team", 1, None, "The A Team", None, None),
        ("1-01 Title", 1, 1, "Title", None, None),
        ("2.05 Small Bump", 5, 2, "Small Bump", None, None),
        ("01. Drunk", 1, None, "Drunk", None, None),
        ("07 Lego House", 7, None, "Lego House", None, None),
        ("05_-_Small_Bump", 5, None, "Small Bump", None, None),
        ("Ed Sheeran - 03 - U.N.I.", 3, None, "U.N.I.", "Ed Sheeran", None),
        ("Ed Sheeran - + - 03 - Drunk", 3, None, "Drunk", "Ed Sheeran", "+"),
        ("Just A Title", None, None, "Just A Title", None, None),
        ("Artist - 1999", None, None, "Artist - 1999", None, None),  # a year is no track
        ("07", 7, None, None, None, None),
    ],
)
def test_one_name(
    stem: str,
    track: int | None,
    disc: int | None,
    title: str | None,
    artist: str | None,
    album: str | None,
) -> None:
    info = parse_name(stem)
    assert (info.track, info.disc, info.title, info.artist, info.album) == (
        track,
        disc,
        title,
        artist,
        album,
    )


def test_scene_names_settle_the_artist_per_folder() -> None:
    names = [parse_name(s) for s in ("01-ed_sheeran-the_a_team", "02-ed_sheeran-drunk")]
    assert names[0].title == "ed sheeran - the a team"  # alone, the name is ambiguous
    settled = settle_folder(names)
    assert [(n.track, n.artist, n.title) for n in settled] == [
        (1, "ed sheeran", "the a team"),
        (2, "ed sheeran", "drunk"),
    ]


def test_a_shared_leading_part_is_not_part_of_the_title() -> None:
    settled = settle_folder(
        [parse_name("03 Ed Sheeran - Drunk"), parse_name("04 Ed Sheeran - This")]
    )
    assert [(n.artist, n.title) for n in settled] == [
        ("Ed Sheeran", "Drunk"),
        ("Ed Sheeran", "This"),
    ]
    # titles that merely contain a dash differently stay whole
    own = settle_folder([parse_name("01 Foo - Bar"), parse_name("02 Baz - Qux")])
    assert [n.title for n in own] == ["Foo - Bar", "Baz - Qux"]


def test_three_digit_numbers_are_disc_and_track_only_folder_wide() -> None:
    settled = settle_folder([parse_name(s) for s in ("101 A", "102 B", "201 C")])
    assert [(n.disc, n.track) for n in settled] == [(1, 1), (1, 2), (2, 1)]
    mixed = settle_folder([parse_name(s) for s in ("099 A", "100 B", "101 C")])
    assert [(n.disc, n.track) for n in mixed] == [(None, 99), (None, 100), (None, 101)]
    assert settle_folder([NameInfo(title="x")]) == [NameInfo(title="x")]


@pytest.mark.parametrize(
    ("folder", "disc"),
    [
        ("CD1", 1),
        ("Disc 2", 2),
        ("cd_02", 2),
        ("Disk3", 3),
        ("+ (Disc 2)", 2),
        ("Album [CD2]", 2),
        ("Rumours", None),
        ("Discovery", None),
        ("CD", None),
    ],
)
def test_disc_folders(folder: str, disc: int | None) -> None:
    assert disc_from_folder(folder) == disc
