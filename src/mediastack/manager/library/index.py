"""What the engine's shared endpoints need to know about a domain's library.

``tag/detail`` lists the library items carrying each tag and ``rootfolder`` leaves out the
folders that already belong to an item; both ask the domain through this small interface,
so the engine never learns what a series or an artist is.
"""

from __future__ import annotations

from typing import Protocol, cast

from mediastack.core.http import ServiceContext

_KEY = "library_index"


class LibraryIndex(Protocol):
    def tagged_items(self) -> dict[int, list[int]]:
        """Tag id -> ids of the library items carrying it."""
        ...

    def paths(self) -> set[str]:
        """Folders that belong to library items."""
        ...


def set_library_index(ctx: ServiceContext, index: LibraryIndex) -> None:
    ctx.extras[_KEY] = index


def library_index(ctx: ServiceContext) -> LibraryIndex | None:
    return cast("LibraryIndex | None", ctx.extras.get(_KEY))
