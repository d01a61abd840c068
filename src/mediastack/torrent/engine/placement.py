"""Where a torrent's files go: qBittorrent content layouts and root confinement."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Any

from mediastack.core.fs import PathEscapeError, confine
from mediastack.torrent.engine.errors import InvalidTorrentError
from mediastack.torrent.engine.settings import ContentLayout


def layout_renames(ti: Any, layout: ContentLayout) -> dict[int, str]:
    """File renames giving a torrent qBittorrent's Subfolder / NoSubfolder layout.

    ``Subfolder`` wraps a torrent without a single root folder into one named after the
    torrent (``single.mkv`` -> ``single/single.mkv``); ``NoSubfolder`` strips the root.
    """
    fs = file_storage(ti)
    paths = [fs.file_path(i).replace(os.sep, "/") for i in range(fs.num_files())]
    has_root = all("/" in p for p in paths) and len({p.split("/", 1)[0] for p in paths}) == 1
    if layout is ContentLayout.SUBFOLDER and not has_root:
        root = PurePosixPath(ti.name()).stem or ti.name()
        return {i: f"{root}/{p}" for i, p in enumerate(paths)}
    if layout is ContentLayout.NO_SUBFOLDER and has_root:
        return {i: p.split("/", 1)[1] for i, p in enumerate(paths)}
    return {}


def confine_files(save_path: Path, ti: Any, renames: dict[int, str]) -> None:
    """Refuse a torrent whose files would land outside ``save_path``.

    Names were already checked by :mod:`.validation`; this catches what names cannot show:
    a symlink planted in the download tree (``save_path/<root>`` -> ``/etc``) that libtorrent
    would follow when it creates the files.
    """
    fs = file_storage(ti)
    roots: set[str] = set()
    try:
        for index in range(fs.num_files()):
            relative = renames.get(index) or fs.file_path(index).replace(os.sep, "/")
            root = relative.split("/", 1)[0]
            if root not in roots:
                roots.add(root)
                confine(save_path, root)
            if relative != root:  # a single file is its own root, checked just above
                confine(save_path, relative)
    except PathEscapeError as exc:
        raise InvalidTorrentError(
            f"torrent file would be written outside {save_path}: {exc}"
        ) from None


def file_storage(ti: Any) -> Any:
    """The metainfo's file layout (renames *not* applied: see :func:`current_paths`).

    ``torrent_info.files()`` is deprecated in libtorrent 2.1 in favour of ``layout()``.
    """
    return ti.layout() if hasattr(ti, "layout") else ti.files()


def current_paths(handle: Any, ti: Any) -> list[str]:
    """Every file's relative path *as stored on disk*, '/'-separated.

    libtorrent 2.1 keeps renames (``rename_file``, ``renamed_files`` at add) beside the
    immutable ``torrent_info``, so the metainfo's paths alone would be stale.
    """
    fs = file_storage(ti)
    renamed = handle.get_renamed_files()
    return [renamed.file_path(fs, i).replace(os.sep, "/") for i in range(fs.num_files())]
