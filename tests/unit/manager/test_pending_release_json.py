"""A waiting release is stored as JSON and read back as the very release the indexer sent:
every field, dates with their zone, flags, seed time and raw attributes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from mediastack.manager.grab.pending import release_from_json, release_json
from mediastack.manager.indexers.models import IndexerFlag, ReleaseInfo


def test_every_field_survives_the_round_trip() -> None:
    release = ReleaseInfo(
        guid="https://indexer.example/details/1",
        title="Show.S01E01.1080p.WEB-DL.H.264-GRP",
        download_url="https://indexer.example/get/1",
        publish_date=datetime(2026, 11, 24, 10, 0, tzinfo=UTC),
        protocol="torrent",
        indexer="Loopback Torznab",
        indexer_id=3,
        size=1_234_567_890,
        info_url="https://indexer.example/details/1",
        categories=(5000, 5040),
        tvdb_id=121361,
        imdb_id="tt0944947",
        season=1,
        episode=1,
        seeders=12,
        peers=15,
        info_hash="0123456789abcdef0123456789abcdef01234567",
        magnet_url="magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567",
        minimum_ratio=1.5,
        minimum_seed_time=timedelta(hours=36),
        download_volume_factor=0.0,
        usenet_date=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
        flags=frozenset({IndexerFlag.FREELEECH, IndexerFlag.INTERNAL}),
        languages=("english", "german"),
        subtitles=("english",),
        attributes={"seeders": ("12",), "tag": ("a", "b")},
    )
    stored = json.loads(json.dumps(release_json(release)))  # what a JSON column keeps
    assert release_from_json(stored) == release


def test_a_release_stored_before_a_field_existed_still_reads() -> None:
    minimal = {
        "guid": "g",
        "title": "Show.S01E01.720p.HDTV.x264-GRP",
        "download_url": "https://indexer.example/get/2",
        "publish_date": "2026-11-24T10:00:00+00:00",
        "protocol": "usenet",
        "indexer": "Loopback Newznab",
        "no_longer_a_field": True,
    }
    read = release_from_json(minimal)
    assert read.publish_date == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert (read.flags, read.categories, read.attributes) == (frozenset(), (), {})
