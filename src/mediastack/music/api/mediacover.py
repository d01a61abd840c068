"""``/MediaCover/Albums/{albumId}/cover.jpg``: album covers from the local cache, where
Lidarr serves them.

Authenticated like the API; ``?lastWrite=`` cache-busters and the ``-250`` size variants
clients ask for are accepted (we keep one size). Artists have no images of their own on
MusicBrainz, so ``/MediaCover/Artists/...`` answers 404.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.metadata.images import ImageCache


def mediacover_router(images: ImageCache) -> APIRouter:
    router = APIRouter(dependencies=[Depends(require_auth)])

    @router.get("/MediaCover/Albums/{album_id}/{file_name}")
    def album_cover(album_id: int, file_name: str) -> FileResponse:
        path = images.path(album_id, file_name)
        if path is None and "-" in file_name:  # cover-250.jpg
            stem, _, rest = file_name.partition("-")
            path = images.path(album_id, f"{stem}.{rest.rsplit('.', 1)[-1]}")
        if path is None:
            raise ApiError(404, "Cover not found")
        return FileResponse(path, media_type="image/jpeg")

    return router
