"""Our wire clients against a loopback indexer serving recorded real responses."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import httpx
import pytest

from mediastack.manager.indexers.errors import (
    IndexerAuthError,
    IndexerConnectionError,
    IndexerDisabledError,
    IndexerHttpError,
    IndexerRateLimitedError,
    IndexerResponseError,
)
from mediastack.manager.indexers.newznab.client import NewznabClient
from mediastack.manager.indexers.newznab.settings import NewznabSettings
from mediastack.manager.indexers.rss import InMemoryRssCursorStore, sync_rss
from mediastack.manager.indexers.search import EpisodeSearch, IndexerRequest, SeriesIds
from mediastack.manager.indexers.status import IndexerGate
from mediastack.manager.indexers.torznab.client import TorznabClient
from mediastack.manager.indexers.torznab.settings import TorznabSettings
from tests.support.fake_indexer import (
    CannedResponse,
    FakeIndexer,
    Feed,
    fixture,
    running_fake_indexer,
)

KEY = "s3cret"


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def fake() -> Iterator[FakeIndexer]:
    with running_fake_indexer(api_key=KEY) as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def newznab(
    fake: FakeIndexer,
    http: httpx.AsyncClient,
    *,
    key: str = KEY,
    gate: IndexerGate | None = None,
    min_interval: float = 0.0,
) -> NewznabClient:
    settings = NewznabSettings(
        base_url=fake.url,
        api_key=key,
        categories=(5030, 5040),
        timeout_seconds=5,
    )
    return NewznabClient(
        settings, name="fake", indexer_id=1, http=http, gate=gate, min_interval=min_interval
    )


async def test_caps_and_tvsearch_with_ids(fake: FakeIndexer, http: httpx.AsyncClient) -> None:
    fake.routes["caps"] = fixture("caps_nzbfinder.xml")
    fake.routes["tvsearch"] = fixture("extended_drunkenslug_trimmed.xml")
    client = newznab(fake, http)
    caps = await client.fetch_caps()
    assert caps.tv_search.params_declared
    found = await client.search(
        EpisodeSearch(
            titles=("Supernatural",),
            season=12,
            episode=15,
            ids=SeriesIds(tvdb_id=78901, tvmaze_id=19),
        )
    )
    assert len(found) == 30
    assert found[0].title == "Supernatural S12E15 nl-subs ingebakken"
    (request,) = fake.requests_for("tvsearch")  # ids tier found results: no text fallback
    assert request.path == "/api"
    assert request.params == {
        "t": "tvsearch",
        "cat": "5030,5040",
        "tvdbid": "78901",
        "tvmazeid": "19",
        "season": "12",
        "ep": "15",
        "extended": "1",
        "apikey": KEY,
        "offset": "0",
        "limit": "100",
    }
    await client.fetch_caps()
    assert len(fake.requests_for("caps")) == 1  # cached


async def test_empty_id_tier_falls_back_to_text(fake: FakeIndexer, http: httpx.AsyncClient) -> None:
    fake.routes["caps"] = fixture("caps_sonarr_tv.xml")  # one id per request, rid only
    nothing = fixture("search_empty_with_apilimits_drunkenslug.xml")
    fake.routes["tvsearch"] = lambda p: nothing if "rid" in p else fixture("tvsearch_nzb_su.xml")
    client = newznab(fake, http)
    found = await client.search(
        EpisodeSearch(titles=("White Collar",), season=3, episode=5, ids=SeriesIds(tvrage_id=9))
    )
    assert len(found) == 100
    first, second = fake.requests_for("tvsearch")[:2]
    assert first.params["rid"] == "9"
    assert (second.params["q"], second.params["season"], second.params["ep"]) == (
        "White Collar",
        "3",
        "5",
    )
    assert second.params["limit"] == "60"  # caps limits max=60 default=25


def _newest_first(feed: Feed) -> Feed:
    def date(item: bytes) -> datetime:
        match = re.search(rb"<pubDate>([^<]+)</pubDate>", item)
        assert match is not None
        return parsedate_to_datetime(match.group(1).decode())

    return Feed(feed.head, sorted(feed.items, key=date, reverse=True), feed.tail)


async def test_rss_cursor_across_two_syncs(fake: FakeIndexer, http: httpx.AsyncClient) -> None:
    fake.routes["caps"] = fixture("caps_sonarr_tv.xml")  # page size 60
    full = _newest_first(Feed.from_bytes(fixture("tvsearch_nzb_su.xml")))
    assert len(full.items) == 100
    fake.routes["tvsearch"] = Feed(full.head, full.items[20:], full.tail)  # 20 not posted yet
    client = newznab(fake, http)
    cursors = InMemoryRssCursorStore()

    first = await sync_rss(client, "tv", cursors)
    assert first.first_sync and first.pages == 1
    assert len(first.releases) == 60
    assert not first.gap

    fake.routes["tvsearch"] = full  # 20 new releases on top
    second = await sync_rss(client, "tv", cursors)
    assert not second.first_sync and second.reached_cursor and not second.gap
    assert second.pages == 1
    new_guids = {r.guid for r in second.releases}
    assert len(new_guids) == 20
    assert new_guids.isdisjoint(r.guid for r in first.releases)

    third = await sync_rss(client, "tv", cursors)
    assert third.releases == ()
    rss_requests = fake.requests_for("tvsearch")
    assert all("q" not in r.params for r in rss_requests)
    assert rss_requests[0].params["t"] == "tvsearch"


async def test_rss_pages_back_to_the_cursor(fake: FakeIndexer, http: httpx.AsyncClient) -> None:
    fake.routes["caps"] = fixture("caps_sonarr_tv.xml")
    full = _newest_first(Feed.from_bytes(fixture("tvsearch_nzb_su.xml")))
    fake.routes["tvsearch"] = Feed(full.head, full.items[90:], full.tail)
    client = newznab(fake, http)
    cursors = InMemoryRssCursorStore()
    await sync_rss(client, "tv", cursors)
    fake.routes["tvsearch"] = full  # 90 new: more than one 60-item page
    result = await sync_rss(client, "tv", cursors)
    assert result.pages == 2 and result.reached_cursor
    assert len(result.releases) == 90
    assert [r.params["offset"] for r in fake.requests_for("tvsearch")[-2:]] == ["0", "60"]


async def test_request_spacing_is_honoured(fake: FakeIndexer, http: httpx.AsyncClient) -> None:
    fake.routes["caps"] = fixture("caps_nzbfinder.xml")
    fake.routes["search"] = fixture("search_3results_nzbhydra.xml")
    sent: list[float] = []  # when each request left: arrival times jitter under load

    async def note(_request: httpx.Request) -> None:
        sent.append(time.monotonic())

    http.event_hooks["request"].append(note)
    client = newznab(fake, http, min_interval=0.25)
    await client.fetch_caps()
    for _ in range(3):
        await client.fetch_page(IndexerRequest("search", (("q", "avengers"),)))
    assert len(fake.requests) == 4
    gaps = [b - a for a, b in itertools.pairwise(sent)]
    assert len(gaps) == 3
    assert min(gaps) >= 0.24, gaps


async def test_backoff_after_500_and_recovery(fake: FakeIndexer, http: httpx.AsyncClient) -> None:
    fake.routes["caps"] = fixture("caps_nzbfinder.xml")
    clock = Clock()
    gate = IndexerGate(clock=clock)
    client = newznab(fake, http, gate=gate)
    fake.queued.append(CannedResponse(500, b"oops", "text/plain"))
    with pytest.raises(IndexerHttpError) as caught:
        await client.fetch_caps()
    assert caught.value.status_code == 500
    assert gate.status(1).escalation_level == 1

    with pytest.raises(IndexerDisabledError):
        await client.fetch_caps()
    assert len(fake.requests) == 1  # nothing was sent while backing off

    clock.now += timedelta(minutes=6)
    caps = await client.fetch_caps()
    assert caps.server_title == "NZB Finder"
    assert gate.status(1).escalation_level == 0  # cleared by the success


async def test_auth_error_100(fake: FakeIndexer, http: httpx.AsyncClient) -> None:
    gate = IndexerGate()
    client = newznab(fake, http, key="wrong", gate=gate)
    with pytest.raises(IndexerAuthError) as caught:
        await client.fetch_caps()
    assert caught.value.code == 100
    assert caught.value.property_name == "apiKey"
    assert gate.status(1).disabled_until is not None


async def test_http_429_with_retry_after(fake: FakeIndexer, http: httpx.AsyncClient) -> None:
    clock = Clock()
    gate = IndexerGate(clock=clock)
    client = newznab(fake, http, gate=gate)
    fake.queued.append(CannedResponse(429, b"", headers=(("Retry-After", "7200"),)))
    with pytest.raises(IndexerRateLimitedError) as caught:
        await client.fetch_caps()
    assert caught.value.retry_after == timedelta(hours=2)
    assert gate.status(1).disabled_until == clock.now + timedelta(hours=2)


async def test_missing_caps_function_means_defaults(
    fake: FakeIndexer, http: httpx.AsyncClient
) -> None:
    fake.queued.append(CannedResponse(404, b"not found", "text/plain"))
    gate = IndexerGate()
    caps = await newznab(fake, http, gate=gate).fetch_caps()
    assert caps.tv_search.supported_params == {"q", "rid", "season", "ep"}
    assert gate.status(1).disabled_until is None


async def test_xml_error_document_on_http_error_status(
    fake: FakeIndexer, http: httpx.AsyncClient
) -> None:
    fake.queued.append(CannedResponse(401, fixture("error_100_incorrect_credentials.xml")))
    with pytest.raises(IndexerAuthError):
        await newznab(fake, http).fetch_caps()


async def test_garbage_body_is_a_response_error(fake: FakeIndexer, http: httpx.AsyncClient) -> None:
    fake.queued.append(CannedResponse(200, b"<html><body>login</body></html>", "text/html"))
    with pytest.raises(IndexerResponseError):
        await newznab(fake, http).fetch_caps()


async def test_unreachable_indexer(http: httpx.AsyncClient) -> None:
    with running_fake_indexer() as gone:
        url = gone.url
    client = NewznabClient(
        NewznabSettings(base_url=url, timeout_seconds=2), name="gone", http=http, min_interval=0
    )
    with pytest.raises(IndexerConnectionError):
        await client.fetch_caps()


async def test_torznab_search_and_connection_test(
    fake: FakeIndexer, http: httpx.AsyncClient
) -> None:
    fake.routes["caps"] = fixture("caps_animetosho.xml")
    fake.routes["search"] = fixture("animetosho.xml")
    settings = TorznabSettings(
        base_url=fake.url + "/",
        api_key=KEY,
        categories=(5070,),
    )
    client = TorznabClient(settings, name="tosho", http=http, min_interval=0)
    result = await client.test("tv")
    assert result.release_count == 2 and result.warnings == ()
    assert fake.requests_for("search")[0].params["t"] == "search"  # no tv-search here
    found = await client.search(EpisodeSearch(titles=("Frame Arms Girl",), season=1, episode=7))
    assert [r.protocol for r in found] == ["torrent", "torrent"]
    assert found[0].info_hash == "2d69a861bef5a9f2cdf791b7328e37b7953205e1"
    assert fake.requests_for("search")[-1].params["q"] == "Frame Arms Girl S01E07"


async def test_connection_test_warns_on_empty_results(
    fake: FakeIndexer, http: httpx.AsyncClient
) -> None:
    fake.routes["caps"] = fixture("caps_sonarr_tv.xml")
    fake.routes["tvsearch"] = fixture("search_empty_with_apilimits_drunkenslug.xml")
    result = await newznab(fake, http).test("tv")
    assert result.release_count == 0
    assert result.warnings and "no results" in result.warnings[0]
