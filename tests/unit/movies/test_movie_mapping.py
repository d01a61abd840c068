"""Which movie a release is, and Radarr's monitored and availability rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from mediastack.manager.decisions import SearchKind
from mediastack.manager.indexers.models import ReleaseInfo
from mediastack.manager.search.model import DecideOptions
from mediastack.movies.library.model import Movie
from mediastack.movies.metadata.models import ReleaseDates
from mediastack.movies.search.domain import MovieReleaseMapper, MovieSearchDomain
from mediastack.movies.search.mapping import MovieMatcher, map_release

NOW = datetime(2026, 11, 24, tzinfo=UTC)


def movie(mid: int, title: str, year: int, tmdb: int, **changes: object) -> Movie:
    base = Movie(
        id=mid, tmdb_id=tmdb, imdb_id=f"tt{tmdb:07d}", title=title, original_title=title,
        original_language="en", sort_title=title.lower(), title_slug=f"m-{tmdb}",
        tmdb_status="Released", overview="", year=year,
        dates=ReleaseDates(date(year, 3, 1), date(year, 9, 1), None), runtime=120, genres=[],
        studio=None, website=None, certification=None, rating=None, votes=0, popularity=0.0,
        poster_url=None, fanart_url=None, youtube_trailer_id=None, collection_tmdb_id=None,
        collection_title=None, alternate_titles=[], monitored=True,
        minimum_availability="released", quality_profile_id=4, path=f"/m/{title}",
        root_folder_path="/m", tags=[], added=NOW, last_info_sync=None, extra={},
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


MATRIX = movie(1, "The Matrix", 1999, 603)
REMAKE_OLD = movie(2, "Solaris", 1972, 593)
REMAKE_NEW = movie(3, "Solaris", 2002, 2103)


def release(title: str, **ids: object) -> ReleaseInfo:
    return ReleaseInfo(
        guid=title,
        title=title,
        download_url="http://x/",
        publish_date=NOW,
        protocol="usenet",
        indexer="x",
        **ids,  # type: ignore[arg-type]
    )


def test_ids_first_then_title_and_year() -> None:
    matcher = MovieMatcher([MATRIX, REMAKE_OLD, REMAKE_NEW])
    assert map_release(release("Solaris.2002.1080p.BluRay.x264-GRP"), matcher).subject == REMAKE_NEW
    assert map_release(release("Solaris.1972.720p.BluRay.x264-GRP"), matcher).subject == REMAKE_OLD
    by_id = map_release(release("Something.Else.2002.1080p.WEB-DL-GRP", tmdb_id=603), matcher)
    assert by_id.subject == MATRIX and by_id.items == (MATRIX,)
    near_year = map_release(release("The.Matrix.2000.1080p.BluRay.x264-GRP"), matcher)
    assert near_year.subject == MATRIX  # a year either way, as release years drift
    unknown = map_release(release("Inception.2010.1080p.BluRay.x264-GRP"), matcher)
    assert unknown.problem == "Unknown Movie" and unknown.subject is None
    assert map_release(release("Solaris.1990.1080p.BluRay-GRP"), matcher).problem == "Unknown Movie"


def test_availability_and_monitoring_hold_back_automatic_grabs_only() -> None:
    upcoming = replace(
        MATRIX,
        dates=ReleaseDates(NOW.date() + timedelta(days=30), None, None),
        minimum_availability="released",
    )
    mapper = MovieReleaseMapper([upcoming])
    remote = mapper.map(release("The.Matrix.1999.1080p.BluRay.x264-GRP"))
    rss = DecideOptions(kind=SearchKind.RSS, now=NOW)
    [held] = mapper.rejections(remote, rss)
    assert "will only be considered available on" in held.reason
    assert held.reason.endswith("(minimum availability: released)")
    assert not mapper.rejections(remote, replace(rss, user_invoked=True))
    in_cinemas = MovieReleaseMapper([replace(upcoming, minimum_availability="announced")])
    assert not in_cinemas.rejections(in_cinemas.map(remote.release), rss)
    unmonitored = MovieReleaseMapper([replace(MATRIX, monitored=False)])
    [reason] = unmonitored.rejections(unmonitored.map(remote.release), rss)
    assert reason.reason == "Movie is not monitored"


def test_wanted_item_carries_the_file_on_disk_and_runtime() -> None:
    mapper = MovieReleaseMapper([MATRIX])
    remote = mapper.map(release("The.Matrix.1999.1080p.BluRay.x264-GRP"))
    [item] = mapper.wanted(remote)
    assert item.id == MATRIX.id and item.label == "The Matrix" and item.existing is None
    assert mapper.runtime_minutes(remote) == 120.0
    domain = MovieSearchDomain(None)  # type: ignore[arg-type]
    assert domain.grab_data(remote) == {"tmdbId": 603, "imdbId": "tt0000603"}
