"""Turning what the resume folder holds back into libtorrent add parameters.

Preference order: the fastresume (pieces, flags, counters, file renames and priorities),
completed with the saved .torrent when the fastresume has no info dictionary; then the
.torrent alone (libtorrent checks existing data); then the magnet link. The files are our
own, but they are still parsed with limits: a damaged disk must not hang start-up.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import libtorrent as lt

from mediastack.torrent.engine.resume import StoredTorrent

log = logging.getLogger(__name__)

# libtorrent's defaults with room for big resume data. Typed Any because the binding's
# stubs declare these limits as Literal default values.
LOAD_LIMITS: Any = {"max_decode_depth": 100, "max_decode_tokens": 10_000_000}


def params_from_store(stored: StoredTorrent, default_save_path: Path) -> Any:
    """``add_torrent_params`` for one saved torrent; raises RuntimeError/ValueError."""
    meta = stored.meta
    if stored.fastresume is not None:
        try:
            params = lt.read_resume_data(stored.fastresume, LOAD_LIMITS)
        except RuntimeError as exc:
            log.warning("resume data of %s unreadable (%s); rechecking", meta.info_hash, exc)
        else:
            if params.ti is None and stored.torrent is not None:
                params.ti = lt.torrent_info(stored.torrent, LOAD_LIMITS)
            return params
    if stored.torrent is not None:
        params = lt.add_torrent_params()
        params.ti = lt.torrent_info(stored.torrent, LOAD_LIMITS)
    elif meta.magnet_uri:
        params = lt.parse_magnet_uri(meta.magnet_uri)
    else:
        raise ValueError("neither resume data, metainfo nor a magnet link to restore from")
    params.save_path = meta.download_path or meta.save_path or str(default_save_path)
    if meta.stopped:  # no resume data to say so: the meta record keeps a stop
        params.flags = (params.flags | lt.torrent_flags.paused) & ~lt.torrent_flags.auto_managed
    else:
        params.flags = (params.flags & ~lt.torrent_flags.paused) | lt.torrent_flags.auto_managed
    return params
