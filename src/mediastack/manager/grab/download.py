"""Fetching the .torrent or .nzb of a release, with a size cap and magnet passthrough.

Indexers (Jackett and Prowlarr especially) often answer a torrent download with a
redirect to a ``magnet:`` link, which httpx cannot follow; that link is returned as text
for the client to resolve, as the originals do. Redirects are followed by hand for that
reason, at most a few hops.
"""

from __future__ import annotations

from urllib.parse import urljoin

import httpx

MAX_REDIRECTS = 5


class ReleaseDownloadError(Exception):
    """The release file could not be fetched (HTTP error, too big, not a file)."""


async def fetch_release_file(http: httpx.AsyncClient, url: str, max_bytes: int) -> bytes | str:
    """The file's bytes, or a magnet URI (str) when the URL is or redirects to one."""
    for _ in range(MAX_REDIRECTS + 1):
        if url.startswith("magnet:"):
            return url
        try:
            async with http.stream("GET", url) as response:
                if response.is_redirect:
                    location = response.headers.get("Location", "")
                    if not location:
                        raise ReleaseDownloadError("Redirect without a location")
                    url = location if location.startswith("magnet:") else urljoin(url, location)
                    continue
                if response.status_code >= 400:
                    raise ReleaseDownloadError(
                        f"Downloading the release file failed: HTTP {response.status_code}"
                    )
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise ReleaseDownloadError(f"Release file is larger than {max_bytes} bytes")
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise ReleaseDownloadError(f"Release file is larger than {max_bytes} bytes")
                if not body:
                    raise ReleaseDownloadError("The indexer sent an empty release file")
                return bytes(body)
        except httpx.HTTPError as exc:
            raise ReleaseDownloadError(f"Downloading the release file failed: {exc}") from exc
    raise ReleaseDownloadError("Too many redirects")
