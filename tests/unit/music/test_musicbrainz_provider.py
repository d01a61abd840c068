"""The MusicBrainz client against the fake: request shapes, pacing, refusals, outages."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator

import pytest

from mediastack.manager.metadata import ExternalId, MetadataUnavailableError
from mediastack.music.metadata.musicbrainz import MusicBrainzProvider
from mediastack.music.settings import MetadataSettings
from tests.support.fake_musicbrainz import (
    ED_SHEERAN,
    PLUS,
    FakeMusicBrainz,
    fake_musicbrainz,
)


@pytest.fixture
def fake() -> Iterator[FakeMusicBrainz]:
    with fake_musicbrainz() as server:
        yield server


def provider(fake: FakeMusicBrainz, interval: float = 0.0) -> MusicBrainzProvider:
    settings = MetadataSettings(
        musicbrainz_url=f"{fake.url}/ws/2",
        coverart_url=f"{fake.url}/caa",
        rate_limit_interval_seconds=interval,
        rate_limit_backoff_seconds=0.05,
        contact="tests@example.invalid",
    )
    return MusicBrainzProvider(settings)


async def test_lookup_search_browse_and_user_agent(fake: FakeMusicBrainz) -> None:
    mb = provider(fake)
    found = await mb.lookup(ExternalId("musicbrainz", ED_SHEERAN))
    assert found is not None and found.name == "Ed Sheeran"
    assert (
        await mb.lookup(ExternalId("musicbrainz", "00000000-0000-0000-0000-000000000000")) is None
    )
    hits = await mb.search("fleetwood")
    assert len(hits) == 41 and hits[0].name == "Fleetwood Mac"
    artist = await mb.fetch_artist(ED_SHEERAN, ["Album"])
    assert [a.mbid for a in artist.albums or []] == [PLUS]
    _, path, params = fake.requests[-1]
    assert path == "/release-group" and params["type"] == "album" and params["fmt"] == "json"
    _, path, params = fake.requests[-2]
    assert params["inc"] == "aliases+url-rels+tags+genres+ratings"
    assert all(
        ua.startswith("mediastack/") and "tests@example.invalid" in ua for ua in fake.user_agents
    )


async def test_one_request_per_interval_across_concurrent_callers(fake: FakeMusicBrainz) -> None:
    mb = provider(fake, interval=0.15)
    other = provider(fake, interval=0.15)  # a second instance shares the same pacer
    start = len(fake.requests)
    await asyncio.gather(
        *(p.lookup(ExternalId("musicbrainz", ED_SHEERAN)) for p in (mb, other, mb, other))
    )
    stamps = [t for t, _, _ in fake.requests[start:]]
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert len(stamps) == 4 and min(gaps) >= 0.13, gaps


async def test_503_is_rate_limiting_and_is_retried(fake: FakeMusicBrainz) -> None:
    mb = provider(fake)
    fake.fail_next(2)
    found = await mb.lookup(ExternalId("musicbrainz", ED_SHEERAN))
    assert found is not None
    fake.fail_next(10)
    with pytest.raises(MetadataUnavailableError, match="refusing"):
        await mb.lookup(ExternalId("musicbrainz", ED_SHEERAN))
    fake.failures.clear()


async def test_outage_and_cover(fake: FakeMusicBrainz) -> None:
    mb = provider(fake)
    url = fake.add_cover("94ad3a58-a1cc-46a3-acf4-9cb6c1d6f032", b"jpeg")
    assert await mb.cover("94ad3a58-a1cc-46a3-acf4-9cb6c1d6f032") == url
    assert await mb.cover("00000000-0000-0000-0000-000000000000") is None
    fake.outage = True
    with pytest.raises(MetadataUnavailableError):
        await mb.search("anything")
