"""``RefreshArtist`` and ``RescanArtist``: the library's persisted commands.

The MusicBrainz pacer is process-wide, so a refresh and an API lookup running at once still
share one request per second. Without ``artistId``/``artistIds`` they cover the whole
library, which is what the schedule queues; ``forceAlbumRefresh`` refreshes every album's
track list, however recent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mediastack.core.http import ServiceContext
from mediastack.manager.library.commands import LibraryCommands
from mediastack.music.library.model import Artist
from mediastack.music.library.service import ArtistNotFoundError, MusicLibrary


def register_commands(ctx: ServiceContext, library: MusicLibrary, every_hours: float) -> None:
    commands = LibraryCommands(
        "artistId", "artistIds", "artist", "artist(s)", library.store.ids, ArtistNotFoundError
    )

    async def refresh(artist_id: int, body: Mapping[str, Any]) -> Artist:
        return await library.refresh(artist_id, bool(body.get("forceAlbumRefresh")))

    commands.register(ctx, "Artist", refresh, library.rescan, every_hours)
