"""The pure parts of the manager pages: grid cards, filters and sorting, the add body per
manager, the calendar window, calendar/wanted records and the template filters."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from mediastack.core.roles import Role
from mediastack.web.manager.add import add_body, remote_poster
from mediastack.web.manager.calendar import calendar_window
from mediastack.web.manager.entries import CALENDAR, WANTED
from mediastack.web.manager.filters import clock, day, future, moment, words
from mediastack.web.manager.kinds import KINDS, poster_of
from mediastack.web.manager.library import select_cards

TV, MOVIES, MUSIC = KINDS[Role.TV], KINDS[Role.MOVIES], KINDS[Role.MUSIC]


def series(sid: int, title: str, have: int, wanted: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": sid,
        "title": title,
        "sortTitle": title.lower().removeprefix("the "),
        "monitored": True,
        "year": 2000 + sid,
        "added": f"2024-01-0{sid}T00:00:00Z",
        "statistics": {"episodeFileCount": have, "episodeCount": wanted, "sizeOnDisk": have * 10},
        "images": [
            {"coverType": "poster", "url": f"/MediaCover/{sid}/poster.jpg", "remoteUrl": "http://x"}
        ],
        **extra,
    }


def test_cards_use_only_local_covers() -> None:
    assert poster_of(series(1, "A", 0, 1)) == "/MediaCover/1/poster.jpg"
    remote_only = {"images": [{"coverType": "poster", "url": "http://tvmaze/x.jpg"}]}
    assert poster_of(remote_only) is None
    assert (
        remote_poster({"images": [{"coverType": "poster", "remoteUrl": "http://p"}]}) == "http://p"
    )
    assert remote_poster({"remotePoster": "http://r", "images": []}) == "http://r"


def test_series_missing_and_percent() -> None:
    full = TV.card(series(1, "Full", 10, 10))
    half = TV.card(series(2, "Half", 5, 10))
    idle = TV.card(series(3, "Idle", 0, 4, monitored=False))
    assert (full.missing, full.percent) == (False, 100)
    assert (half.missing, half.percent) == (True, 50)
    assert idle.missing is False  # unmonitored is never "missing"


def test_movie_is_missing_only_when_monitored_available_and_fileless() -> None:
    base = {"id": 1, "title": "M", "monitored": True, "hasFile": False, "isAvailable": True}
    assert MOVIES.card(base).missing is True
    assert MOVIES.card({**base, "isAvailable": False}).missing is False
    assert MOVIES.card({**base, "hasFile": True}).missing is False
    assert MOVIES.card({**base, "hasFile": True}).percent == 100


def test_artist_card_reads_lidarr_fields() -> None:
    artist = {
        "id": 4,
        "artistName": "Ed Sheeran",
        "sortName": "Sheeran, Ed",
        "monitored": True,
        "statistics": {"trackFileCount": 3, "trackCount": 12, "sizeOnDisk": 99},
    }
    card = MUSIC.card(artist)
    assert (card.title, card.sort_title, card.year) == ("Ed Sheeran", "sheeran, ed", None)
    assert (card.have, card.wanted, card.size, card.missing) == (3, 12, 99, True)


def test_select_cards_filters_searches_and_sorts() -> None:
    cards = [
        TV.card(series(1, "The Wire", 5, 5)),
        TV.card(series(2, "Andor", 0, 12)),
        TV.card(series(3, "Borgen", 1, 30, monitored=False)),
    ]
    titles = lambda found: [c.title for c in found]  # noqa: E731
    assert titles(select_cards(cards, "all", "title", "")) == ["Andor", "Borgen", "The Wire"]
    assert titles(select_cards(cards, "missing", "title", "")) == ["Andor"]
    assert titles(select_cards(cards, "unmonitored", "title", "")) == ["Borgen"]
    assert titles(select_cards(cards, "monitored", "year", "")) == ["Andor", "The Wire"]
    assert titles(select_cards(cards, "all", "added", "")) == ["Borgen", "Andor", "The Wire"]
    assert titles(select_cards(cards, "all", "progress", "")) == ["Andor", "Borgen", "The Wire"]
    assert titles(select_cards(cards, "all", "size", "")) == ["The Wire", "Borgen", "Andor"]
    assert titles(select_cards(cards, "all", "title", "  WIRE ")) == ["The Wire"]
    assert titles(select_cards(cards, "bogus", "bogus", "")) == ["Andor", "Borgen", "The Wire"]


def test_add_body_per_manager() -> None:
    form = {
        "tvdbId": "121361",
        "tvMazeId": "82",
        "title": "Game of Thrones",
        "rootFolderPath": "/tv",
        "qualityProfileId": "6",
        "monitor": "firstSeason",
        "search": "true",
        "unrelated": "dropped",
    }
    assert add_body(TV, form) == {
        "tvdbId": 121361,
        "tvMazeId": 82,
        "title": "Game of Thrones",
        "rootFolderPath": "/tv",
        "qualityProfileId": 6,
        "monitored": True,
        "seasonFolder": True,
        "addOptions": {"monitor": "firstSeason", "searchForMissingEpisodes": True},
    }
    movie = add_body(
        MOVIES, {"tmdbId": "550", "imdbId": "tt0137523", "monitor": "none", "rootFolderPath": "/m"}
    )
    assert movie["tmdbId"] == 550 and movie["imdbId"] == "tt0137523"
    assert movie["monitored"] is False and movie["minimumAvailability"] == "released"
    assert movie["addOptions"] == {"monitor": "none", "searchForMovie": False}
    artist = add_body(MUSIC, {"foreignArtistId": "b8a7c51f", "metadataProfileId": "2"})
    assert artist["foreignArtistId"] == "b8a7c51f" and artist["metadataProfileId"] == 2
    assert artist["addOptions"] == {"monitor": "all", "searchForMissingAlbums": False}


@pytest.mark.parametrize(
    ("view", "start", "first", "days"),
    [
        ("week", "", date(2026, 11, 23), 7),  # today (a Tuesday) -> its Monday
        ("week", "2026-11-29", date(2026, 11, 23), 7),  # a Sunday stays in its week
        ("week", "nonsense", date(2026, 11, 23), 7),
        ("agenda", "", date(2026, 11, 24), 30),
        ("agenda", "2027-01-01", date(2027, 1, 1), 30),
    ],
)
def test_calendar_window(view: str, start: str, first: date, days: int) -> None:
    assert calendar_window(view, start, date(2026, 11, 24)) == (first, days)


def test_calendar_entries_per_manager() -> None:
    episode = {
        "id": 7,
        "seriesId": 1,
        "seasonNumber": 1,
        "episodeNumber": 2,
        "title": "The Kingsroad",
        "airDateUtc": "2011-04-25T01:00:00Z",
        "hasFile": True,
        "monitored": True,
        "series": {"id": 1, "title": "Game of Thrones"},
    }
    [entry] = CALENDAR[Role.TV].read(episode)
    assert (entry.item_id, entry.search_id, entry.label) == (1, 7, "S01E02 · The Kingsroad")
    assert (entry.day, entry.time, entry.has_file) == (date(2011, 4, 25), "01:00 UTC", True)
    movie = {
        "id": 3,
        "title": "Fight Club",
        "inCinemas": "1999-10-15T00:00:00Z",
        "digitalRelease": "2000-06-06T00:00:00Z",
        "monitored": True,
    }
    labels = [(e.label, e.day, e.time) for e in CALENDAR[Role.MOVIES].read(movie)]
    assert labels == [
        ("In cinemas", date(1999, 10, 15), ""),
        ("Digital release", date(2000, 6, 6), ""),
    ]
    album = {
        "id": 9,
        "artistId": 2,
        "title": "+",
        "albumType": "Album",
        "releaseDate": "2011-09-09T00:00:00Z",
        "artist": {"artistName": "Ed Sheeran"},
        "statistics": {"trackFileCount": 0},
    }
    [entry] = WANTED[Role.MUSIC].read(album)
    assert (entry.item_title, entry.label, entry.search_id, entry.has_file) == (
        "Ed Sheeran",
        "+ (Album)",
        9,
        False,
    )
    assert CALENDAR[Role.TV].params == {"includeSeries": "true"}


def test_template_filters() -> None:
    assert day("2011-04-18T01:00:00Z") == "2011-04-18"
    assert day("0001-01-01T00:00:00Z") == "–" and day(None) == "–" and day("garbage") == "–"
    assert moment("2011-04-18T01:00:00+02:00") == "2011-04-17 23:00 UTC"
    assert future("2999-01-01T00:00:00Z") and not future("2000-01-01T00:00:00Z")
    assert not future(None)
    assert words("downloadFolderImported") == "Download folder imported"
    assert words("inCinemas") == "In cinemas" and words(None) == ""
    assert clock(261) == "4:21" and clock(3723) == "1:02:03" and clock("x") == "0:00"
