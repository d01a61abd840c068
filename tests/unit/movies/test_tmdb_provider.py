"""The TMDB client's wire behaviour against the fake: keys, lookups, searches, failures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from mediastack.manager.metadata import ExternalId, MetadataNotFoundError, MetadataUnavailableError
from mediastack.movies.metadata.tmdb import TmdbKeyError, TmdbProvider
from mediastack.movies.settings import MetadataSettings
from tests.support.fake_tmdb import API_KEY, BEARER, FakeTmdb, fake_tmdb


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeTmdb]:
    with fake_tmdb() as server:
        yield server


def provider(fake: FakeTmdb, key: str = API_KEY) -> TmdbProvider:
    settings = MetadataSettings(
        tmdb_url=f"{fake.url}/3", tmdb_api_key=SecretStr(key), rate_limit_backoff_seconds=0
    )
    return TmdbProvider(settings)


async def test_fetch_appends_every_part_in_one_call(fake: FakeTmdb) -> None:
    before = fake.calls("/3/movie/550")
    movie = await provider(fake).fetch(550)
    assert movie.title == "Fight Club" and movie.certification == "R"
    assert movie.poster_url == f"{fake.url}/t/p/original/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg"
    assert fake.calls("/3/movie/550") == before + 1
    _, params, _ = [r for r in fake.requests if r[0] == "/3/movie/550"][-1]
    assert params["api_key"] == API_KEY
    assert set(params["append_to_response"].split(",")) == {
        "alternative_titles",
        "release_dates",
        "external_ids",
        "images",
    }


async def test_lookups_by_tmdb_and_imdb_id(fake: FakeTmdb) -> None:
    tmdb = provider(fake)
    taken = await tmdb.lookup(ExternalId("imdb", "tt0936501"))
    assert taken is not None and taken.tmdb_id == 8681 and taken.complete
    assert await tmdb.lookup(ExternalId("tmdb", "999999999")) is None
    assert await tmdb.lookup(ExternalId("imdb", "tt9999999")) is None
    assert await tmdb.lookup(ExternalId("imdb", "not-an-id")) is None
    with pytest.raises(MetadataNotFoundError):
        await tmdb.fetch(999999999)


async def test_search_with_year_and_unicode(fake: FakeTmdb) -> None:
    tmdb = provider(fake)
    assert [m.tmdb_id for m in await tmdb.search("The Matrix Reloaded (2003)")] == [604]
    assert [m.title for m in await tmdb.search("Зеркала Mirrors 2008")] == ["Mirrors"]
    assert len(await tmdb.search("The Matrix")) == 20
    assert await tmdb.search("   ") == []  # TMDB's 422 for an empty query: no results
    # a year that is part of the title: nothing with year=1984, so the whole term is tried
    assert await tmdb.search("Nothing Called This 1984") == []


async def test_missing_and_refused_keys_are_clear(fake: FakeTmdb) -> None:
    before = len(fake.requests)
    with pytest.raises(TmdbKeyError, match="MEDIASTACK_SERVICE__METADATA__TMDB_API_KEY"):
        await provider(fake, key="").search("The Matrix")
    assert len(fake.requests) == before  # no request without a key
    with pytest.raises(TmdbKeyError, match="Invalid API key"):
        await provider(fake, key="wrong-key").fetch(603)
    assert isinstance(TmdbKeyError("x"), MetadataUnavailableError)  # the API answers 503


async def test_bearer_token_goes_in_the_header(fake: FakeTmdb) -> None:
    movie = await provider(fake, key=BEARER).fetch(603)
    assert movie.title == "The Matrix"
    _, params, auth = [r for r in fake.requests if r[0] == "/3/movie/603"][-1]
    assert auth == f"Bearer {BEARER}" and "api_key" not in params


async def test_rate_limits_are_ridden_out_and_outages_reported(fake: FakeTmdb) -> None:
    fake.fail_next(2, 429)
    assert (await provider(fake).fetch(604)).title == "The Matrix Reloaded"
    fake.outage = True
    try:
        with pytest.raises(MetadataUnavailableError):
            await provider(fake).fetch(604)
    finally:
        fake.outage = False
