"""MusicBrainz WS/2 (https://musicbrainz.org/doc/MusicBrainz_API) and the Cover Art Archive.

Calls used, all with ``fmt=json``: ``/artist?query=`` (text search), ``/artist/{mbid}``
(``inc=aliases+url-rels+tags+genres+ratings``), ``/release-group?artist={mbid}&type=…``
(browse, paged by 100), ``/release-group/{mbid}`` (``inc=releases+media+artist-credits``),
``/release-group?query=`` (album search), ``/release/{mbid}``
(``inc=recordings+media+artist-credits``) and the archive's ``/release/{mbid}``. Every
MusicBrainz call waits for the process-wide one-per-second slot; a 503 (MusicBrainz's
"too fast") is retried after a back-off that delays every caller.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import httpx

from mediastack.manager.metadata import (
    ExternalId,
    MetadataError,
    MetadataNotFoundError,
    MetadataUnavailableError,
)
from mediastack.manager.metadata.http import JsonApi, RetryPolicy
from mediastack.manager.metadata.rate_limit import shared_limiter
from mediastack.manager.metadata.throttled_http import ThrottledJsonApi
from mediastack.music.metadata.models import AlbumInfo, ArtistInfo, ReleaseInfo
from mediastack.music.metadata.musicbrainz_mapping import (
    PRIMARY_TYPES,
    front_cover,
    map_artist,
    map_release,
    map_release_group,
)
from mediastack.music.settings import MetadataSettings

MBID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ARTIST_INC = "aliases+url-rels+tags+genres+ratings"
RELEASE_GROUP_INC = "releases+media+artist-credits"
RELEASE_INC = "recordings+media+artist-credits+labels"
BROWSE_PAGE = 100
MAX_BROWSE_PAGES = 20  # 2,000 release groups: more than any real discography
SEARCH_LIMIT = 25


def is_mbid(value: str) -> bool:
    return bool(MBID.match(value.strip().lower()))


def _items(raw: object, key: str) -> list[dict[str, Any]]:
    if not isinstance(raw, dict) or not isinstance(raw.get(key), list):
        raise MetadataUnavailableError(f"MusicBrainz answered an unexpected shape ({key})")
    return [i for i in raw[key] if isinstance(i, dict) and i.get("id")]


class MusicBrainzProvider:
    """``MetadataProvider[ArtistInfo]`` over MusicBrainz; one instance per service."""

    name = "MusicBrainz"

    def __init__(
        self, settings: MetadataSettings, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self._settings = settings
        self._transport = transport
        host = urlsplit(settings.musicbrainz_url).netloc or settings.musicbrainz_url
        self.limiter = shared_limiter(f"musicbrainz:{host}", settings.rate_limit_interval_seconds)

    def _api(self) -> JsonApi:
        s = self._settings
        return ThrottledJsonApi(
            s.musicbrainz_url,
            self.name,
            self.limiter,
            s.user_agent,
            timeout=s.timeout_seconds,
            retry=RetryPolicy(s.rate_limit_retries, s.rate_limit_backoff_seconds),
            default_params={"fmt": "json"},
            transport=self._transport,
        )

    # The provider protocol ------------------------------------------------------------

    async def search(self, term: str) -> list[ArtistInfo]:
        async with self._api() as api:
            found = await api.get("/artist", {"query": term, "limit": str(SEARCH_LIMIT)})
        return [map_artist(item) for item in _items(found, "artists")]

    async def lookup(self, external: ExternalId) -> ArtistInfo | None:
        if external.source not in ("musicbrainz", "lidarr", "mbid"):
            raise MetadataError(f"MusicBrainz cannot look up '{external.source}' ids")
        if not is_mbid(external.value):
            return None
        async with self._api() as api:
            try:
                raw = await api.get(f"/artist/{external.value.lower()}", {"inc": ARTIST_INC})
            except MetadataNotFoundError:
                return None
        if not isinstance(raw, dict) or not raw.get("id"):
            raise MetadataUnavailableError("MusicBrainz answered an unexpected shape (artist)")
        return map_artist(raw)

    async def fetch(self, provider_id: int) -> ArtistInfo:
        raise MetadataError("MusicBrainz artists are identified by MBID; use fetch_artist")

    # Music specifics ------------------------------------------------------------------

    async def fetch_artist(self, mbid: str, album_types: list[str] | None = None) -> ArtistInfo:
        """The artist with its release groups (without releases), of the given primary
        types; raises ``MetadataNotFoundError`` for an unknown MBID."""
        if not is_mbid(mbid):
            raise MetadataNotFoundError(f"'{mbid}' is not a MusicBrainz id")
        types = [t.lower() for t in (album_types or PRIMARY_TYPES) if t in PRIMARY_TYPES]
        async with self._api() as api:
            raw = await api.get(f"/artist/{mbid.lower()}", {"inc": ARTIST_INC})
            if not isinstance(raw, dict) or not raw.get("id"):
                raise MetadataUnavailableError("MusicBrainz answered an unexpected shape (artist)")
            groups: list[dict[str, Any]] = []
            for page in range(MAX_BROWSE_PAGES):
                params = {
                    "artist": mbid.lower(),
                    "type": "|".join(types),
                    "limit": str(BROWSE_PAGE),
                    "offset": str(page * BROWSE_PAGE),
                }
                browsed = await api.get("/release-group", params)
                items = _items(browsed, "release-groups")
                groups += items
                total = browsed.get("release-group-count") if isinstance(browsed, dict) else None
                if len(items) < BROWSE_PAGE or (isinstance(total, int) and len(groups) >= total):
                    break
        albums = [map_release_group(g) for g in groups]
        return map_artist(raw, albums=albums)

    async def fetch_album(self, mbid: str) -> AlbumInfo:
        """One release group with its releases and their media (no tracks)."""
        async with self._api() as api:
            raw = await api.get(f"/release-group/{mbid.lower()}", {"inc": RELEASE_GROUP_INC})
        if not isinstance(raw, dict) or not raw.get("id"):
            raise MetadataUnavailableError("MusicBrainz answered an unexpected shape (album)")
        return map_release_group(raw)

    async def search_albums(self, term: str) -> list[AlbumInfo]:
        async with self._api() as api:
            if is_mbid(term):
                try:
                    raw = await api.get(
                        f"/release-group/{term.strip().lower()}", {"inc": RELEASE_GROUP_INC}
                    )
                except MetadataNotFoundError:
                    return []
                return [map_release_group(raw)] if isinstance(raw, dict) and raw.get("id") else []
            found = await api.get("/release-group", {"query": term, "limit": str(SEARCH_LIMIT)})
        return [map_release_group(item) for item in _items(found, "release-groups")]

    async def fetch_release(self, mbid: str) -> ReleaseInfo:
        """One release with its media and tracks (recordings)."""
        async with self._api() as api:
            raw = await api.get(f"/release/{mbid.lower()}", {"inc": RELEASE_INC})
        if not isinstance(raw, dict) or not raw.get("id"):
            raise MetadataUnavailableError("MusicBrainz answered an unexpected shape (release)")
        return map_release(raw)

    async def cover(self, release_mbid: str) -> str | None:
        """The front cover URL from the Cover Art Archive; None when it has no art or is
        unreachable (a missing cover never fails an add or a refresh)."""
        s = self._settings
        try:
            async with JsonApi(
                s.coverart_url,
                "Cover Art Archive",
                timeout=s.timeout_seconds,
                retry=RetryPolicy(2, s.rate_limit_backoff_seconds),
                transport=self._transport,
            ) as api:
                raw = await api.get(f"/release/{release_mbid.lower()}")
        except MetadataError:
            return None
        return front_cover(raw) if isinstance(raw, dict) else None
