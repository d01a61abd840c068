"""The movie library's operations: lookup, add, refresh, rescan, delete, with their rules.

API handlers and commands both come through here, so an add from Overseerr, an import
from Kometa and the scheduled refresh follow the same path: metadata first (nothing is
stored if TMDB cannot be reached or refuses the key), then the movie, then a scan of its
folder (an existing ``Movie (Year)/Movie.Year.1080p.mkv`` becomes its file at once).
"""

from __future__ import annotations

import logging

from mediastack.manager.library.base import LibraryService
from mediastack.manager.library.media_files import ScanResult
from mediastack.manager.library.roots import remove_item_folder
from mediastack.manager.metadata import ExternalId, MetadataNotFoundError, MetadataProvider
from mediastack.movies.library.model import Movie, MovieOptions
from mediastack.movies.library.scan import rescan
from mediastack.movies.library.store import MovieStore
from mediastack.movies.metadata.models import DELETED_AT_PROVIDER, MovieInfo

log = logging.getLogger(__name__)
LOOKUP_SOURCES = ("tmdb", "imdb")


class MovieNotFoundError(LookupError):
    pass


class MovieLibrary(LibraryService[MovieStore, MetadataProvider[MovieInfo]]):
    # Metadata ---------------------------------------------------------------------------

    async def lookup(self, term: str) -> list[MovieInfo]:
        """Radarr's lookup terms: ``tmdb:<id>``, ``imdb:tt…``, a bare ``tt…``, or text."""
        term = term.strip()
        prefix, _, value = term.partition(":")
        source = prefix.strip().lower()
        if value and source in LOOKUP_SOURCES:
            found = await self.provider.lookup(ExternalId(source, value.strip()))
            return [found] if found else []
        if term.lower().startswith("tt") and term[2:].isdigit():
            found = await self.provider.lookup(ExternalId("imdb", term.lower()))
            return [found] if found else []
        if not term:
            return []
        return await self.provider.search(term)

    async def resolve(self, tmdb_id: int | None, imdb_id: str | None) -> MovieInfo:
        """The full metadata for an add, by TMDB id or (as some lists send) IMDb id."""
        if tmdb_id:
            try:
                return await self.provider.fetch(tmdb_id)
            except MetadataNotFoundError as exc:
                raise MovieNotFoundError(f"Movie with TMDB id {tmdb_id} was not found") from exc
        if imdb_id:
            found = await self.provider.lookup(ExternalId("imdb", imdb_id))
            if found is None:
                raise MovieNotFoundError(f"Movie with IMDb id {imdb_id} was not found")
            return found
        raise MovieNotFoundError("A tmdbId or imdbId is required")

    # Library ----------------------------------------------------------------------------

    def add(self, info: MovieInfo, options: MovieOptions) -> Movie:
        movie_id = self.store.add(info, options)
        movie = self.store.get(movie_id)
        assert movie is not None
        rescan(self.store, movie)
        added = self.store.get(movie_id)
        assert added is not None
        return added

    def existing(self, movie_id: int) -> Movie:
        movie = self.store.get(movie_id)
        if movie is None:
            raise MovieNotFoundError(f"Movie with ID {movie_id} does not exist")
        return movie

    def rescan(self, movie_id: int) -> ScanResult:
        return rescan(self.store, self.existing(movie_id))

    async def refresh(self, movie_id: int) -> Movie:
        """New metadata, then a rescan (Radarr's RefreshMovie does both)."""
        movie = self.existing(movie_id)
        try:
            info = await self.provider.fetch(movie.tmdb_id)
        except MetadataNotFoundError:
            # Radarr keeps the movie and shows it as deleted, so the user decides
            self.store.update(movie_id, {"tmdb_status": DELETED_AT_PROVIDER})
            raise
        self.store.refresh(movie_id, info)
        self.rescan(movie_id)
        await self.cache_images(movie_id)
        return self.existing(movie_id)

    async def cache_images(self, movie_id: int) -> None:
        movie = self.store.get(movie_id)
        if self.images is None or movie is None:
            return
        wanted = {
            kind: url
            for kind, url in (("poster", movie.poster_url), ("fanart", movie.fanart_url))
            if url
        }
        await self.images.store(movie_id, wanted)

    def delete(self, movie_id: int, delete_files: bool) -> bool:
        """Forget a movie; with ``delete_files`` also remove its folder, but only when that
        folder lies strictly inside a configured root folder."""
        movie = self.store.get(movie_id)
        if movie is None:
            return False
        self.store.delete(movie_id)
        if self.images is not None:
            self.images.forget(movie_id)
        if delete_files:
            remove_item_folder(movie.path, self.root_folders())
        return True
