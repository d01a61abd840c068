"""Which artist and albums of the library a release is about.

The release name is parsed with Lidarr's rules (``Artist - Album (Year) [Format]``, scene
``Artist-Album-WEB-2018-GROUP``, discographies); the artist is found by its normalized
name (articles, case, accents and punctuation ignored); the album by its normalized title,
then with edition words dropped ("(Deluxe Edition)", "[Remastered]"), then by the closest
title within a small distance. A discography is every album of the artist released in the
years it names (or all of them). When the indexer tagged the release with artist and
album (``newznab:attr``), those stand in for a name the parser cannot read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.parser import MusicInfo, ParsedRelease, parse
from mediastack.manager.parser.text import normalize_title
from mediastack.music.importing.distance import string_distance
from mediastack.music.library.model import Album, Artist

UNPARSABLE = "Unable to parse release"
UNKNOWN_ARTIST = "Unknown Artist"
UNKNOWN_ALBUM = "Unable to identify correct album(s) using release name"
FUZZY_LIMIT = 0.2
_EDITION = re.compile(
    r"\s*[(\[][^)\]]*\b(?:deluxe|edition|remaster(?:ed)?|expanded|anniversary|bonus|special)"
    r"\b[^)\]]*[)\]]",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class RemoteAlbum:
    """A release with what it maps to; ``problem`` says why it maps to nothing."""

    release: ReleaseInfo
    parsed: ParsedRelease | None
    artist: Artist | None = None
    albums: tuple[Album, ...] = ()
    problem: str | None = None

    @property
    def discography(self) -> bool:
        return bool(self.parsed and self.parsed.music and self.parsed.music.discography)


def _keys(title: str) -> set[str]:
    keys = {normalize_title(title), normalize_title(_EDITION.sub("", title))}
    return {k for k in keys if k}


class ArtistMatcher:
    """The library's artists by normalized name, built once per search or sync."""

    def __init__(self, artists: Sequence[Artist]) -> None:
        self.by_name: dict[str, Artist] = {}
        for artist in artists:
            for name in (artist.name, artist.sort_name):
                for key in _keys(name):
                    self.by_name.setdefault(key, artist)

    def match(self, name: str) -> Artist | None:
        return next((self.by_name[k] for k in _keys(name) if k in self.by_name), None)


def _year(album: Album) -> int | None:
    return album.release_date.year if album.release_date else None


def albums_for(info: MusicInfo, albums: Sequence[Album]) -> tuple[Album, ...]:
    """The albums a parsed name covers among ``albums`` (empty when none fits)."""
    if info.discography:
        start, end = info.discography_start, info.discography_end
        if not start and not end:
            return tuple(albums)
        return tuple(
            a for a in albums if (y := _year(a)) is not None and (start or y) <= y <= (end or y)
        )
    wanted = _keys(info.album)
    exact = [a for a in albums if _keys(a.title) & wanted]
    if len(exact) > 1 and info.year:
        exact = [a for a in exact if _year(a) == info.year] or exact
    if exact:
        return (exact[0],)
    scored = sorted((string_distance(info.album, a.title), a.id, a) for a in albums)
    close = [a for d, _, a in scored if d <= FUZZY_LIMIT]
    if close and (len(scored) == 1 or scored[0][0] < scored[1][0]):
        return (close[0],)
    return ()


def _music(release: ReleaseInfo, parsed: ParsedRelease | None) -> MusicInfo | None:
    if parsed is not None and parsed.music is not None:
        return parsed.music
    if release.artist and release.album:
        return MusicInfo(artist=release.artist, album=release.album, year=release.year or 0)
    return None


def map_release(
    release: ReleaseInfo,
    matcher: ArtistMatcher,
    albums_of: Callable[[int], Sequence[Album]],
    searched: Sequence[Album] | None = None,
) -> RemoteAlbum:
    """Parse ``release`` and find its artist and albums in the library.

    ``searched``: the albums an album search asked for; a release of the right artist is
    matched against those first, then against all of the artist's albums (a result for
    another album maps to that album, which the decisions then refuse as not requested)."""
    parsed = parse(release.title, "lidarr")
    info = _music(release, parsed)
    if info is None:
        return RemoteAlbum(release, parsed, problem=UNPARSABLE)
    artist = matcher.match(info.artist)
    if artist is None:
        return RemoteAlbum(release, parsed, problem=UNKNOWN_ARTIST)
    asked = [a for a in searched or () if a.artist_id == artist.id]
    found = (albums_for(info, asked) if asked else ()) or albums_for(info, albums_of(artist.id))
    if not found:
        return RemoteAlbum(release, parsed, artist, problem=UNKNOWN_ALBUM)
    return RemoteAlbum(release, parsed, artist, found)
