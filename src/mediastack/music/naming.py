"""Lidarr's naming: the ``config/naming`` section and its tokens on the engine's renderer.

The track format holds the album folder and, on multi-disc releases, a disc folder: the
defaults put ``Ed Sheeran/+ (2011)/Ed Sheeran - + - 01 - The A Team.flac`` under the
root folder, and ``{Album Title} ({Release Year})/{Medium Format} {medium:00}/...`` when a
release has several media. The tokens are Lidarr's (``{Artist Name}``, ``{Album Title}``,
``{Release Year}``, ``{track:00}``, ``{medium:00}``, ``{Track Title}``, ``{Quality
Title}``, ``{Album Type}``, ``{Medium Format}``, ``{MediaInfo AudioCodec}``, ...), so
formats copied from Lidarr or the TRaSH guides name files the same way here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from mediastack.manager.naming import (
    ColonReplacement,
    NamingOptions,
    TokenMatch,
    clean_title,
    render,
    title_the,
)
from mediastack.manager.naming.engine import pad_number, truncate_text
from mediastack.manager.naming.facts import FileFacts, proper_text

DEFAULT_STANDARD = (
    "{Album Title} ({Release Year})/{Artist Name} - {Album Title} - {track:00} - {Track Title}"
)
DEFAULT_MULTI_DISC = (
    "{Album Title} ({Release Year})/{Medium Format} {medium:00}/"
    "{Artist Name} - {Album Title} - {track:00} - {Track Title}"
)
DEFAULT_ARTIST_FOLDER = "{Artist Name}"
_TRACK = re.compile(r"\{track(?::0+)?\}", re.IGNORECASE)
_ORIGINAL = re.compile(r"\{Original[-. _]?(?:Title|Filename)\}", re.IGNORECASE)
_TRACK_TITLE = re.compile(r"\{Track[-. _]?(?:Clean)?Title[^}]*\}", re.IGNORECASE)
_MEDIUM = re.compile(r"\{medium(?::0+)?\}", re.IGNORECASE)
_ARTIST = re.compile(r"\{Artist[-. _]?(?:Clean)?Name(?:The)?[^}]*\}", re.IGNORECASE)
_TITLE_TRIM = " .?"
_ARTICLE = re.compile(r"^(The|An|A) (.*?)((?: *\([^)]+\))*)$", re.IGNORECASE)

Handlers = dict[str, Callable[[TokenMatch], str]]


@dataclass(frozen=True, slots=True)
class MusicNamingConfig:
    """Lidarr's ``NamingConfigResource``; defaults are Lidarr's."""

    rename_tracks: bool = False
    replace_illegal_characters: bool = True
    colon_replacement_format: ColonReplacement = ColonReplacement.SMART
    standard_track_format: str = DEFAULT_STANDARD
    multi_disc_track_format: str = DEFAULT_MULTI_DISC
    artist_folder_format: str = DEFAULT_ARTIST_FOLDER

    def options(self) -> NamingOptions:
        return NamingOptions(
            replace_illegal_characters=self.replace_illegal_characters,
            colon_replacement=self.colon_replacement_format,
            truncatable=frozenset({"tracktitle", "trackcleantitle"}),
        )

    def resource(self) -> dict[str, Any]:
        """The resource, with Lidarr's "basic" fields derived from the standard format."""
        fmt = self.standard_track_format
        separators = {m.group(1) for m in re.finditer(r"\{[A-Za-z]+([-. _])[A-Za-z]+", fmt)}
        number = _TRACK.search(fmt)
        return {
            "renameTracks": self.rename_tracks,
            "replaceIllegalCharacters": self.replace_illegal_characters,
            "colonReplacementFormat": int(self.colon_replacement_format),
            "standardTrackFormat": self.standard_track_format,
            "multiDiscTrackFormat": self.multi_disc_track_format,
            "artistFolderFormat": self.artist_folder_format,
            "includeArtistName": "{artist" in fmt.lower(),
            "includeAlbumTitle": "{album" in fmt.lower(),
            "includeQuality": "{quality" in fmt.lower(),
            "replaceSpaces": bool(separators - {" "}),
            "separator": " - ",
            "numberStyle": number.group(0) if number else "{track:00}",
            "id": 1,
        }


FIELDS: dict[str, str] = {
    "renameTracks": "rename_tracks",
    "replaceIllegalCharacters": "replace_illegal_characters",
    "colonReplacementFormat": "colon_replacement_format",
    "standardTrackFormat": "standard_track_format",
    "multiDiscTrackFormat": "multi_disc_track_format",
    "artistFolderFormat": "artist_folder_format",
}


def validate(config: MusicNamingConfig) -> list[tuple[str, str, Any]]:
    """Lidarr's rules: a track format names the track (number and title, or the original
    name), the multi-disc one also the medium; the artist folder names the artist."""
    errors: list[tuple[str, str, Any]] = []
    if int(config.colon_replacement_format) not in {int(c) for c in ColonReplacement}:
        errors.append(("colonReplacementFormat", "Invalid colon replacement format", None))
    if not config.rename_tracks:
        return errors
    for api_name, fmt, needs_medium in (
        ("standardTrackFormat", config.standard_track_format, False),
        ("multiDiscTrackFormat", config.multi_disc_track_format, True),
    ):
        if not fmt.strip():
            errors.append((api_name, "Must not be empty", fmt))
        elif not _ORIGINAL.search(fmt) and not (_TRACK.search(fmt) and _TRACK_TITLE.search(fmt)):
            errors.append(
                (api_name, "Must contain Track Title and Track numbers OR Original Title", fmt)
            )
        elif needs_medium and not _MEDIUM.search(fmt) and not _ORIGINAL.search(fmt):
            errors.append((api_name, "Must contain Medium number", fmt))
    if not _ARTIST.search(config.artist_folder_format):
        errors.append(
            ("artistFolderFormat", "Must contain Artist Name", config.artist_folder_format)
        )
    return errors


@dataclass(frozen=True, slots=True)
class ArtistFacts:
    name: str
    mbid: str = ""
    disambiguation: str = ""
    genres: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AlbumFacts:
    title: str
    release_date: date | None = None
    album_type: str = "Album"
    mbid: str = ""
    disambiguation: str = ""
    genres: tuple[str, ...] = ()
    media_count: int = 1  # of the release the files are: chooses the multi-disc format


@dataclass(frozen=True, slots=True)
class TrackFacts:
    title: str
    position: int  # on its medium
    medium: int = 1
    medium_name: str = ""
    medium_format: str = "CD"
    artist_name: str | None = None  # the track's own credit, if it differs
    artist_mbid: str | None = None


def _first_character(name: str) -> str:
    """Lidarr's sort letter: the first letter or digit of the first two characters."""
    for char in title_the(name)[:2]:
        if char.isalnum():
            folded = unicodedata.normalize("NFKD", char.upper())
            return "".join(c for c in folded if not unicodedata.combining(c))[:1] or "_"
    return "_"


def _clean_the(title: str) -> str:
    """``The Beatles`` -> ``Beatles, The`` with each part cleaned, the comma kept."""
    match = _ARTICLE.match(title)
    if match is None:
        return clean_title(title)
    rest, article, tail = match.group(2), match.group(1), match.group(3)
    return f"{clean_title(rest).strip()}, {article}{clean_title(tail)}"


def _artist_tokens(artist: ArtistFacts) -> Handlers:
    tokens: Handlers = {
        "Artist Name": lambda m: truncate_text(artist.name, m.format),
        "Artist CleanName": lambda m: truncate_text(clean_title(artist.name), m.format),
        "Artist NameThe": lambda m: truncate_text(title_the(artist.name), m.format),
        "Artist CleanNameThe": lambda m: truncate_text(_clean_the(artist.name), m.format),
        "Artist Genre": lambda m: artist.genres[0] if artist.genres else "",
        "Artist NameFirstCharacter": lambda m: _first_character(artist.name),
        "Artist MbId": lambda m: artist.mbid,
    }
    if artist.disambiguation:
        tokens["Artist Disambiguation"] = lambda m: artist.disambiguation
    return tokens


def _album_tokens(album: AlbumFacts) -> Handlers:
    year = str(album.release_date.year) if album.release_date else "Unknown"
    tokens: Handlers = {
        "Album Title": lambda m: truncate_text(album.title, m.format),
        "Album CleanTitle": lambda m: truncate_text(clean_title(album.title), m.format),
        "Album TitleThe": lambda m: truncate_text(title_the(album.title), m.format),
        "Album CleanTitleThe": lambda m: truncate_text(_clean_the(album.title), m.format),
        "Album Type": lambda m: album.album_type,
        "Album Genre": lambda m: album.genres[0] if album.genres else "",
        "Album MbId": lambda m: album.mbid,
        "Release Year": lambda m: year,
    }
    if album.disambiguation:
        tokens["Album Disambiguation"] = lambda m: album.disambiguation
    return tokens


def _track_tokens(artist: ArtistFacts, track: TrackFacts) -> Handlers:
    title = track.title.rstrip(_TITLE_TRIM)
    credit = track.artist_name or artist.name
    return {
        "track": lambda m: pad_number(track.position, m.format),
        "medium": lambda m: pad_number(track.medium, m.format),
        "Medium Name": lambda m: track.medium_name,
        "Medium Format": lambda m: track.medium_format,
        "Track Title": lambda m: truncate_text(title, m.format),
        "Track CleanTitle": lambda m: truncate_text(clean_title(title), m.format),
        "Track ArtistName": lambda m: truncate_text(credit, m.format),
        "Track ArtistCleanName": lambda m: truncate_text(clean_title(credit), m.format),
        "Track ArtistNameThe": lambda m: truncate_text(title_the(credit), m.format),
        "Track ArtistCleanNameThe": lambda m: truncate_text(_clean_the(credit), m.format),
        "Track ArtistMbId": lambda m: track.artist_mbid or artist.mbid,
    }


def _file_tokens(file: FileFacts, info: Mapping[str, Any]) -> Handlers:
    channels = info.get("audioChannels") or 0

    def group(m: TokenMatch) -> str:
        if file.release_group:
            return truncate_text(file.release_group, m.format)
        return "" if m.prefix or m.suffix else "Lidarr"  # Lidarr's default, unless optional

    return {
        "Original Title": lambda m: file.scene_name or file.original_name or "",
        "Original Filename": lambda m: file.original_name or "",
        "Release Group": group,
        "Quality Full": lambda m: file.quality,
        "Quality Title": lambda m: file.quality,
        "Quality Proper": lambda m: proper_text(file.revision, with_real=False),
        "MediaInfo AudioCodec": lambda m: str(info.get("audioCodec") or ""),
        "MediaInfo AudioChannels": lambda m: f"{float(channels):.1f}" if channels else "",
        "MediaInfo AudioBitRate": lambda m: str(info.get("audioBitRate") or ""),
        "MediaInfo AudioBitsPerSample": lambda m: str(info.get("audioBits") or ""),
        "MediaInfo AudioSampleRate": lambda m: str(info.get("audioSampleRate") or ""),
        "Custom Formats": lambda m: " ".join(file.custom_formats),
    }


class MusicNamer:
    """Artist folders and track file paths under one naming config."""

    def __init__(self, config: MusicNamingConfig) -> None:
        self.config = config

    def artist_folder(self, artist: ArtistFacts) -> str:
        return render(
            self.config.artist_folder_format, _artist_tokens(artist), self.config.options()
        )

    def track_format(self, album: AlbumFacts) -> str:
        multi = album.media_count > 1
        return self.config.multi_disc_track_format if multi else self.config.standard_track_format

    def track_path(
        self,
        artist: ArtistFacts,
        album: AlbumFacts,
        track: TrackFacts,
        file: FileFacts,
        extension: str,
        media_info: Mapping[str, Any] | None = None,
    ) -> str:
        """Where the file goes below the artist folder (``+ (2011)/... - The A Team.flac``).

        With renaming off the file keeps its own name, directly in the artist folder, as
        Lidarr does (the album folder is part of the track format)."""
        options = self.config.options()
        handlers: Handlers = {
            **_artist_tokens(artist),
            **_album_tokens(album),
            **_track_tokens(artist, track),
            **_file_tokens(file, media_info or {}),
        }
        if not self.config.rename_tracks and file.original_name:
            return render("{Original Filename}", handlers, options) + extension
        template = self.track_format(album)
        return (
            render(template, handlers, options, reserve_bytes=len(extension.encode())) + extension
        )


_SAMPLE_ARTIST = ArtistFacts(
    "The Artist Name", "f1e4b2c9-7a8d-4b2e-9c1f-0a1b2c3d4e5f", "", ("Pop",)
)
_SAMPLE_ALBUM = AlbumFacts("The Album Title", date(2020, 1, 1), "Album", media_count=1)
_SAMPLE_TRACK = TrackFacts("Track Title (1)", 1, 1, "", "CD")
_SAMPLE_FILE = FileFacts(
    quality="MP3-320",
    release_group="RlsGrp",
    original_name="The.Artist.Name-The.Album.Title-01-Track.Title.(1)-RlsGrp",
)


def examples(config: MusicNamingConfig) -> dict[str, str]:
    """``config/naming/examples``: the previews the settings page shows under each format."""
    namer = MusicNamer(replace(config, rename_tracks=True))
    multi = replace(_SAMPLE_ALBUM, media_count=2)
    return {
        "singleTrackExample": namer.track_path(
            _SAMPLE_ARTIST, _SAMPLE_ALBUM, _SAMPLE_TRACK, _SAMPLE_FILE, ".mp3"
        ),
        "multiDiscTrackExample": namer.track_path(
            _SAMPLE_ARTIST, multi, replace(_SAMPLE_TRACK, medium=2), _SAMPLE_FILE, ".mp3"
        ),
        "artistFolderExample": namer.artist_folder(_SAMPLE_ARTIST),
    }
