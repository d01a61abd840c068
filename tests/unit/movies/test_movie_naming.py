"""Radarr's tokens: titles, year, quality, edition, media info, Plex ids, rename off."""

from __future__ import annotations

from mediastack.manager.importing.media_info import MediaInfo
from mediastack.manager.naming import ColonReplacement
from mediastack.manager.parser.model import Revision
from mediastack.movies.config.naming import MovieNamingConfig, colon_rule
from mediastack.movies.naming import FileFacts, MovieFacts, MovieNamer, examples

MOVIE = MovieFacts("The Lord of the Rings: The Two Towers", 2002, "", "tt0167261", 121)
FILE = FileFacts(
    quality="Bluray-1080p",
    revision=Revision(version=2),
    edition="Extended Edition",
    release_group="FLUX",
    media_info=MediaInfo(video_codec="x265", audio_codec="TrueHD", audio_channels=7.1),
)
ON = MovieNamingConfig(rename_movies=True)


def test_default_formats_and_colon_rule() -> None:
    namer = MovieNamer(ON)
    assert namer.folder(MOVIE) == "The Lord of the Rings The Two Towers (2002)"  # delete
    assert namer.file_name(MOVIE, FILE, ".mkv") == (
        "The Lord of the Rings The Two Towers (2002) Bluray-1080p Proper.mkv"
    )
    smart = MovieNamer(MovieNamingConfig(colon_replacement_format=ColonReplacement.SMART))
    assert smart.folder(MOVIE) == "The Lord of the Rings - The Two Towers (2002)"


def test_the_edition_media_info_and_plex_tokens() -> None:
    config = MovieNamingConfig(
        rename_movies=True,
        standard_movie_format=(
            "{Movie TitleThe} ({Release Year}) {edition-{Edition Tags}} "
            "{[Quality Title]}{[MediaInfo VideoCodec]}{[MediaInfo AudioChannels]}"
            "{-Release Group} {tmdb-{TmdbId}}"
        ),
        movie_folder_format="{Movie CleanTitle} {imdb-{ImdbId}}",
    )
    namer = MovieNamer(config)
    matrix = MovieFacts("The Matrix", 1999, "", "tt0133093", 603)
    assert namer.file_name(matrix, FILE, ".mkv") == (
        "Matrix, The (1999) {edition-Extended Edition} [Bluray-1080p][x265][7.1]-FLUX "
        "{tmdb-603}.mkv"
    )
    assert namer.folder(matrix) == "The Matrix {imdb-tt0133093}"
    bare = FileFacts(quality="WEBDL-1080p")  # no edition, no media info: their tokens vanish
    assert (
        namer.file_name(matrix, bare, ".mkv") == "Matrix, The (1999) [WEBDL-1080p] {tmdb-603}.mkv"
    )


def test_rename_off_keeps_the_original_name_and_examples() -> None:
    kept = FileFacts(original_name="the.matrix.1999.1080p.bluray-grp")
    assert MovieNamer(MovieNamingConfig()).file_name(MOVIE, kept, ".mkv") == (
        "the.matrix.1999.1080p.bluray-grp.mkv"
    )
    shown = examples(MovieNamingConfig())  # examples render as if renaming were on
    assert shown["movieExample"] == "The Movie Title (2010) Bluray-1080p Proper.mkv"
    assert shown["movieFolderExample"] == "The Movie Title (2010)"


def test_colon_rule_reads_radarr_words_and_numbers() -> None:
    assert colon_rule("spaceDash") is ColonReplacement.SPACE_DASH
    assert colon_rule(4) is ColonReplacement.SMART and colon_rule("1") is ColonReplacement.DASH
    for bad in ("sideways", 5):
        try:
            colon_rule(bad)
        except (KeyError, ValueError):
            continue
        raise AssertionError(f"{bad!r} accepted")
