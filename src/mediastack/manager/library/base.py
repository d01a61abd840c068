"""What every media kind's library service holds: the database, its store, its metadata
provider and the cover cache, and the configured root folders it adds into."""

from __future__ import annotations

from typing import Generic, TypeVar

from mediastack.core.db import Database
from mediastack.manager.library.roots import root_folder_paths
from mediastack.manager.metadata.images import ImageCache

StoreT = TypeVar("StoreT")
ProviderT = TypeVar("ProviderT")


class LibraryService(Generic[StoreT, ProviderT]):
    def __init__(
        self,
        database: Database,
        store: StoreT,
        provider: ProviderT,
        images: ImageCache | None,
    ) -> None:
        self._db = database
        self.store = store
        self.provider = provider
        self.images = images

    def root_folders(self) -> list[str]:
        return root_folder_paths(self._db)
