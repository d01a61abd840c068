"""Album and artist searches as indexer requests, and releases mapped back to albums."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.indexers.newznab.mapping import to_release
from mediastack.manager.indexers.newznab.parser import parse_caps, parse_document, parse_feed
from mediastack.manager.indexers.newznab.settings import NewznabSettings
from mediastack.manager.indexers.search import plan_search
from mediastack.music.library.model import Album, Artist
from mediastack.music.search.criteria import album_criteria, artist_criteria, plan_for_albums
from mediastack.music.search.mapping import (
    UNKNOWN_ALBUM,
    UNKNOWN_ARTIST,
    UNPARSABLE,
    ArtistMatcher,
    map_release,
)
from tests.support.fake_indexer import fixture

NOW = datetime(2030, 1, 1, tzinfo=UTC)
LIDARR = NewznabSettings(base_url="http://x", categories=(3000, 3010, 3020, 3030, 3040))


def artist(artist_id: int, name: str, sort_name: str | None = None) -> Artist:
    return Artist(
        id=artist_id, mbid=f"{artist_id:08d}-0000-4000-8000-000000000000", name=name,
        sort_name=sort_name or name, clean_name=name.lower(), disambiguation="",
        artist_type="Group", status="continuing", overview="", genres=[], links=[],
        rating=None, rating_votes=0, monitored=True, monitor_new_items="all",
        quality_profile_id=1, metadata_profile_id=1, path=f"/media/music/{name}",
        root_folder_path="/media/music", tags=[], added=NOW, last_info_sync=None, extra={},
    )  # fmt: skip


def album(album_id: int, artist_id: int, title: str, released: date | None) -> Album:
    return Album(
        id=album_id, artist_id=artist_id, mbid=f"{album_id:08d}-1111-4000-8000-000000000000",
        title=title, disambiguation="", album_type="Album", secondary_types=[],
        release_date=released, genres=[], rating=None, rating_votes=0, monitored=True,
        any_release_ok=True, release_mbid=None, releases=[], cover_url=None, added=NOW,
        last_info_sync=None,
    )  # fmt: skip


ANTHRAX = artist(1, "Anthrax")
SIA = artist(2, "Sia")
SHRINE = artist(3, "The Shrine", "Shrine, The")
ALBUMS = {
    1: [
        album(10, 1, "Among the Living", date(1987, 3, 22)),
        album(11, 1, "For All Kings", date(2016, 2, 26)),
        album(12, 1, "Worship Music", date(2011, 9, 12)),
    ],
    2: [
        album(20, 2, "This Is Acting", date(2016, 1, 29)),
        album(21, 2, "1000 Forms of Fear", date(2014, 7, 4)),
    ],
    3: [album(30, 3, "Rare Breed", date(2015, 2, 10))],
}
MATCHER = ArtistMatcher([ANTHRAX, SIA, SHRINE])


def recorded() -> dict[str, ReleaseInfo]:
    feed = parse_feed(parse_document(fixture("music_nzbgeek.xml")))
    out = {}
    for item in feed.items:
        release = to_release(item, indexer="N", indexer_id=1, fetched_at=NOW)
        assert release is not None
        out[release.title] = release
    return out


def _map(title: str, searched: list[Album] | None = None) -> tuple[str | None, list[str]]:
    found = map_release(recorded()[title], MATCHER, ALBUMS.__getitem__, searched)
    return found.problem, [a.title for a in found.albums]


def test_album_and_artist_criteria_become_music_requests() -> None:
    criteria = album_criteria(ANTHRAX, ALBUMS[1][1])
    assert (criteria.artist, criteria.album, criteria.year) == ("Anthrax", "For All Kings", 2016)
    audio = parse_caps(parse_document(fixture("caps_lidarr_audio.xml")))
    plan = plan_search(criteria, audio, LIDARR)
    [request] = plan.requests
    assert request.function == "music"
    assert request.params == (("artist", "Anthrax"), ("album", "For All Kings"))
    assert request.categories == (3000, 3010, 3020, 3030, 3040)
    [by_artist] = plan_search(artist_criteria(ANTHRAX), audio, LIDARR).requests
    assert (by_artist.function, by_artist.params) == ("music", (("artist", "Anthrax"),))


def test_without_audio_search_the_text_fallback() -> None:
    no_audio = parse_caps(parse_document(fixture("caps_nzbfinder.xml")))
    [request] = plan_search(album_criteria(SIA, ALBUMS[2][0]), no_audio, LIDARR).requests
    assert (request.function, request.params) == ("search", (("q", "Sia This Is Acting"),))
    [text] = plan_search(artist_criteria(SHRINE), no_audio, LIDARR).requests
    assert (text.function, text.params) == ("search", (("q", "The Shrine"),))


def test_albums_are_searched_one_by_one_in_release_order() -> None:
    plan = plan_for_albums(ANTHRAX, ALBUMS[1])
    assert [c.album for c in plan] == ["Among the Living", "Worship Music", "For All Kings"]  # type: ignore[union-attr]


def test_recorded_scene_names_map_to_albums() -> None:
    assert _map("Anthrax-For All Kings-CD-FLAC-2016-FORSAKEN") == (None, ["For All Kings"])
    assert _map("Anthrax-For All Kings-DELUXE EDITION-2CD-FLAC-2016-mwnd") == (
        None,
        ["For All Kings"],
    )
    assert _map("Sia-This Is Acting-Limited Deluxe Edition-CD-FLAC-2016-PERFECT") == (
        None,
        ["This Is Acting"],
    )
    assert _map("The Shrine-Rare Breed-CD-FLAC-2015-NBFLAC") == (None, ["Rare Breed"])


def test_unknown_artists_and_albums_say_why() -> None:
    assert _map("Megadeth-Dystopia-JP Retail-CD-FLAC-2016-GRAVEWISH") == (UNKNOWN_ARTIST, [])
    problem, albums = _map("Brainstorm-Scary Creatures-CD-FLAC-2016-NBFLAC")
    assert problem == UNKNOWN_ARTIST and albums == []
    other = dataclasses.replace(
        recorded()["Anthrax-For All Kings-CD-FLAC-2016-FORSAKEN"],
        title="Anthrax-Persistence of Time-CD-FLAC-1990-X",
    )
    assert map_release(other, MATCHER, ALBUMS.__getitem__).problem == UNKNOWN_ALBUM
    junk = dataclasses.replace(other, title="a1b2c3d4e5f6a7b8c9d0", artist=None, album=None)
    assert map_release(junk, MATCHER, ALBUMS.__getitem__).problem == UNPARSABLE


def test_a_search_prefers_the_albums_asked_for() -> None:
    asked = [ALBUMS[1][1]]
    assert _map("Anthrax-For All Kings-CD-FLAC-2016-FORSAKEN", asked) == (None, ["For All Kings"])
    # a result for another album of the artist still maps (then "not requested" refuses it)
    worship = dataclasses.replace(
        recorded()["Anthrax-For All Kings-CD-FLAC-2016-FORSAKEN"],
        title="Anthrax - Worship Music (2011) [FLAC]",
    )
    found = map_release(worship, MATCHER, ALBUMS.__getitem__, asked)
    assert [a.title for a in found.albums] == ["Worship Music"]


def test_close_titles_and_discographies() -> None:
    base = recorded()["Anthrax-For All Kings-CD-FLAC-2016-FORSAKEN"]
    typo = dataclasses.replace(base, title="Sia - 1000 Forms Of Fears (2014) [MP3 320]")
    assert [a.title for a in map_release(typo, MATCHER, ALBUMS.__getitem__).albums] == [
        "1000 Forms of Fear"
    ]
    disco = dataclasses.replace(base, title="Anthrax - Discography 1985-2012 [FLAC]")
    found = map_release(disco, MATCHER, ALBUMS.__getitem__)
    assert found.discography and [a.title for a in found.albums] == [
        "Among the Living",
        "Worship Music",
    ]
    everything = dataclasses.replace(base, title="Anthrax - Discography [MP3]")
    assert len(map_release(everything, MATCHER, ALBUMS.__getitem__).albums) == 3


def test_indexer_attributes_stand_in_for_an_unreadable_name() -> None:
    base = recorded()["Anthrax-For All Kings-CD-FLAC-2016-FORSAKEN"]
    tagged = dataclasses.replace(
        base, title="a1b2c3d4e5f6a7b8c9d0", artist="Anthrax", album="Worship Music"
    )
    found = map_release(tagged, MATCHER, ALBUMS.__getitem__)
    assert found.problem is None and [a.title for a in found.albums] == ["Worship Music"]
