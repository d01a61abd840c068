"""Deleting a library file by hand (``DELETE moviefile/{id}``, ``trackfile/{id}``, bulk).

Nothing is deleted without a recycle bin or a history record: the file moves into the
recycle bin (deleted without one, as the originals do), and a ``movieFileDeleted`` /
``trackFileDeleted`` history event with the reason ``Manual`` names it for each item it
filled. A file outside its subject's folder is never touched on disk (its row still goes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediastack.core.fs import Ownership
from mediastack.manager.history import HistoryEventType, HistoryStore, NewHistoryEvent
from mediastack.manager.recycle_bin import RecycleBin


@dataclass(frozen=True, slots=True)
class RemovedFile:
    """What a domain knows of the file it is about to drop."""

    path: str
    subject_folder: str
    subject_id: int
    item_ids: Sequence[int]
    quality: dict[str, Any]  # the API's QualityModel shape


class FileRemoval:
    def __init__(
        self,
        history: HistoryStore,
        recycle_bin_path: Callable[[], str | None],
        ownership: Ownership | None,
    ) -> None:
        self._history = history
        self._bin_path = recycle_bin_path
        self._ownership = ownership

    def remove(self, file: RemovedFile) -> str | None:
        """Recycle the file on disk and record it; the recycle-bin path it went to (None if
        deleted or not on disk). The caller drops the library row afterwards."""
        path = Path(file.path)
        folder = Path(file.subject_folder)
        to: str | None = None
        if path.is_relative_to(folder) and path.is_file():
            recycled = RecycleBin(self._bin_path() or None, self._ownership).recycle(
                path, folder.name
            )
            to = str(recycled.destination) if recycled.destination else None
        data = {"reason": "Manual", "path": file.path, "recycleBinPath": to}
        self._history.add(
            NewHistoryEvent(
                HistoryEventType.FILE_DELETED,
                file.subject_id,
                item_id,
                path.name,
                quality=file.quality,
                data={k: v for k, v in data.items() if v is not None},
            )
            for item_id in file.item_ids
        )
        return to
