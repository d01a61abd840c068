"""TMDB's recorded JSON mapped to the movie domain: every fixture in shared/data/fixtures/tmdb."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from mediastack.movies.metadata.models import ReleaseDates, is_available, movie_status
from mediastack.movies.metadata.tmdb import split_year
from mediastack.movies.metadata.tmdb_mapping import (
    error_of,
    found_movie_ids,
    image_base,
    map_movie,
    release_dates,
    search_results,
)
from tests.support.fake_tmdb import TMDB

BASE = "https://image.tmdb.org/t/p/"


def load(name: str) -> Any:
    return json.loads((TMDB / name).read_bytes())


def fight_club() -> dict[str, Any]:
    """The README's combined reply: details plus the three sub-resources without their id."""
    movie = load("jdrouet_movie-details.json")
    for key, name in (
        ("alternative_titles", "jdrouet_movie-alternative-titles.json"),
        ("release_dates", "jdrouet_movie-release-dates.json"),
        ("external_ids", "jdrouet_movie-external-ids.json"),
        ("images", "jdrouet_movie-images.json"),
    ):
        movie[key] = {k: v for k, v in load(name).items() if k != "id"}
    return movie


def test_fight_club_with_every_appended_part() -> None:
    movie = map_movie(fight_club(), BASE)
    assert (movie.tmdb_id, movie.title, movie.imdb_id, movie.year) == (
        550,
        "Fight Club",
        "tt0137523",
        1999,
    )
    # US theatrical (type 3) and physical (type 5); the US has no digital release listed
    assert movie.dates == ReleaseDates(date(1999, 10, 15), None, date(2000, 4, 25))
    assert movie.certification == "R" and movie.runtime == 139 and movie.genres == ["Drama"]
    assert movie.studio == "Fox 2000 Pictures" and movie.original_language == "en"
    assert movie.poster_url == f"{BASE}original/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg"
    assert movie.fanart_url == f"{BASE}original/hZkgoQYus5vegHoetLkCJzb17zJ.jpg"
    assert "Borilački klub" in movie.alternate_titles and "Fight Club" not in movie.alternate_titles
    assert movie.complete and movie.tmdb_status == "Released"
    assert movie.collection_tmdb_id is None


def test_release_dates_per_country_and_types() -> None:
    results = load("jdrouet_movie-release-dates.json")["results"]
    german, cert = release_dates(results, "DE")
    assert cert == "18" and german.in_cinemas == date(1999, 11, 11)
    # a country without theatrical dates falls back to the earliest anywhere
    nowhere, none = release_dates(results, "ZZ", primary=date(1999, 10, 15))
    assert none is None and nowhere.digital is None and nowhere.physical is None
    earliest = min(
        date.fromisoformat(d["release_date"][:10])
        for r in results
        for d in r["release_dates"]
        if d["type"] == 3
    )
    assert nowhere.in_cinemas == earliest
    assert release_dates([], "US", primary=date(2008, 2, 18))[0].in_cinemas == date(2008, 2, 18)


@pytest.mark.parametrize(
    ("name", "tmdb_id", "title", "imdb", "year", "collection", "alternate"),
    [
        ("movie_603_append_alternative_titles.json", 603, "The Matrix", "tt0133093", 1999,
         "The Matrix Collection", "The Matrix 1"),
        ("movie_604_append_alternative_titles.json", 604, "The Matrix Reloaded", "tt0234215",
         2003, "The Matrix Collection", "The Matrix 2: Reloaded"),
        ("movie_8681_append_alternative_titles.json", 8681, "Taken", "tt0936501", 2008,
         "Taken Collection", "Taken 1"),
        ("movie_13515_append_alternative_titles.json", 13515, "Mirrors", "tt0790686", 2008,
         "Mirrors Collection", "Miroirs"),
    ],
)  # fmt: skip
def test_flexget_movie_objects(
    name: str, tmdb_id: int, title: str, imdb: str, year: int, collection: str, alternate: str
) -> None:
    raw = load(name)
    movie = map_movie(raw, BASE)
    assert (movie.tmdb_id, movie.title, movie.imdb_id, movie.year) == (tmdb_id, title, imdb, year)
    assert movie.collection_title == collection and alternate in movie.alternate_titles
    # no release_dates appended in 2017's cassettes: cinemas from the primary release date
    assert movie.dates == ReleaseDates(date.fromisoformat(raw["release_date"]), None, None)
    assert movie.runtime == raw["runtime"] and movie.genres
    assert movie.poster_url == f"{BASE}original{raw['poster_path']}"


@pytest.mark.parametrize("name", ["movie_603_images.json", "movie_8681_images.json"])
def test_images_fill_in_a_missing_poster(name: str) -> None:
    raw = load(name.replace("_images", "_append_alternative_titles"))
    raw.update(poster_path=None, backdrop_path=None, images=load(name))
    movie = map_movie(raw, BASE, poster_size="w500")
    best = max(load(name)["posters"], key=lambda p: (p["vote_average"], p["vote_count"]))
    assert movie.poster_url == f"{BASE}w500{best['file_path']}"
    assert movie.fanart_url is not None and movie.fanart_url.startswith(f"{BASE}original/")


@pytest.mark.parametrize(
    ("name", "count", "first"),
    [
        ("search_movie_query_the_matrix.json", 20, "The Matrix"),
        ("search_movie_query_the_matrix_reloaded_year_2003.json", 1, "The Matrix Reloaded"),
        ("search_movie_query_unicode_year_2008.json", 1, "Mirrors"),
        ("jdrouet_search-movie.json", 1, "RRRrrrr!!!"),
    ],
)
def test_search_pages(name: str, count: int, first: str) -> None:
    results = search_results(load(name))
    assert len(results) == count
    movie = map_movie(results[0], BASE)
    assert movie.title == first and not movie.complete and movie.imdb_id is None
    assert movie.genres and movie.year is not None


def test_find_configuration_and_errors() -> None:
    assert found_movie_ids(load("find_tt0936501_external_source_imdb_id.json")) == [8681]
    taken = map_movie(load("find_tt0936501_external_source_imdb_id.json")["movie_results"][0], BASE)
    assert taken.title == "Taken" and taken.genres == ["Action", "Thriller"]
    assert image_base(load("configuration.json")) == "https://image.tmdb.org/t/p/"
    assert error_of(load("jdrouet_invalid-api-key.json")) == (
        7,
        "Invalid API key: You must be granted a valid key.",
    )
    assert error_of(load("jdrouet_resource-not-found.json"))[0] == 34
    assert error_of(load("jdrouet_validation-error.json")) == (None, "query must be provided")
    with pytest.raises(ValueError):
        search_results(load("jdrouet_validation-error.json"))


def test_split_year() -> None:
    assert split_year("The Matrix Reloaded (2003)") == ("The Matrix Reloaded", 2003)
    assert split_year("the matrix reloaded 2003") == ("the matrix reloaded", 2003)
    assert split_year("1917") == ("1917", None)
    assert split_year("The Matrix") == ("The Matrix", None)


TODAY = date(2026, 11, 24)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("dates", "status", "announced", "cinemas", "released"),
    [
        (ReleaseDates(), "tba", True, False, False),
        (ReleaseDates(TODAY + 30 * DAY), "announced", True, False, False),
        (ReleaseDates(TODAY - 10 * DAY), "inCinemas", True, True, False),
        (ReleaseDates(TODAY - 91 * DAY), "released", True, True, True),
        (ReleaseDates(TODAY - 40 * DAY, TODAY - DAY), "released", True, True, True),
        (ReleaseDates(TODAY - 40 * DAY, TODAY + DAY, TODAY - DAY), "released", True, True, True),
        (ReleaseDates(TODAY - 40 * DAY, TODAY + 5 * DAY), "inCinemas", True, True, False),
        (ReleaseDates(None, None, TODAY - DAY), "released", True, True, True),
    ],
)
def test_status_and_minimum_availability(
    dates: ReleaseDates, status: str, announced: bool, cinemas: bool, released: bool
) -> None:
    assert movie_status("Released" if dates.in_cinemas else "Planned", dates, TODAY) == status
    assert is_available("announced", dates, TODAY) is announced
    assert is_available("inCinemas", dates, TODAY) is cinemas
    assert is_available("released", dates, TODAY) is released


def test_released_without_dates_and_canceled() -> None:
    assert movie_status("Released", ReleaseDates(), TODAY) == "released"
    assert movie_status("Canceled", ReleaseDates(TODAY), TODAY) == "deleted"
