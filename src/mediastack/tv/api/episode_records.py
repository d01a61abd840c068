"""Episodes as the episode, wanted and calendar lists send them, with their series and
files attached on request (``includeSeries``, ``includeEpisodeFile``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mediastack.tv.api.resources import episode_resource
from mediastack.tv.library.model import Episode, EpisodeFile, Series
from mediastack.tv.library.store import TvLibraryStore


def render_episodes(
    store: TvLibraryStore,
    episodes: Sequence[Episode],
    url_base: str,
    *,
    with_series: bool = False,
    with_file: bool = False,
    series: Mapping[int, Series] | None = None,
) -> list[dict[str, Any]]:
    """``series`` are ones the caller already holds; the others are read once each."""
    known: dict[int, Series] = dict(series or {})
    if with_series:
        for series_id in {e.series_id for e in episodes} - known.keys():
            found = store.get(series_id)
            if found is not None:
                known[series_id] = found
    files: dict[int, EpisodeFile] = {}
    wanted = {e.episode_file_id for e in episodes if e.episode_file_id} if with_file else set()
    if wanted:
        files = {f.id: f for f in store.files(file_ids=wanted)}
    return [
        episode_resource(
            e,
            known.get(e.series_id) if with_series else None,
            files.get(e.episode_file_id) if e.episode_file_id else None,
            url_base,
        )
        for e in episodes
    ]
