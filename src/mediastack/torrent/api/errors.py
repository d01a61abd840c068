"""qBittorrent answers errors as short plain-text sentences with the status code."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response

from mediastack.core.http import FieldError
from mediastack.torrent.engine import (
    CategoryError,
    ConflictError,
    DuplicateTorrentError,
    EngineStateError,
    InvalidArgumentError,
    InvalidMagnetError,
    InvalidTorrentError,
    TagError,
    TorrentEngineError,
    TorrentNotFoundError,
)


def qbt_error(request: Request, status: int, message: str, errors: list[FieldError]) -> Response:
    return PlainTextResponse(message, status_code=status)


# Engine errors -> qBittorrent's status codes. Endpoints with a different convention
# (``setCategory`` says 409 for an unknown category, ``add`` answers ``Fails.``) catch
# the error themselves; everything else lands here.
_ENGINE_STATUS: list[tuple[type[TorrentEngineError], int]] = [
    (TorrentNotFoundError, 404),
    (InvalidTorrentError, 415),
    (CategoryError, 409),
    (ConflictError, 409),
    (EngineStateError, 409),
    (TagError, 400),
    (InvalidMagnetError, 400),
    (InvalidArgumentError, 400),
    (DuplicateTorrentError, 409),
]


def engine_error_status(exc: TorrentEngineError) -> tuple[int, str]:
    """The status and sentence qBittorrent would answer for ``exc``."""
    if isinstance(exc, TorrentNotFoundError):
        return 404, "Not Found"
    if isinstance(exc, EngineStateError) and "queueing" in str(exc):
        return 409, "Torrent queueing must be enabled"
    for kind, status in _ENGINE_STATUS:
        if isinstance(exc, kind):
            return status, str(exc)
    return 409, str(exc)


def install_engine_error_handler(app: FastAPI) -> None:
    """Render engine errors raised by any torrent endpoint as qBittorrent's plain text."""

    async def on_engine_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, TorrentEngineError)
        status, message = engine_error_status(exc)
        return PlainTextResponse(message, status_code=status)

    app.add_exception_handler(TorrentEngineError, on_engine_error)
