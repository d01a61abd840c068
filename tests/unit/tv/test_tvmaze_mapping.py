"""TVmaze's recorded JSON mapped to the TV domain, field by field that clients rely on."""

from __future__ import annotations

from datetime import UTC, date, datetime

from mediastack.tv.metadata.tvmaze_mapping import map_episodes, map_show, pick_fanart, strip_html
from tests.support.fake_tvmaze import load


def test_show_with_embedded_seasons() -> None:
    info = map_show(load("shows_13_embed_seasons.json"))
    assert (info.tvmaze_id, info.tvdb_id, info.imdb_id, info.tvrage_id) == (
        13,
        279121,
        "tt3107288",
        36939,
    )
    assert info.title == "The Flash" and info.status == "continuing"
    assert info.network == "The CW" and info.air_time == "20:00" and info.runtime == 60
    assert info.year == 2014 and info.first_aired == date(2014, 10, 7)
    assert info.genres == ["Drama", "Action", "Science-Fiction"]
    assert info.poster_url and info.poster_url.endswith("527217.jpg")
    assert [s.number for s in info.seasons][:3] == [1, 2, 3]
    assert info.episodes is None  # not embedded: not fetched, which differs from "none"
    assert not info.overview.startswith("<p>") and "Barry Allen" in info.overview


def test_web_channel_and_in_development_shows() -> None:
    shows = [map_show(hit["show"]) for hit in load("search_shows_q_girls.json")]
    by_status = {s.status for s in shows}
    assert "upcoming" in by_status  # "In Development"
    web_only = [s for s in shows if s.network and s.tvdb_id is None]
    assert web_only, "a webChannel-only show keeps its channel as the network"


def test_episodes_keep_air_dates_and_utc_stamps() -> None:
    episodes = map_episodes(load("shows_82_episodes.json"))
    assert len(episodes) == 73
    first = episodes[0]
    assert (first.season_number, first.episode_number, first.title) == (1, 1, "Winter is Coming")
    assert first.air_date == date(2011, 4, 17)
    assert first.air_date_utc == datetime(2011, 4, 18, 1, 0, tzinfo=UTC)
    assert first.overview.startswith("Lord Eddard Stark")


def test_episode_without_air_date() -> None:
    [episode] = map_episodes([load("shows_180_episodebynumber_s1_e13_no_airdate.json")])
    assert episode.air_date is None and episode.air_date_utc is None


def test_specials_become_season_zero_and_duplicates_are_dropped() -> None:
    base = load("shows_1_episodes_modern_single_item.json")[0]
    special = {**base, "id": 99, "number": None, "type": "significant_special", "season": 2}
    episodes = map_episodes([base, {**base, "id": 98}, special, {**special, "id": 100}])
    assert [(e.season_number, e.episode_number) for e in episodes] == [(1, 1), (0, 1), (0, 2)]


def test_embedded_episodes_derive_missing_seasons() -> None:
    info = map_show(load("shows_66_embed_episodes_upstream_trimmed.json"))
    assert [s.number for s in info.seasons] == [1, 2]
    assert info.episodes is not None and len(info.episodes) == 4


def test_fanart_prefers_the_main_background() -> None:
    images = [
        {"type": "poster", "main": True, "resolutions": {"original": {"url": "p"}}},
        {"type": "background", "main": False, "resolutions": {"original": {"url": "b1"}}},
        {"type": "background", "main": True, "resolutions": {"original": {"url": "b2"}}},
    ]
    assert pick_fanart(images) == "b2"
    assert pick_fanart([]) is None


def test_strip_html() -> None:
    assert strip_html("<p>A &amp; B<br/>C</p>") == "A & B C"
    assert strip_html(None) == ""
