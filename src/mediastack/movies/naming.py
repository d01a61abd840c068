"""Radarr's naming tokens on top of the generic engine: what a movie folder and file are called.

The token set is Radarr's (``{Movie Title}``, ``{Movie TitleThe}``, ``{Release Year}``,
``{Quality Full}``, ``{Edition Tags}``, ``{Release Group}``, ``{MediaInfo ...}``,
``{ImdbId}``, ``{TmdbId}`` and the Plex-style ``{imdb-{ImdbId}}``, ``{tmdb-{TmdbId}}``,
``{edition-{Edition Tags}}``), so formats copied from Radarr or the TRaSH guides name files
identically. MediaInfo tokens read what the import probed; without a probe they render
empty and their optional prefixes and suffixes vanish with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from mediastack.manager.importing.media_info import MediaInfo
from mediastack.manager.naming import TokenMatch, clean_title, render, title_the, title_year
from mediastack.manager.naming.facts import FileFacts as BaseFileFacts
from mediastack.manager.naming.file_tokens import file_tokens, media_info_tokens
from mediastack.manager.parser.model import Revision
from mediastack.movies.config.naming import MovieNamingConfig
from mediastack.movies.library.model import Movie

__all__ = ["FileFacts", "MovieFacts", "MovieNamer", "examples"]

# Radarr's nested Plex tokens: ``{imdb-{ImdbId}}`` renders as ``{imdb-tt0133093}``.
_PLEX = re.compile(r"\{(imdb|tmdb|edition)-\{([^{}]+)\}\}", re.IGNORECASE)
_PLEX_TOKEN = {"imdb": "PlexImdb", "tmdb": "PlexTmdb", "edition": "PlexEdition"}


@dataclass(frozen=True, slots=True)
class MovieFacts:
    """What movie tokens read (a plain value so examples need no database)."""

    title: str
    year: int | None = None
    original_title: str = ""
    imdb_id: str | None = None
    tmdb_id: int | None = None
    collection: str | None = None
    certification: str | None = None

    @classmethod
    def of(cls, movie: Movie) -> MovieFacts:
        return cls(
            movie.title,
            movie.year,
            movie.original_title,
            movie.imdb_id,
            movie.tmdb_id,
            movie.collection_title,
            movie.certification,
        )


@dataclass(frozen=True, slots=True)
class FileFacts(BaseFileFacts):
    """What the file contributes beyond every original's facts: edition and media info."""

    edition: str | None = None
    media_info: MediaInfo | None = None


Handlers = dict[str, Callable[[TokenMatch], str]]


def _movie_tokens(movie: MovieFacts) -> Handlers:
    title = movie.title
    year = str(movie.year or "")
    return {
        "Movie Title": lambda m: title,
        "Movie TitleYear": lambda m: title_year(title, movie.year),
        "Movie CleanTitle": lambda m: clean_title(title),
        "Movie CleanTitleYear": lambda m: clean_title(title_year(title, movie.year)),
        "Movie TitleThe": lambda m: title_the(title),
        "Movie TitleFirstCharacter": lambda m: (title_the(title)[:1] or "_").upper(),
        "Movie OriginalTitle": lambda m: movie.original_title or title,
        "Movie CleanOriginalTitle": lambda m: clean_title(movie.original_title or title),
        "Movie Collection": lambda m: movie.collection or "",
        "Movie Certification": lambda m: movie.certification or "",
        "Release Year": lambda m: year,
        "ImdbId": lambda m: movie.imdb_id or "",
        "TmdbId": lambda m: str(movie.tmdb_id or ""),
        "PlexImdb": lambda m: f"{{imdb-{movie.imdb_id}}}" if movie.imdb_id else "",
        "PlexTmdb": lambda m: f"{{tmdb-{movie.tmdb_id}}}" if movie.tmdb_id else "",
    }


def _file_tokens(file: FileFacts) -> Handlers:
    edition = file.edition or ""
    return {
        **file_tokens(file),
        **media_info_tokens(file.media_info),
        "Edition Tags": lambda m: edition,
        "PlexEdition": lambda m: f"{{edition-{edition}}}" if edition else "",
    }


def _plex(template: str) -> str:
    return _PLEX.sub(lambda m: "{" + _PLEX_TOKEN[m.group(1).lower()] + "}", template)


class MovieNamer:
    """Names of movie folders and files under one naming config."""

    def __init__(self, config: MovieNamingConfig) -> None:
        self.config = config

    def folder(self, movie: MovieFacts) -> str:
        template = _plex(self.config.movie_folder_format)
        return render(template, _movie_tokens(movie), self.config.options())

    def file_name(self, movie: MovieFacts, file: FileFacts, extension: str = "") -> str:
        if not self.config.rename_movies and file.original_name:
            keep = {"Original Filename": lambda m: file.original_name or ""}
            return render("{Original Filename}", keep, self.config.options()) + extension
        handlers = {**_movie_tokens(movie), **_file_tokens(file)}
        template = _plex(self.config.standard_movie_format)
        options = self.config.options(frozenset({"movietitle"}))
        return (
            render(template, handlers, options, reserve_bytes=len(extension.encode())) + extension
        )

    def relative_path(self, movie: MovieFacts, file: FileFacts, extension: str) -> str:
        """Where the file goes below the movie's folder (a format may add folders)."""
        return str(PurePosixPath(self.file_name(movie, file, extension)))


_SAMPLE_MOVIE = MovieFacts(
    "The Movie Title", 2010, "The Original Title", "tt0066921", 345691, "The Movie Collection"
)
_SAMPLE_FILE = FileFacts(
    quality="Bluray-1080p",
    revision=Revision(version=2),
    edition="Ultimate extended edition",
    release_group="RlsGrp",
    scene_name="The.Movie.Title.2010.Ultimate.Extended.Edition.1080p.BluRay.x264-RlsGrp",
    original_name="The.Movie.Title.2010.Ultimate.Extended.Edition.1080p.BluRay.x264-RlsGrp",
    media_info=MediaInfo(
        video_codec="x264", video_bit_depth=8, audio_codec="DTS", audio_channels=5.1,
        audio_languages=("eng",), subtitle_languages=("eng",), width=1920, height=1080,
    ),
)  # fmt: skip


def examples(config: MovieNamingConfig) -> dict[str, str | None]:
    """``config/naming/examples``: the preview the settings page shows under each format."""
    namer = MovieNamer(replace(config, rename_movies=True))
    return {
        "movieExample": namer.file_name(_SAMPLE_MOVIE, _SAMPLE_FILE, ".mkv"),
        "movieFolderExample": namer.folder(_SAMPLE_MOVIE),
    }
