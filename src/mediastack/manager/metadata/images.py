"""The local cover cache: ``<config_dir>/MediaCover/<itemId>/<type>.jpg``, as the originals have it.

Clients and the UI ask for ``/MediaCover/{id}/poster.jpg`` rather than hot-linking the
provider; the files are fetched on add and refresh, best effort (a missing cover never fails
an add), bounded in size, and written atomically so a reader never sees half an image.
"""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

import httpx

from mediastack.core.fs import atomic_write

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 10 * 1024 * 1024
_FILE_NAME = re.compile(r"^[a-z]+(?:-\d+)?\.(?:jpg|png)$")


class ImageCache:
    def __init__(self, root: Path, max_bytes: int = MAX_IMAGE_BYTES, timeout: float = 15.0) -> None:
        self.root = root
        self._max_bytes = max_bytes
        self._timeout = timeout

    def folder(self, item_id: int) -> Path:
        return self.root / str(int(item_id))

    def path(self, item_id: int, file_name: str) -> Path | None:
        """The cached file for a request, or None (also for any name that is not ours)."""
        base = file_name.split("?", 1)[0]
        if not _FILE_NAME.match(base):
            return None
        candidate = self.folder(item_id) / base
        return candidate if candidate.is_file() else None

    async def store(self, item_id: int, images: Mapping[str, str]) -> list[str]:
        """Download ``{cover_type: url}``; returns the cover types now cached."""
        stored: list[str] = []
        async with httpx.AsyncClient(timeout=self._timeout, follow_redirects=True) as client:
            for cover_type, url in images.items():
                if not url.startswith(("http://", "https://")):
                    continue
                try:
                    data = await self._download(client, url)
                except (httpx.HTTPError, ValueError) as exc:
                    log.info("cover %s for %s not cached: %s", cover_type, item_id, exc)
                    continue
                target = self.folder(item_id) / f"{cover_type}.jpg"
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    atomic_write(target, data)
                except OSError as exc:  # the item was deleted meanwhile, a full disk, ...
                    log.info("cover %s for %s not written: %s", cover_type, item_id, exc)
                    continue
                stored.append(cover_type)
        return stored

    async def _download(self, client: httpx.AsyncClient, url: str) -> bytes:
        async with client.stream("GET", url) as response:
            response.raise_for_status()
            declared = int(response.headers.get("content-length") or 0)
            if declared > self._max_bytes:
                raise ValueError(f"image of {declared} bytes is over the limit")
            chunks: list[bytes] = []
            total = 0
            async for chunk in response.aiter_bytes():
                total += len(chunk)
                if total > self._max_bytes:
                    raise ValueError("image is over the size limit")
                chunks.append(chunk)
        return b"".join(chunks)

    def forget(self, item_id: int) -> None:
        shutil.rmtree(self.folder(item_id), ignore_errors=True)
