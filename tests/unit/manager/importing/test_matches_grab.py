"""The grab rule compares what history names (episodes, the movie, albums) with the grab."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediastack.manager.importing.candidate import ImportCandidate
from mediastack.manager.importing.discovery import DiscoveredFile
from mediastack.manager.importing.importer import MatchesGrab
from mediastack.manager.parser.model import Revision
from mediastack.manager.quality import by_name


@dataclass(frozen=True)
class Track:
    id: int
    album_id: int
    title: str


class AlbumTracks:
    """A domain whose import items (tracks) differ from what history names (albums)."""

    def item_id(self, item: Track) -> int:
        return item.id

    def item_label(self, item: Track) -> str:
        return item.title

    def history_ids(self, candidate: ImportCandidate[Any, Track]) -> list[int]:
        return sorted({t.album_id for t in candidate.items})


def candidate(
    tracks: tuple[Track, ...], grabbed: frozenset[int] | None
) -> ImportCandidate[Any, Track]:
    file = DiscoveredFile(Path("/dl/01.flac"), "01.flac", 10, time.time(), 10, "dl")
    return ImportCandidate(
        file, None, object(), tracks, by_name("lidarr", "FLAC"), Revision(), None, (), None,
        grabbed_item_ids=grabbed,
    )  # fmt: skip


def test_items_are_judged_by_the_children_history_names() -> None:
    rule: MatchesGrab[Any, Track] = MatchesGrab(AlbumTracks())  # type: ignore[arg-type]
    intro = Track(101, 7, "Intro")
    assert rule(candidate((intro,), frozenset({7}))) is None  # the album was grabbed
    assert rule(candidate((intro,), None)) is None  # not from a grab: nothing to compare
    wrong = rule(candidate((intro,), frozenset({8})))
    assert wrong is not None and wrong.reason == "7 were not part of the grabbed release"
