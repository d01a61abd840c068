"""TV tokens (series, episodes, quality, daily, anime) and the TV import specifications."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from mediastack.manager.importing.discovery import DiscoveredFile
from mediastack.manager.naming import ColonReplacement
from mediastack.manager.parser.model import Revision
from mediastack.manager.quality import by_name
from mediastack.tv.config import NamingConfig
from mediastack.tv.importing.candidates import TvCandidate
from mediastack.tv.importing.specs import already_imported, identified, matches_grab
from mediastack.tv.library.model import Episode, EpisodeFile
from mediastack.tv.naming import EpisodeFacts, FileFacts, SeriesFacts, TvNamer

SERIES = SeriesFacts("Star Trek: Picard", 2020)
FILE = FileFacts("WEBDL-1080p", Revision(version=2, is_repack=True), "NTb")
ON = NamingConfig(rename_episodes=True)


def test_standard_daily_anime_and_folders() -> None:
    namer = TvNamer(ON)
    ep = EpisodeFacts(1, 2, "Maps and Legends", 2, date(2020, 1, 30))
    assert (
        namer.relative_path(SERIES, [ep], FILE, ".mkv")
        == "Season 1/Star Trek - Picard - S01E02 - Maps and Legends WEBDL-1080p Repack.mkv"
    )
    daily = replace(SERIES, series_type="daily")
    assert namer.file_name(daily, [ep], FILE) == (
        "Star Trek - Picard - 2020-01-30 - Maps and Legends WEBDL-1080p Repack"
    )
    anime = replace(SERIES, series_type="anime")
    assert " - 002 - " in namer.file_name(anime, [ep], FILE)
    assert namer.season_folder(SERIES, 0) == "Specials"
    colon = TvNamer(replace(ON, colon_replacement_format=ColonReplacement.DELETE))
    assert colon.series_folder(SERIES) == "Star Trek Picard"


def test_rename_off_keeps_the_original_name() -> None:
    facts = replace(FILE, original_name="star.trek.picard.s01e02")
    assert TvNamer(NamingConfig()).file_name(SERIES, [EpisodeFacts(1, 2)], facts, ".mkv") == (
        "star.trek.picard.s01e02.mkv"
    )


def _episode(eid: int, number: int, file_id: int | None = None) -> Episode:
    return Episode(eid, 1, None, 1, number, None, "", "", None, None, None, True, file_id)


def _candidate(**changes: object) -> TvCandidate:
    f = DiscoveredFile(Path("/dl/a.mkv"), "a.mkv", 100, time.time(), 100, "dl")
    base = TvCandidate(
        f, None, None, (_episode(1, 1),), by_name("sonarr", "HDTV-720p"), Revision(), None, (), None
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_tv_specifications() -> None:
    assert identified(_candidate(mapping_error="Unknown Series")) is not None
    assert identified(_candidate()) is None
    assert matches_grab(_candidate(grabbed_episode_ids=frozenset({1}))) is None
    wrong = matches_grab(_candidate(grabbed_episode_ids=frozenset({9})))
    assert wrong is not None and "S01E01" in wrong.reason
    existing = EpisodeFile(5, 1, 1, "x.mkv", "/lib/x.mkv", 100, None, None, None, "HDTV-720p", [])  # type: ignore[arg-type]
    again = _candidate(existing_files=(existing,), existing_sources=("/dl/a.mkv",))
    rejection = already_imported(again)
    assert rejection is not None and rejection.reason.startswith("Episode file already imported")
    assert (
        already_imported(_candidate(existing_files=(existing,), existing_sources=(None,))) is None
    )
