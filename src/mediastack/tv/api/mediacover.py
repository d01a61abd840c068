"""``/MediaCover/{seriesId}/{file}``: covers from the local cache, as Sonarr serves them.

Authenticated like the API (the originals serve covers to logged-in UIs and API clients);
``?lastWrite=`` cache-busters and the ``-250`` size variants clients ask for are accepted.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from mediastack.core.http import ApiError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.metadata.images import ImageCache


def mediacover_router(images: ImageCache) -> APIRouter:
    router = APIRouter(dependencies=[Depends(require_auth)])

    @router.get("/MediaCover/{series_id}/{file_name}")
    def cover(series_id: int, file_name: str) -> FileResponse:
        path = images.path(series_id, file_name)
        if path is None and "-" in file_name:  # poster-250.jpg: we keep one size
            stem, _, rest = file_name.partition("-")
            path = images.path(series_id, f"{stem}.{rest.rsplit('.', 1)[-1]}")
        if path is None:
            raise ApiError(404, "Cover not found")
        return FileResponse(path, media_type="image/jpeg")

    return router
