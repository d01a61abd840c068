"""Criteria -> requests, given caps: ids when supported, one per id unless declared, text."""

from __future__ import annotations

from datetime import date

from mediastack.manager.indexers.models import IndexerCapabilities, SearchCapability
from mediastack.manager.indexers.newznab.parser import parse_caps, parse_document
from mediastack.manager.indexers.newznab.settings import NewznabSettings
from mediastack.manager.indexers.search import (
    AlbumSearch,
    DailyEpisodeSearch,
    EpisodeSearch,
    MovieSearch,
    SeasonSearch,
    SeriesIds,
    TextSearch,
    plan_search,
    query_title,
    rss_request,
)
from tests.support.fake_indexer import fixture

SETTINGS = NewznabSettings(base_url="http://x", categories=(5030, 5040), anime_categories=(5070,))
IDS = SeriesIds(tvdb_id=78901, tvmaze_id=19, tvrage_id=5410, imdb_id="0460681")


def caps(name: str) -> IndexerCapabilities:
    return parse_caps(parse_document(fixture(name)))


def test_declared_params_put_all_ids_in_one_request() -> None:
    plan = plan_search(
        EpisodeSearch(titles=("Supernatural",), season=12, episode=15, ids=IDS),
        caps("caps_nzbfinder.xml"),
        SETTINGS,
    )
    ids_tier, text_tier = plan.tiers
    assert len(ids_tier) == 1
    assert ids_tier[0].function == "tvsearch"
    assert ids_tier[0].params == (
        ("tvdbid", "78901"),
        ("imdbid", "tt0460681"),
        ("tvmazeid", "19"),
        ("rid", "5410"),
        ("season", "12"),
        ("ep", "15"),
    )
    assert ids_tier[0].categories == (5030, 5040)
    assert text_tier[0].params == (("q", "Supernatural"), ("season", "12"), ("ep", "15"))


def test_undeclared_params_send_one_request_per_id() -> None:
    many_ids = IndexerCapabilities(
        tv_search=SearchCapability(True, frozenset({"q", "tvdbid", "rid", "season", "ep"}), False)
    )
    plan = plan_search(
        EpisodeSearch(titles=("X",), season=1, episode=2, ids=IDS), many_ids, SETTINGS
    )
    assert [r.params for r in plan.tiers[0]] == [
        (("tvdbid", "78901"), ("season", "1"), ("ep", "2")),
        (("rid", "5410"), ("season", "1"), ("ep", "2")),
    ]


def test_sonarr_minimal_caps_only_rid() -> None:
    plan = plan_search(
        EpisodeSearch(titles=("X",), season=1, episode=2, ids=SeriesIds(tvdb_id=1)),
        caps("caps_sonarr_tv.xml"),
        SETTINGS,
    )
    # no usable id (tvdbid not supported, no rage id): straight to the text tier
    assert len(plan.tiers) == 1
    assert plan.tiers[0][0].params == (("q", "X"), ("season", "1"), ("ep", "2"))


def test_season_zero_and_season_search() -> None:
    plan = plan_search(
        SeasonSearch(titles=("Doctor Who",), season=0, ids=SeriesIds(tvdb_id=5)),
        caps("caps_nzbfinder.xml"),
        SETTINGS,
    )
    assert plan.tiers[0][0].params == (("tvdbid", "5"), ("season", "00"))


def test_daily_episode() -> None:
    plan = plan_search(
        DailyEpisodeSearch(titles=("The Daily Show",), air_date=date(2017, 3, 9), ids=IDS),
        caps("caps_dognzb.xml"),
        SETTINGS,
    )
    assert plan.tiers[0][0].params[-2:] == (("season", "2017"), ("ep", "03/09"))


def test_no_tv_search_falls_back_to_text_search() -> None:
    plan = plan_search(
        EpisodeSearch(titles=("Frame Arms Girl",), season=1, episode=7, ids=IDS),
        caps("caps_animetosho.xml"),
        SETTINGS,
    )
    assert [(r.function, r.params) for r in plan.requests] == [
        ("search", (("q", "Frame Arms Girl S01E07"),))
    ]


def test_anime_uses_absolute_number_and_anime_categories() -> None:
    plan = plan_search(
        EpisodeSearch(
            titles=("One Piece",), season=1, episode=5, absolute_episode=5, anime=True, ids=IDS
        ),
        caps("caps_nzbfinder.xml"),
        SETTINGS,
    )
    assert [(r.function, r.params, r.categories) for r in plan.requests] == [
        ("search", (("q", "One Piece 05"),), (5070,))
    ]


def test_scene_titles_are_cleaned_and_deduplicated() -> None:
    assert query_title("Marvel's Agents of S.H.I.E.L.D.") == "Marvels Agents of S H I E L D"
    assert query_title("Law & Order") == "Law and Order"
    plan = plan_search(
        EpisodeSearch(titles=("Law & Order", "Law and Order"), season=1, episode=1),
        caps("caps_sonarr_tv.xml"),
        SETTINGS,
    )
    assert len(plan.requests) == 1


def test_movie_ids_without_tt_and_text_with_year() -> None:
    movie_caps = IndexerCapabilities(
        movie_search=SearchCapability(True, frozenset({"q", "imdbid", "tmdbid"}), True)
    )
    plan = plan_search(
        MovieSearch(titles=("The Avengers",), year=2012, imdb_id="tt0848228", tmdb_id=24428),
        movie_caps,
        SETTINGS,
    )
    ids, text = plan.tiers
    assert ids[0].params == (("tmdbid", "24428"), ("imdbid", "0848228"))
    assert text[0].params == (("q", "The Avengers 2012"),)
    no_year = plan_search(
        MovieSearch(titles=("The Avengers",), year=2012),
        movie_caps,
        SETTINGS.model_copy(update={"remove_year": True}),
    )
    assert no_year.requests[0].params == (("q", "The Avengers"),)


def test_album_search() -> None:
    plan = plan_search(
        AlbumSearch(artist="Brainstorm", album="Scary Creatures"),
        caps("caps_dognzb.xml"),
        SETTINGS,
    )
    assert plan.requests[0].function == "music"
    assert plan.requests[0].params == (("artist", "Brainstorm"), ("album", "Scary Creatures"))
    fallback = plan_search(
        AlbumSearch(artist="Brainstorm", album="Scary Creatures"),
        caps("caps_nzbfinder.xml"),
        SETTINGS,
    )
    assert fallback.requests[0].function == "search"


def test_text_search_and_rss() -> None:
    plan = plan_search(TextSearch(query="avengers"), caps("caps_nzbfinder.xml"), SETTINGS)
    assert plan.requests[0].params == (("q", "avengers"),)
    assert rss_request("tv", caps("caps_nzbfinder.xml"), SETTINGS).function == "tvsearch"
    assert rss_request("tv", caps("caps_nzbfinder.xml"), SETTINGS).categories == (
        5030,
        5040,
        5070,
    )
    assert rss_request("music", caps("caps_nzbfinder.xml"), SETTINGS).function == "search"
    assert rss_request("movie", caps("caps_omgwtfnzbs.xml"), SETTINGS).function == "movie"
