"""TV tokens (series, episodes, quality, daily, anime) and folders."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from mediastack.manager.naming import ColonReplacement
from mediastack.manager.parser.model import Revision
from mediastack.tv.config import NamingConfig
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
