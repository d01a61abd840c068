"""TMDB v3 (https://api.themoviedb.org/3): movie metadata with the user's own API key.

Calls used: ``/search/movie?query=[&year=]`` (text), ``/find/{imdb}?external_source=imdb_id``
(IMDb ids), ``/movie/{id}?append_to_response=alternative_titles,release_dates,external_ids,
images`` (one call for everything a movie needs) and ``/configuration`` once for the image
base URL. TMDB's own errors are told apart: 401 (status_code 7) is a missing or wrong key,
which the user must fix in the settings; 404 (34) an unknown id; 422 a refused query.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from mediastack.manager.metadata import (
    ExternalId,
    MetadataError,
    MetadataNotFoundError,
    MetadataUnavailableError,
)
from mediastack.manager.metadata.http import JsonApi, RetryPolicy
from mediastack.movies.metadata.models import MovieInfo
from mediastack.movies.metadata.tmdb_mapping import (
    error_of,
    found_movie_ids,
    image_base,
    map_movie,
    search_results,
)
from mediastack.movies.settings import DEFAULT_IMAGE_BASE_URL, KEY_SETTING, MetadataSettings

APPENDED = "alternative_titles,release_dates,external_ids,images"
_TRAILING_YEAR = re.compile(r"^(?P<title>.+?)[\s.]+\(?(?P<year>(?:18|19|20)\d\d)\)?$")
_IMDB = re.compile(r"^tt\d{5,10}$")


class TmdbKeyError(MetadataUnavailableError):
    """No TMDB API key is set, or TMDB refused it: only the user can fix this."""


def split_year(term: str) -> tuple[str, int | None]:
    """``"The Matrix Reloaded (2003)"`` -> ``("The Matrix Reloaded", 2003)``."""
    match = _TRAILING_YEAR.match(term.strip())
    if match is None:
        return term.strip(), None
    return match.group("title").strip(), int(match.group("year"))


class _TmdbApi(JsonApi):
    """The engine's polite JSON client, plus TMDB's v4 token header when one is used."""

    def __init__(self, bearer: str | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if bearer:
            self._client.headers["Authorization"] = f"Bearer {bearer}"


class TmdbProvider:
    """``MetadataProvider[MovieInfo]`` over TMDB; one instance per service."""

    name = "TMDB"

    def __init__(
        self, settings: MetadataSettings, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self._settings = settings
        self._transport = transport
        self._image_base: str | None = settings.image_base_url or None

    @property
    def configured(self) -> bool:
        return self._settings.has_key

    def _key(self) -> str:
        key = self._settings.tmdb_api_key.get_secret_value().strip()
        if not key:
            raise TmdbKeyError(f"No TMDB API key is set. Set {KEY_SETTING} to your own key.")
        return key

    def _api(self) -> _TmdbApi:
        key = self._key()
        return _TmdbApi(
            key if key.startswith("eyJ") else None,
            base_url=self._settings.tmdb_url,
            provider=self.name,
            timeout=self._settings.timeout_seconds,
            retry=RetryPolicy(
                self._settings.rate_limit_retries, self._settings.rate_limit_backoff_seconds
            ),
            transport=self._transport,
        )

    async def _get(self, api: JsonApi, path: str, params: dict[str, Any] | None = None) -> Any:
        query = dict(params or {})
        key = self._key()
        if not key.startswith("eyJ"):
            query["api_key"] = key
        response = await api.response(path, query)
        if response.status_code == 200:
            return api.decode(response)
        try:
            body: Any = json.loads(response.content)
        except ValueError:
            body = None
        code, message = error_of(body)
        if response.status_code == 401 or code in (3, 7, 10):
            raise TmdbKeyError(
                f"TMDB rejected the API key ({message or 'HTTP 401'}). "
                f"Set {KEY_SETTING} to a valid key."
            )
        if response.status_code == 404:
            raise MetadataNotFoundError(f"TMDB has no {path} ({message or 'not found'})")
        if response.status_code in (400, 422):
            raise MetadataError(f"TMDB refused the request: {message or response.status_code}")
        return api.decode(response)  # raises MetadataUnavailableError with the status

    async def _images(self, api: JsonApi) -> str:
        """The image base from ``/configuration``, asked once per process."""
        if self._image_base is None:
            try:
                found = image_base(await self._get(api, "/configuration"))
            except TmdbKeyError:
                raise
            except MetadataError:  # a mirror without /configuration: TMDB's known base
                found = None
            self._image_base = found or DEFAULT_IMAGE_BASE_URL
        return self._image_base

    def _map(self, raw: Any, base: str) -> MovieInfo:
        s = self._settings
        return map_movie(raw, base, s.release_country, s.poster_size, s.fanart_size)

    async def search(self, term: str) -> list[MovieInfo]:
        title, year = split_year(term)
        async with self._api() as api:
            base = await self._images(api)
            attempts: list[dict[str, Any]] = [{"query": title, "year": year}] if year else []
            attempts.append({"query": term.strip()})
            for params in attempts:
                try:
                    page = await self._get(api, "/search/movie", params)
                except MetadataNotFoundError:
                    continue
                except TmdbKeyError:
                    raise
                except MetadataError:  # 422: an empty or unusable query matches nothing
                    return []
                try:
                    results = search_results(page)
                except ValueError as exc:
                    raise MetadataUnavailableError("TMDB search answered an odd shape") from exc
                if results:
                    return [self._map(r, base) for r in results]
        return []

    async def lookup(self, external: ExternalId) -> MovieInfo | None:
        source, value = external.source.lower(), external.value.strip()
        if source == "tmdb":
            if not value.isdigit():
                return None
            try:
                return await self.fetch(int(value))
            except MetadataNotFoundError:
                return None
        if source != "imdb":
            raise MetadataError(f"TMDB cannot look up '{external.source}' ids")
        if not _IMDB.match(value):
            return None
        async with self._api() as api:
            try:
                found = await self._get(api, f"/find/{value}", {"external_source": "imdb_id"})
            except MetadataNotFoundError:
                return None
        try:
            ids = found_movie_ids(found)
        except ValueError as exc:
            raise MetadataUnavailableError("TMDB find answered an odd shape") from exc
        if not ids:
            return None
        try:
            return await self.fetch(ids[0])
        except MetadataNotFoundError:
            return None

    async def fetch(self, provider_id: int) -> MovieInfo:
        async with self._api() as api:
            base = await self._images(api)
            raw = await self._get(
                api, f"/movie/{int(provider_id)}", {"append_to_response": APPENDED}
            )
        if not isinstance(raw, dict):
            raise MetadataUnavailableError("TMDB answered an unexpected shape")
        try:
            return self._map(raw, base)
        except ValueError as exc:
            raise MetadataUnavailableError(str(exc)) from exc
