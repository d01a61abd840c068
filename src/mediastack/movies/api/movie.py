"""``movie``: list, get, lookup, add, update, delete, import and the bulk editor.

Adds and refreshes call TMDB before anything is written; when it cannot be reached or the
API key is missing or refused, the client gets a 503 naming the setting to fix and the
library is unchanged. ``addOptions.searchForMovie`` is accepted; ``addImportExclusion``
on a delete records the movie in ``exclusions`` (Jellyseerr and Kometa send it).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.import_list_exclusions import ImportListExclusionStore
from mediastack.manager.library import api_fields as fields
from mediastack.manager.library.background import BackgroundTasks
from mediastack.movies.api import movie_body
from mediastack.movies.api.resources import lookup_resource, movie_resource
from mediastack.movies.library.model import Movie
from mediastack.movies.library.service import MovieLibrary, MovieNotFoundError
from mediastack.movies.library.store import MovieExistsError
from mediastack.movies.metadata.models import MovieInfo


def movie_router(
    domain: ManagerDomain,
    library: MovieLibrary,
    url_base: str,
    exclusions: ImportListExclusionStore | None = None,
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    store = library.store
    background = BackgroundTasks()

    def resource(movie: Movie) -> dict[str, Any]:
        return movie_resource(movie, url_base)

    def existing(movie_id: object) -> Movie:
        return fields.found(
            store.get(movie_id) if isinstance(movie_id, int) else None, movie_id, "Movie"
        )

    async def add_one(body: Mapping[str, Any]) -> Movie:
        request = movie_body.add_request(body, await asyncio.to_thread(library.root_folders))
        resolving = library.resolve(request.tmdb_id, request.imdb_id)
        info = await fields.from_provider(resolving, MovieNotFoundError)
        options = request.with_folder(info)
        try:
            movie = await asyncio.to_thread(library.add, info, options)
        except MovieExistsError as exc:
            raise invalid("tmdbId", str(exc), body.get("tmdbId")) from exc
        movie_id = movie.id
        background.start(
            f"caching covers of movie {movie_id}", lambda: library.cache_images(movie_id)
        )
        return movie

    async def looked_up(results: list[MovieInfo]) -> list[dict[str, Any]]:
        """P9: a movie already in the library comes back as the library has it."""
        held = await asyncio.to_thread(store.by_tmdb_ids, [i.tmdb_id for i in results])
        return [
            resource(held[i.tmdb_id]) if i.tmdb_id in held else lookup_resource(i) for i in results
        ]

    async def lookup_term(term: str) -> list[dict[str, Any]]:
        return await looked_up(await fields.from_provider(library.lookup(term)))

    @router.get("/movie")
    async def list_movies(request: Request) -> list[dict[str, Any]]:
        # ``tmdbId``; pyarr spells it ``tmdbid`` (Radarr binds query names case-insensitively)
        raw = next((v for k, v in request.query_params.items() if k.lower() == "tmdbid"), None)
        if raw is not None:
            if not raw.strip().isdigit():
                raise invalid("tmdbId", "'tmdbId' must be a number", raw)
            found = await asyncio.to_thread(store.find, int(raw))
            return [resource(found)] if found else []
        exclude = request.query_params.get("excludeLocalCovers", "").lower() == "true"
        movies = await asyncio.to_thread(store.all)
        return [movie_resource(m, url_base, local_covers=not exclude) for m in movies]

    @router.get("/movie/lookup")
    async def lookup(term: str = "") -> list[dict[str, Any]]:
        return await lookup_term(term)

    @router.get("/movie/lookup/tmdb")
    async def lookup_tmdb(tmdbId: int) -> dict[str, Any]:
        found = await lookup_term(f"tmdb:{tmdbId}")
        if not found:
            raise ApiError(404, f"Movie with TMDB id {tmdbId} was not found")
        return found[0]

    @router.get("/movie/lookup/imdb")
    async def lookup_imdb(imdbId: str) -> dict[str, Any]:
        found = await lookup_term(f"imdb:{imdbId}")
        if not found:
            raise ApiError(404, f"Movie with IMDb id {imdbId} was not found")
        return found[0]

    @router.post("/movie/import", status_code=201)
    async def import_movies(request: Request) -> list[dict[str, Any]]:
        return [
            resource(await add_one(item)) for item in await fields.json_items(request, "movies")
        ]

    @router.put("/movie/editor", status_code=202)
    async def edit_movies(request: Request) -> list[dict[str, Any]]:
        body = await json_body(request)
        ids = fields.body_ids(body, "movieIds")
        movies = [await asyncio.to_thread(existing, i) for i in ids]
        changes = fields.editor_changes(body)
        if body.get("minimumAvailability") is not None:
            changes["minimum_availability"] = movie_body.minimum_availability(body)
        new_root = fields.editor_root(body, library.root_folders())
        fields.tag_ids(body)  # refused before any movie changes
        edited = []
        for movie in movies:
            own = changes | fields.editor_item(body, movie, new_root)
            await asyncio.to_thread(store.update, movie.id, own)
            if "path" in own:  # as for PUT: no files are moved, the new folder counts
                await asyncio.to_thread(library.rescan, movie.id)
            edited.append(resource(existing(movie.id)))
        return edited

    @router.delete("/movie/editor")
    async def delete_movies(request: Request) -> Response:
        body = await json_body(request)
        for movie_id in fields.body_ids(body, "movieIds"):
            await asyncio.to_thread(library.delete, movie_id, bool(body.get("deleteFiles")))
        return Response(status_code=200)

    @router.get("/movie/{movie_id}")
    async def get_movie(movie_id: int) -> dict[str, Any]:
        return resource(await asyncio.to_thread(existing, movie_id))

    @router.post("/movie", status_code=201)
    async def add_movie(request: Request) -> dict[str, Any]:
        return resource(await add_one(await json_body(request)))

    @router.put("/movie/{movie_id}", status_code=202)
    @router.put("/movie", status_code=202)
    async def update_movie(
        request: Request, movie_id: int | None = None, moveFiles: bool = False
    ) -> dict[str, Any]:
        body = await json_body(request)
        movie = await asyncio.to_thread(
            existing, movie_id if movie_id is not None else body.get("id")
        )
        roots = await asyncio.to_thread(library.root_folders)
        changes = await asyncio.to_thread(
            fields.item_changes, body, movie, roots, store.paths, "movie"
        )
        changes["minimum_availability"] = movie_body.minimum_availability(
            body, movie.minimum_availability
        )
        await asyncio.to_thread(store.update, movie.id, changes)
        if "path" in changes:  # no files are moved yet: the new folder is what counts
            await asyncio.to_thread(library.rescan, movie.id)
        return resource(await asyncio.to_thread(existing, movie.id))

    @router.delete("/movie/{movie_id}")
    async def delete_movie(
        movie_id: int, deleteFiles: bool = False, addImportExclusion: bool = False
    ) -> Response:
        movie = await asyncio.to_thread(store.get, movie_id)
        if movie is not None and addImportExclusion and exclusions is not None:
            key = str(movie.tmdb_id)
            if await asyncio.to_thread(exclusions.find, key) is None:
                await asyncio.to_thread(exclusions.save, None, key, movie.title, movie.year or 0)
        if not await asyncio.to_thread(library.delete, movie_id, deleteFiles):
            raise ApiError(404, f"Movie with ID {movie_id} does not exist")
        return Response(status_code=200)

    return router
