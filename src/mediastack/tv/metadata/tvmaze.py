"""TVmaze (https://www.tvmaze.com/api): free, keyless TV metadata with TVDB and IMDb ids.

Calls used: ``/search/shows?q=`` (text), ``/lookup/shows?thetvdb=|imdb=`` (a 301 to the
show; a mirror may answer the show directly), ``/shows/{id}?embed=seasons``,
``/shows/{id}/episodes?specials=1`` and ``/shows/{id}/images`` (fanart, optional). The base
URL is a setting so tests and offline users can point at a mirror.
"""

from __future__ import annotations

import dataclasses
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
from mediastack.tv.metadata.models import SeriesInfo
from mediastack.tv.metadata.tvmaze_mapping import map_show, pick_fanart
from mediastack.tv.settings import MetadataSettings

_SHOW_LOCATION = re.compile(r"/shows/(\d+)")
_LOOKUP_PARAMS = {"tvdb": "thetvdb", "imdb": "imdb", "tvrage": "tvrage"}


class TvMazeProvider:
    """``MetadataProvider[SeriesInfo]`` over TVmaze; one instance per service."""

    name = "TVmaze"

    def __init__(
        self, settings: MetadataSettings, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self._settings = settings
        self._transport = transport

    def _api(self) -> JsonApi:
        return JsonApi(
            self._settings.tvmaze_url,
            self.name,
            timeout=self._settings.timeout_seconds,
            retry=RetryPolicy(
                self._settings.rate_limit_retries, self._settings.rate_limit_backoff_seconds
            ),
            transport=self._transport,
        )

    async def search(self, term: str) -> list[SeriesInfo]:
        async with self._api() as api:
            try:
                found = await api.get("/search/shows", {"q": term})
            except MetadataNotFoundError:
                return []
        if not isinstance(found, list):
            raise MetadataUnavailableError("TVmaze search answered an unexpected shape")
        return [
            map_show(hit["show"])
            for hit in found
            if isinstance(hit, dict) and isinstance(hit.get("show"), dict)
        ]

    async def lookup(self, external: ExternalId) -> SeriesInfo | None:
        async with self._api() as api:
            if external.source == "tvmaze":
                show_id = int(external.value)
            else:
                param = _LOOKUP_PARAMS.get(external.source)
                if param is None:
                    raise MetadataError(f"TVmaze cannot look up '{external.source}' ids")
                response = await api.response("/lookup/shows", {param: external.value})
                if response.status_code == 404:
                    return None
                if response.is_redirect:
                    match = _SHOW_LOCATION.search(response.headers.get("location", ""))
                    if match is None:
                        raise MetadataUnavailableError("TVmaze lookup redirected elsewhere")
                    show_id = int(match.group(1))
                else:
                    show_id = int(api.decode(response)["id"])
            try:
                raw = await api.get(f"/shows/{show_id}", {"embed": "seasons"})
            except MetadataNotFoundError:
                return None
        return map_show(raw)

    async def fetch(self, provider_id: int) -> SeriesInfo:
        async with self._api() as api:
            raw = await api.get(f"/shows/{int(provider_id)}", {"embed": "seasons"})
            episodes = await api.get(f"/shows/{int(provider_id)}/episodes", {"specials": "1"})
            if not isinstance(raw, dict) or not isinstance(episodes, list):
                raise MetadataUnavailableError("TVmaze answered an unexpected shape")
            fanart = await self._fanart(api, provider_id)
        return dataclasses.replace(map_show(raw, episodes), fanart_url=fanart)

    @staticmethod
    async def _fanart(api: JsonApi, provider_id: int) -> str | None:
        """Backgrounds live on a separate call; a show without one is no failure."""
        try:
            images: Any = await api.get(f"/shows/{int(provider_id)}/images")
        except MetadataNotFoundError:
            return None
        return pick_fanart(images) if isinstance(images, list) else None
