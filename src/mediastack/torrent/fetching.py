"""Fetching a small document for the service (a .torrent, an RSS feed) from a URL.

Only ``http``/``https`` are fetched; redirects are followed by hand (at most
:data:`MAX_REDIRECTS`) so each hop's scheme is checked again, and a redirect to a
``magnet:`` link (as indexer proxies send) is handed back instead of followed. The byte cap
is enforced while streaming, whatever ``Content-Length`` claims. httpx is imported on the
first fetch: most running services never fetch anything.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 5


class FetchRefused(Exception):
    """A URL the service will not fetch, or whose answer is unusable."""


async def fetch(url: str, *, max_bytes: int, timeout: float) -> bytes | str:
    """GET ``url``: the body (bytes), or the ``magnet:`` link a redirect pointed to (str)."""
    import httpx

    current = url
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            if current.lower().startswith("magnet:"):
                return current
            scheme = urlsplit(current).scheme.lower()
            if scheme not in ("http", "https"):
                raise FetchRefused(f"only http and https URLs are fetched, not {scheme or '?'}:")
            try:
                async with client.stream("GET", current) as reply:
                    if reply.is_redirect:
                        current = urljoin(current, reply.headers.get("location", ""))
                        continue
                    if reply.status_code != 200:
                        raise FetchRefused(f"HTTP {reply.status_code}")
                    declared = reply.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_bytes:
                        raise FetchRefused(f"larger than {max_bytes} bytes")
                    chunks: list[bytes] = []
                    total = 0
                    async for chunk in reply.aiter_bytes():
                        total += len(chunk)
                        if total > max_bytes:
                            raise FetchRefused(f"larger than {max_bytes} bytes")
                        chunks.append(chunk)
                    return b"".join(chunks)
            except httpx.HTTPError as exc:
                raise FetchRefused(str(exc) or type(exc).__name__) from None
    raise FetchRefused("too many redirects")
