"""File and piece priorities in qBittorrent's terms.

qBittorrent exposes four file priorities (0 skip, 1 normal, 6 high, 7 maximum) while
libtorrent has eight with 4 as its default; "normal" must map to libtorrent's default or
a torrent added without priorities would read back as "mixed".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mediastack.torrent.engine.errors import InvalidArgumentError
from mediastack.torrent.engine.placement import file_storage

LT_DEFAULT_PRIORITY = 4
LT_TOP_PRIORITY = 7
_QBT_TO_LT = {0: 0, 1: LT_DEFAULT_PRIORITY, 6: 6, 7: LT_TOP_PRIORITY}


def to_qbt_priority(lt_priority: int) -> int:
    """libtorrent file priority (0..7) -> qBittorrent's 0/1/6/7."""
    if lt_priority <= 0:
        return 0
    if lt_priority <= LT_DEFAULT_PRIORITY:
        return 1
    return 6 if lt_priority < LT_TOP_PRIORITY else 7


def to_lt_priority(qbt_priority: int) -> int:
    """qBittorrent file priority -> libtorrent's; anything but 0/1/6/7 is refused."""
    try:
        return _QBT_TO_LT[qbt_priority]
    except KeyError:
        raise InvalidArgumentError(
            f"invalid file priority {qbt_priority} (use 0, 1, 6 or 7)"
        ) from None


def apply_first_last(
    handle: Any, ti: Any, enabled: bool, lt_priorities: Sequence[int] | None = None
) -> None:
    """Give each wanted file's first and last piece top priority, or restore file priorities.

    Players and media probes read a file's header and trailer first; fetching those pieces
    early lets a manager or a media server look at a file long before it is complete.
    """
    priorities = list(lt_priorities or handle.get_file_priorities())
    if not enabled:
        handle.prioritize_files(priorities)  # recomputes every piece priority from files
        return
    fs = file_storage(ti)
    piece_len = int(ti.piece_length())
    for index in range(fs.num_files()):
        size = int(fs.file_size(index))
        if size == 0 or priorities[index] == 0:
            continue
        offset = int(fs.file_offset(index))
        handle.piece_priority(offset // piece_len, LT_TOP_PRIORITY)
        handle.piece_priority((offset + size - 1) // piece_len, LT_TOP_PRIORITY)
