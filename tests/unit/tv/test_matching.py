from __future__ import annotations

import pytest

from mediastack.tv.library.matching import EpisodeClaim, match_episodes


@pytest.mark.parametrize(
    ("name", "claim"),
    [
        ("Show.S01E02.720p.HDTV.x264-GRP.mkv", EpisodeClaim(1, (2,))),
        ("show s03e10 title.mkv", EpisodeClaim(3, (10,))),
        ("Show.S01E01E02.mkv", EpisodeClaim(1, (1, 2))),
        ("Show - S02E05-E06 - Title.mkv", EpisodeClaim(2, (5, 6))),
        ("Show.S10E100.mkv", EpisodeClaim(10, (100,))),
        ("show.2x04.mkv", EpisodeClaim(2, (4,))),
        ("Show (2016) S01E03.mp4", EpisodeClaim(1, (3,))),
    ],
)
def test_names_that_claim_episodes(name: str, claim: EpisodeClaim) -> None:
    found = match_episodes(name)
    assert found is not None
    assert (found.season_number, found.episode_numbers) == (
        claim.season_number,
        claim.episode_numbers,
    )


def test_a_claim_carries_the_quality_and_group_of_the_name() -> None:
    found = match_episodes("Show.S01E02.720p.HDTV.x264-GRP.mkv")
    assert found == EpisodeClaim(1, (2,), "HDTV-720p", "GRP")


@pytest.mark.parametrize("name", ["Show.1080p.mkv", "Show.2016.mkv", "Thes01e01x.mkv"])
def test_names_that_claim_nothing(name: str) -> None:
    assert match_episodes(name) is None
