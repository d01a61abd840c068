"""What the library tells the rest of the service about (notifications listen)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from mediastack.tv.library.model import Episode, EpisodeFile, Series


class LibraryEvents(Protocol):
    """Called after the change is stored; implementations must not raise or block."""

    def on_series_added(self, series: Series) -> None: ...

    def on_series_deleted(self, series: Series, deleted_files: bool) -> None: ...

    def on_episode_file_deleted(
        self, series: Series, file: EpisodeFile, episodes: Sequence[Episode], reason: str
    ) -> None: ...

    def on_renamed(self, series: Series, renamed: Sequence[tuple[EpisodeFile, str]]) -> None: ...
