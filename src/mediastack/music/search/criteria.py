"""Search criteria for the indexers, built from the library, as Lidarr asks.

An album is searched as ``t=music&artist=…&album=…`` where the indexer's caps offer audio
search with both parameters, else as text ("artist album"); an artist (``ArtistSearch``)
as ``t=music&artist=…``, which brings back discographies and every album at once. The
planner in ``manager/indexers/search.py`` turns criteria into requests per indexer; the
categories are the indexer's (Lidarr's defaults: 3000, 3010, 3020, 3030, 3040).
"""

from __future__ import annotations

from collections.abc import Sequence

from mediastack.manager.indexers.search import AlbumSearch, ArtistSearch, SearchCriteria
from mediastack.music.library.model import Album, Artist


def album_criteria(artist: Artist, album: Album) -> AlbumSearch:
    year = album.release_date.year if album.release_date else None
    return AlbumSearch(artist=artist.name, album=album.title, year=year)


def artist_criteria(artist: Artist) -> ArtistSearch:
    return ArtistSearch(artist=artist.name)


def plan_for_albums(artist: Artist, albums: Sequence[Album]) -> list[SearchCriteria]:
    """One album search per album, in release order (Lidarr searches albums one by one;
    only ``ArtistSearch`` asks for the whole artist)."""
    ordered = sorted(albums, key=lambda a: (a.release_date is None, a.release_date, a.id))
    return [album_criteria(artist, a) for a in ordered]
