"""``RefreshArtist`` and ``RescanArtist``: the library's persisted commands.

The MusicBrainz pacer is process-wide, so a refresh and an API lookup running at once still
share one request per second. Without ``artistId``/``artistIds`` they cover the whole
library, which is what the schedule queues; ``forceAlbumRefresh`` refreshes every album's
track list, however recent.
"""

from __future__ import annotations

from mediastack.core.jobs import CommandHandler
from mediastack.manager.library.commands import LibraryCommands
from mediastack.music.library.service import ArtistNotFoundError, MusicLibrary


def _commands(library: MusicLibrary) -> LibraryCommands:
    ids = library.store.ids
    return LibraryCommands("artistId", "artistIds", "artist", "artist(s)", ids, ArtistNotFoundError)


def refresh_artist(library: MusicLibrary) -> CommandHandler:
    return _commands(library).refresh(
        lambda artist_id, body: library.refresh(artist_id, bool(body.get("forceAlbumRefresh")))
    )


def rescan_artist(library: MusicLibrary) -> CommandHandler:
    return _commands(library).rescan(library.rescan)
