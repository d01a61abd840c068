"""Exceptions the engine raises; each maps to one HTTP answer in the WebAPI layer.

Every error is raised *before* anything is changed (no half-added torrent, no file written),
so the caller can report it and carry on.
"""

from __future__ import annotations


class TorrentEngineError(Exception):
    """Base class of every error the engine raises on purpose."""


class InvalidTorrentError(TorrentEngineError):
    """The .torrent bytes are unreadable, too big, too deep, or name hostile files.

    The qBittorrent WebAPI answers 415 with the message for this.
    """


class InvalidMagnetError(TorrentEngineError):
    """A magnet link is not a BitTorrent magnet with a usable info-hash."""


class TorrentNotFoundError(TorrentEngineError, KeyError):
    """No torrent with that info-hash is loaded (WebAPI: 404)."""

    def __init__(self, info_hash: str) -> None:
        super().__init__(info_hash)
        self.info_hash = info_hash

    def __str__(self) -> str:
        return f"no torrent with hash {self.info_hash!r}"


class DuplicateTorrentError(TorrentEngineError):
    """The torrent is already loaded (qBittorrent answers ``Fails.`` for this)."""

    def __init__(self, info_hash: str) -> None:
        super().__init__(f"torrent {info_hash} is already loaded")
        self.info_hash = info_hash


class CategoryError(TorrentEngineError):
    """A category name is invalid, unknown, or already exists (WebAPI: 409)."""


class TagError(TorrentEngineError):
    """A tag name is invalid (WebAPI: 400)."""


class InvalidArgumentError(TorrentEngineError, ValueError):
    """Any other argument outside its allowed range (file index, priority, peer, path)."""


class EngineStateError(TorrentEngineError):
    """The engine is not running (or already running) for the requested operation."""


class ConflictError(TorrentEngineError):
    """The request contradicts the current state (an unknown web seed to edit; WebAPI: 409)."""
