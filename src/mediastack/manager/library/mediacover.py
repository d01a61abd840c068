"""``/MediaCover/{itemId}/{file}``: covers from the local cache, as the originals serve them.

Shared by every media kind (series, movie and artist ids index the same cache layout).
Authenticated like the API; ``?lastWrite=`` cache-busters and the ``-250``/``-500`` size
variants clients ask for are accepted and answered with the one size we keep.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.library.settings import ProviderSettings
from mediastack.manager.metadata.images import ImageCache


def cover_caches(folder: Path, settings: ProviderSettings) -> tuple[ImageCache | None, ImageCache]:
    """The cache new covers go to (none when the user keeps no covers) and the one covers
    are served from (what was kept before still is)."""
    served = ImageCache(folder, max_bytes=settings.max_image_bytes)
    return (served if settings.download_images else None), served


def mediacover_router(
    images: ImageCache, api_prefix: str | None = None, folder: str | None = None
) -> APIRouter:
    """Covers at ``/MediaCover/...`` and, with ``api_prefix``, also at
    ``/api/v3/mediacover/...`` (Radarr's spec lists that route as well). ``folder`` puts
    them one level down, as Lidarr's ``/MediaCover/Albums/{albumId}/...``."""
    router = APIRouter(dependencies=[Depends(require_auth)])
    base = f"/MediaCover/{folder}" if folder else "/MediaCover"

    @router.get(f"{base}/{{item_id}}/{{file_name}}")
    def cover(item_id: int, file_name: str) -> FileResponse:
        path = images.path(item_id, file_name)
        if path is None and "-" in file_name:  # poster-250.jpg: we keep one size
            stem, _, rest = file_name.partition("-")
            path = images.path(item_id, f"{stem}.{rest.rsplit('.', 1)[-1]}")
        if path is None:
            raise ApiError(404, "Cover not found")
        return FileResponse(path, media_type="image/jpeg")

    if api_prefix:  # the compat middleware lower-cases every /api path before routing
        router.add_api_route(f"{api_prefix.lower()}/mediacover/{{item_id}}/{{file_name}}", cover)
    return router
