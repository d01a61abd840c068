"""The music domain as the manager engine sees it, and the library it adds to the engine."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from mediastack.core.http import ServiceContext, ServiceSpec
from mediastack.core.roles import Role
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.grab.setup import GrabWiring, setup_grab
from mediastack.manager.importing.setup import ImportWiring, setup_import
from mediastack.manager.library.index import set_library_index
from mediastack.manager.library.mediacover import cover_caches, mediacover_router
from mediastack.manager.media_config.api import config_router
from mediastack.manager.service import manager_spec
from mediastack.music import naming
from mediastack.music.api.activity import activity_router
from mediastack.music.api.album import album_router
from mediastack.music.api.artist import artist_router
from mediastack.music.api.metadataprofile import metadataprofile_router
from mediastack.music.api.wiring import register_cutoff_search, setup_music_api
from mediastack.music.commands import register_commands
from mediastack.music.config import MusicConfigStore
from mediastack.music.grab.commands import MusicSearches
from mediastack.music.grab.presenter import MusicGrabPresenter
from mediastack.music.importing.domain import MusicImportDomain
from mediastack.music.importing.presenter import MusicImportPresenter
from mediastack.music.library.service import MusicLibrary
from mediastack.music.library.store import MusicLibraryStore
from mediastack.music.metadata.musicbrainz import MusicBrainzProvider
from mediastack.music.notifications import MusicNotifications
from mediastack.music.search.domain import MusicSearchDomain
from mediastack.music.settings import music_settings

MIGRATIONS = Path(__file__).with_name("migrations") / "versions"


def setup_library(ctx: ServiceContext, app: FastAPI) -> None:
    """Artists, albums, tracks, covers and their commands on top of the engine's routes."""
    settings = music_settings(ctx.settings)
    meta = settings.metadata
    images, covers = cover_caches(ctx.settings.config_dir / "MediaCover" / "Albums", meta)
    store = MusicLibraryStore(ctx.database)
    library = MusicLibrary(ctx.database, store, MusicBrainzProvider(meta), images)
    ctx.extras["music_library"] = library
    set_library_index(ctx, store)
    register_commands(ctx, library, settings.refresh_interval_hours)

    def refresh_later(artist_id: int) -> None:
        ctx.commands.enqueue("RefreshArtist", {"artistId": artist_id})

    base = ctx.settings.http.url_base
    setup_music_api(ctx, app, DOMAIN, library)  # artist/editor before artist/{id}
    app.include_router(artist_router(DOMAIN, library, refresh_later), prefix=base)
    app.include_router(album_router(DOMAIN, library, base), prefix=base)
    app.include_router(activity_router(DOMAIN, library, base), prefix=base)
    app.include_router(metadataprofile_router(DOMAIN, store), prefix=base)
    app.include_router(mediacover_router(covers, folder="Albums"), prefix=base)
    setup_acquisition(ctx, app, library)


def setup_acquisition(ctx: ServiceContext, app: FastAPI, library: MusicLibrary) -> None:
    """Settings, import, then grab and search (the grab path's completion handling finds
    the importer set up before it)."""
    base = ctx.settings.http.url_base
    store = library.store
    config = MusicConfigStore(ctx.database)
    app.include_router(config_router(DOMAIN, config, naming.FIELDS, naming.examples), prefix=base)
    wiring = ImportWiring(
        MusicImportDomain(ctx.database, store, config.naming),
        MusicImportPresenter(store, base),
        config.media_management,
        library.root_folders,
        "DownloadedAlbumsScan",
    )
    importer = setup_import(ctx, app, DOMAIN, wiring)
    notifier = ctx.extras.get("notifier")
    notifications = MusicNotifications(notifier, store) if notifier is not None else None
    if notifications is not None:
        importer.on_run_imported = notifications.on_release_imported
    grab = GrabWiring(
        MusicSearchDomain(store), MusicGrabPresenter(store, base), "AlbumSearch", "albumIds"
    )
    service = setup_grab(ctx, app, DOMAIN, grab)
    if notifications is not None:
        service.grabber.on_grabbed = notifications.on_grabbed
    searches = MusicSearches(service, store)
    ctx.commands.register("AlbumSearch", searches.album_search())
    ctx.commands.register("ArtistSearch", searches.artist_search())
    ctx.commands.register("MissingAlbumSearch", searches.missing_album_search())
    register_cutoff_search(ctx, searches)


DOMAIN = ManagerDomain(
    role=Role.MUSIC,
    app_name="Lidarr",
    version="2.13.3.4711",
    api_version="v1",
    category_field="musicCategory",
    library_ids_field="artistIds",
    extra_version_dirs=(MIGRATIONS,),
    setup_routes=setup_library,
)


def spec() -> ServiceSpec:
    return manager_spec(DOMAIN)
