"""``RefreshArtist`` and ``RescanArtist``: the library's persisted commands.

Handlers run in a command worker thread (``core.jobs``), so the async provider calls get a
private event loop per command; the MusicBrainz pacer is process-wide, so a refresh and an
API lookup running at once still share one request per second. Without
``artistId``/``artistIds`` they cover the whole library, which is what the schedule queues.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from mediastack.core.jobs import CommandHandler
from mediastack.manager.library.commands import run_each
from mediastack.manager.metadata import MetadataError
from mediastack.music.library.service import ArtistNotFoundError, MusicLibrary


def _targets(library: MusicLibrary, body: Mapping[str, Any]) -> list[int]:
    if isinstance(body.get("artistId"), int):
        return [int(body["artistId"])]
    ids = body.get("artistIds")
    if isinstance(ids, list) and ids:
        return [int(i) for i in ids if isinstance(i, int)]
    return library.store.ids()


def refresh_artist(library: MusicLibrary) -> CommandHandler:
    def run(body: Mapping[str, Any]) -> str:
        targets = _targets(library, body)
        force = bool(body.get("forceAlbumRefresh"))
        failures = run_each(
            targets,
            lambda artist_id: asyncio.run(library.refresh(artist_id, force)),
            (MetadataError, ArtistNotFoundError),
            "refresh of artist",
        )
        done = len(targets) - len(failures)
        return f"Refreshed {done} artist(s)" + (f", {len(failures)} failed" if failures else "")

    return run


def rescan_artist(library: MusicLibrary) -> CommandHandler:
    def run(body: Mapping[str, Any]) -> str:
        added = removed = 0
        targets = _targets(library, body)
        for artist_id in targets:
            result = library.rescan(artist_id)
            added, removed = added + result.added, removed + result.removed
        return f"Rescanned {len(targets)} artist(s): {added} files added, {removed} removed"

    return run
