"""Mounting the artist editor, track file edits, cutoff and exclusion routes.

Mounted before the artist routes (``artist/editor`` must win over ``artist/{id}``); file
deletes read the import's recycle bin when they run, and the cutoff search is registered
once the grab path exists.
"""

from __future__ import annotations

from fastapi import FastAPI

from mediastack.core.http import ServiceContext
from mediastack.manager.api.exclusions import LIDARR_EXCLUSIONS, exclusions_router
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.history import HistoryStore
from mediastack.manager.import_list_exclusions import ImportListExclusionStore
from mediastack.manager.library.file_edits import FileEdits
from mediastack.manager.library.file_removal import FileRemoval
from mediastack.music.api.artist_editor import artist_editor_router
from mediastack.music.api.cutoff_unmet import CutoffUnmet, cutoff_router, cutoff_unmet_search
from mediastack.music.api.trackfile import trackfile_router
from mediastack.music.grab.commands import MusicSearches
from mediastack.music.library.rows import TrackFileRow, TrackRow
from mediastack.music.library.service import MusicLibrary

CUTOFF_KEY = "music_cutoff_unmet"


def setup_music_api(
    ctx: ServiceContext, app: FastAPI, domain: ManagerDomain, library: MusicLibrary
) -> None:
    base = ctx.settings.http.url_base
    exclusions = ImportListExclusionStore(ctx.database)
    app.include_router(artist_editor_router(domain, library, exclusions), prefix=base)
    app.include_router(exclusions_router(domain, exclusions, LIDARR_EXCLUSIONS), prefix=base)

    def recycle_bin() -> str | None:
        importer = ctx.extras.get("importer")
        return importer.settings().recycle_bin if importer is not None else None

    removal = FileRemoval(HistoryStore(ctx.database), recycle_bin, ctx.ownership)
    edits = FileEdits(ctx.database, TrackFileRow, (TrackRow.track_file_id,))
    app.include_router(trackfile_router(domain, library.store, edits, removal), prefix=base)
    cutoff = CutoffUnmet(ctx.database, library, ctx.extras.get("quality_profiles"))
    ctx.extras[CUTOFF_KEY] = cutoff
    app.include_router(cutoff_router(domain, cutoff, library, base), prefix=base)


def register_cutoff_search(ctx: ServiceContext, searches: MusicSearches) -> None:
    cutoff: CutoffUnmet = ctx.extras[CUTOFF_KEY]
    ctx.commands.register("CutoffUnmetAlbumSearch", cutoff_unmet_search(cutoff, searches.albums))
