"""Every recorded Newznab/Torznab response parses, with values checked against the XML."""

from __future__ import annotations

import gc
from datetime import UTC, datetime, timedelta

import pytest

from mediastack.manager.indexers.errors import (
    IndexerAuthError,
    IndexerError,
    IndexerRateLimitedError,
    IndexerResponseError,
)
from mediastack.manager.indexers.models import IndexerCapabilities, IndexerFlag, ReleaseInfo
from mediastack.manager.indexers.newznab.mapping import to_release
from mediastack.manager.indexers.newznab.parser import (
    error_for,
    parse_caps,
    parse_date,
    parse_document,
    parse_feed,
)
from mediastack.manager.indexers.torznab.mapping import to_torrent_release
from tests.support.fake_indexer import NEWZNAB, TORZNAB, fixture

FETCHED = datetime(2030, 1, 1, tzinfo=UTC)


def releases(name: str) -> list[ReleaseInfo]:
    feed = parse_feed(parse_document(fixture(name)))
    torrent = (TORZNAB / name).exists()
    result = []
    for item in feed.items:
        if torrent:
            release = to_torrent_release(item, indexer="T", indexer_id=7, fetched_at=FETCHED)
        else:
            release = to_release(item, indexer="N", indexer_id=3, fetched_at=FETCHED)
        assert release is not None
        result.append(release)
    return result


ITEM_COUNTS = {
    "extended_drunkenslug_trimmed.xml": 30,
    "extended_nzbfinder_trimmed.xml": 30,
    "indexerflags_sonarr.xml": 11,
    "language_attrs.xml": 100,
    "movie_imdb_omgwtfnzbs_trimmed.xml": 20,
    "music_nzbgeek.xml": 100,
    "search_3results_nzbhydra.xml": 3,
    "search_empty_with_apilimits_drunkenslug.xml": 0,
    "search_extended_nzbsorg_trimmed.xml": 20,
    "tvsearch_extended_newztown_trimmed.xml": 25,
    "tvsearch_nzb_su.xml": 100,
    "animetosho.xml": 2,
    "btn_jackett.xml": 3,
    "cardigann_jackett.xml": 2,
    "hdaccess_net.xml": 5,
    "morethantv.xml": 2,
    "tpb_jackett.xml": 5,
}


@pytest.mark.parametrize("name", sorted(ITEM_COUNTS))
def test_every_feed_fixture_parses_completely(name: str) -> None:
    result = releases(name)
    assert len(result) == ITEM_COUNTS[name]
    for release in result:
        assert release.title and release.download_url and release.guid
        assert release.publish_date.tzinfo is UTC
        assert release.publish_date != FETCHED  # every fixture item has a readable pubDate
        assert release.protocol == ("torrent" if (TORZNAB / name).exists() else "usenet")


def test_fixture_inventory_is_covered() -> None:
    """A new fixture file must be added to a test here (feeds above, caps below)."""
    on_disk = {p.name for p in (*NEWZNAB.glob("*.xml"), *TORZNAB.glob("*.xml"))}
    covered = (
        set(ITEM_COUNTS)
        | set(CAPS_FILES)
        | {
            "error_100_incorrect_credentials.xml",
            "error_201_incorrect_parameter_t_get.xml",
            "jackett_t_indexers_configured_trimmed.xml",
        }
    )
    assert on_disk == covered


def test_nzb_su_first_item_matches_the_xml() -> None:
    first = releases("tvsearch_nzb_su.xml")[0]
    assert first.title == "White.Collar.S03E05.720p.HDTV.X264-DIMENSION"
    assert first.guid == "http://nzb.su/details/24967ef4c2e26296c65d3bbfa97aa8fe"
    assert first.download_url == (
        "http://nzb.su/getnzb/24967ef4c2e26296c65d3bbfa97aa8fe.nzb&i=37292&r=xxx"
    )
    assert first.info_url == "http://nzb.su/details/24967ef4c2e26296c65d3bbfa97aa8fe"
    assert first.comments_url == first.info_url + "#comments"
    assert first.size == 1183105773
    assert first.categories == (5000, 5040)
    # Mon, 27 Feb 2012 11:09:39 -0500
    assert first.publish_date == datetime(2012, 2, 27, 16, 9, 39, tzinfo=UTC)
    assert first.indexer == "N" and first.indexer_id == 3


def test_paging_metadata() -> None:
    feed = parse_feed(parse_document(fixture("tvsearch_nzb_su.xml")))
    assert (feed.offset, feed.total) == (0, 10000)


def test_drunkenslug_ids_and_usenet_attrs() -> None:
    first = releases("extended_drunkenslug_trimmed.xml")[0]
    assert first.title == "Supernatural S12E15 nl-subs ingebakken"
    assert (first.tvdb_id, first.tvmaze_id, first.tvrage_id, first.tmdb_id) == (
        78901,
        19,
        5410,
        1622,
    )
    assert first.imdb_id == "tt0460681"
    assert (first.season, first.episode) == (12, 15)
    assert first.grabs == 1 and first.files == 17
    assert first.group == "alt.binaries.boneless"
    assert first.poster == "Havefunteam@info.com (Havefunteam)"
    assert first.usenet_date == datetime(2017, 4, 5, 12, 2, 16, tzinfo=UTC)
    assert first.age(datetime(2017, 4, 6, 12, 2, 16, tzinfo=UTC)) == timedelta(days=1)
    assert first.categories == (5999,)


def test_newztown_season_and_episode_in_sxx_form() -> None:
    item = next(
        r
        for r in releases("tvsearch_extended_newztown_trimmed.xml")
        if r.attributes.get("guid") == ("ea72dffc2254d6f6908cdd1acbd3ce79",)
    )
    assert (item.season, item.episode, item.tvrage_id, item.tvmaze_id) == (9, 21, 8511, 66)


def test_omgwtf_despite_the_stray_angle_bracket() -> None:
    result = releases("movie_imdb_omgwtfnzbs_trimmed.xml")
    first = result[0]
    assert first.title == "The.Avengers.2012.720p.BluRay.DTS.x264-DJ.part07.rar"
    assert first.imdb_id == "tt0848228"
    assert first.size == 9348807358
    assert (first.files, first.grabs) == (26, 21)
    assert first.publish_date == datetime(2017, 3, 21, 10, 41, 1, tzinfo=UTC)
    # 17 items carry imdb="0" (unknown), which must not become an id
    ids = [r.imdb_id for r in result]
    assert (ids.count("tt0848228"), ids.count("tt2395427"), ids.count(None)) == (2, 1, 17)


def test_language_attrs_are_split() -> None:
    first = releases("language_attrs.xml")[0]
    assert first.languages == ("English", "Japanese")


def test_music_attrs() -> None:
    first = releases("music_nzbgeek.xml")[0]
    assert (first.artist, first.album, first.year) == ("Brainstorm", "Scary Creatures", 2016)
    assert first.size == 492735000
    assert first.categories == (3000, 3040)


def test_newznab_indexer_flags() -> None:
    by_guid = {r.guid: r for r in releases("indexerflags_sonarr.xml")}
    assert by_guid["no custom attributes"].flags == frozenset()
    assert by_guid["prematch=1 attribute"].flags == {IndexerFlag.SCENE}
    assert by_guid["haspretime=1 attribute"].flags == {IndexerFlag.SCENE}
    assert by_guid["prematch=0 attribute"].flags == frozenset()
    assert by_guid["nuked=1 attribute"].flags == {IndexerFlag.NUKED}
    assert by_guid["prematch=1 and nuked=1 attributes"].flags == {
        IndexerFlag.SCENE,
        IndexerFlag.NUKED,
    }
    assert by_guid["subs=eng"].subtitles == ("Eng",)
    assert by_guid["subs=''"].subtitles == ()
    # Sat, 31 Aug 2024 12:28:40 +0300, the enclosure length is the only size
    assert by_guid["no custom attributes"].publish_date == datetime(
        2024, 8, 31, 9, 28, 40, tzinfo=UTC
    )
    assert by_guid["no custom attributes"].size == 500


def test_non_permalink_guid_and_cdata_description() -> None:
    first, second, _ = releases("search_3results_nzbhydra.xml")
    assert first.guid == "eff551fbdb69d6777d5030c209ee5d4b"
    assert first.info_url == "https://indexerName.com/details/eff551fbdb69d6777d5030c209ee5d4b"
    assert first.categories == (7000, 7010)
    assert second.title == "English testtitle2"


def test_api_limits() -> None:
    feed = parse_feed(parse_document(fixture("search_empty_with_apilimits_drunkenslug.xml")))
    assert feed.items == ()
    assert feed.total == 7800
    assert feed.api_limits is not None
    assert (feed.api_limits.api_current, feed.api_limits.api_max) == (44, 50)
    assert feed.api_limits.grab_max == 5
    assert not feed.api_limits.exhausted


# ---- torznab -----------------------------------------------------------------------


def test_tpb_magnet_items() -> None:
    first = releases("tpb_jackett.xml")[0]
    assert first.title == "Series Title S05E02 HDTV x264-Xclusive [eztv]"
    assert first.download_url.startswith(
        "magnet:?xt=urn:btih:9fb267cff5ae5603f07a347676ec3bf3e35f75e1"
    )
    assert first.magnet_url == first.download_url
    assert first.info_hash == "9fb267cff5ae5603f07a347676ec3bf3e35f75e1"
    assert (first.seeders, first.peers, first.leechers) == (34128, 36724, 2596)
    assert first.minimum_ratio == 1.0
    assert first.minimum_seed_time == timedelta(seconds=172800)
    assert first.size == 388895872
    # Sat, 11 Apr 2015 21:34:00 -0600
    assert first.publish_date == datetime(2015, 4, 12, 3, 34, tzinfo=UTC)


def test_morethantv_leechers_grabs_and_imdb() -> None:
    first = releases("morethantv.xml")[0]
    assert (first.seeders, first.leechers, first.peers) == (3, 0, 3)
    assert first.imdb_id == "tt0039689"
    assert first.info_hash is None  # "(removed)" upstream is not a hash
    assert (first.grabs, first.files, first.size) == (2, 1, 5412993028)
    assert first.categories == (2000, 2040)
    assert first.download_volume_factor == 1.0
    assert first.flags == frozenset()
    assert first.poster == "anon"


def test_animetosho_size_from_attr_and_torrent_enclosure_preferred() -> None:
    first, second = releases("animetosho.xml")
    assert first.size == 316477946  # enclosure length is 0
    assert first.categories == (5070, 100001)
    assert first.info_hash == "2d69a861bef5a9f2cdf791b7328e37b7953205e1"
    assert first.magnet_url == "magnet:?xt=urn:btih:VU2QYN66WU7FTPXSG3TFDRXW6KTEBPBF"
    assert second.download_url == "http://storage.localhost/torrents/123452.torrent"


def test_btn_whitespace_in_link_and_thetvdb() -> None:
    first = releases("btn_jackett.xml")[0]
    assert first.download_url.endswith("CookieMonster.torrent")
    assert (first.tvdb_id, first.tvrage_id, first.imdb_id) == (70870, 6126, "tt0176095")
    assert first.seeders == 13


def test_cardigann_explicit_end_tags() -> None:
    first = releases("cardigann_jackett.xml")[0]
    assert first.download_url == "http://127.0.0.1:5060/download/111.torrent"
    assert (first.size, first.grabs, first.seeders) == (620000000, 14, 11)
    assert first.categories == (5040,)


def test_hdaccess_site_categories() -> None:
    first = releases("hdaccess_net.xml")[0]
    assert first.categories == (5000, 5040, 100009, 100036)
    assert first.tvdb_id == 273181
    assert first.info_hash == "63e07ff523710ca268567dad344ce1e0e6b7e8a3"
    assert first.info_url == "https://hdaccess.net/details.php?id=11515&hit=1"


def test_volume_factors_become_flags() -> None:
    body = b"""<rss xmlns:torznab="http://torznab.com/schemas/2015/feed"><channel>
      <item><title>a</title><link>http://x/1.torrent</link><guid>1</guid>
        <pubDate>Thu, 04 May 2017 14:14:24 CEST</pubDate>
        <torznab:attr name="downloadvolumefactor" value="0"/>
        <torznab:attr name="uploadvolumefactor" value="2"/>
        <torznab:attr name="tag" value="Internal"/></item>
      <item><title>b</title><link>http://x/2.torrent</link><guid>2</guid>
        <torznab:attr name="downloadvolumefactor" value="0.5"/></item>
      <item><title>c</title><link>http://x/3.torrent</link><guid>3</guid>
        <torznab:attr name="downloadvolumefactor" value="0.25"/></item>
    </channel></rss>"""
    feed = parse_feed(parse_document(body))
    a, b, c = (
        to_torrent_release(i, indexer="T", indexer_id=None, fetched_at=FETCHED) for i in feed.items
    )
    assert a is not None and b is not None and c is not None
    assert a.flags == {IndexerFlag.FREELEECH, IndexerFlag.DOUBLE_UPLOAD, IndexerFlag.INTERNAL}
    assert a.publish_date == datetime(2017, 5, 4, 12, 14, 24, tzinfo=UTC)
    assert b.flags == {IndexerFlag.HALFLEECH}
    assert c.flags == {IndexerFlag.FREELEECH_75}
    assert b.publish_date == FETCHED  # no pubDate at all: the fetch time


# ---- caps --------------------------------------------------------------------------

CAPS_FILES = [
    "caps_sonarr_tv.xml",
    "caps_lidarr_audio.xml",
    "caps_nzbfinder.xml",
    "caps_dognzb.xml",
    "caps_omgwtfnzbs.xml",
    "caps_scenenzbs.xml",
    "caps_animetosho.xml",
]


def caps(name: str) -> IndexerCapabilities:
    return parse_caps(parse_document(fixture(name)))


def test_caps_sonarr_minimal_uses_defaults() -> None:
    c = caps("caps_sonarr_tv.xml")
    assert (c.limits_max, c.limits_default, c.page_size) == (60, 25, 60)
    assert c.tv_search.supported_params == {"q", "rid", "season", "ep"}
    assert not c.tv_search.params_declared
    assert [cat.id for cat in c.categories] == [5000, 7000, 8000]
    assert len(c.categories[0].subcategories) == 8
    assert c.category_name(5070) == "Anime"
    assert 8020 in c.category_ids()


def test_caps_nzbfinder_declared_params() -> None:
    c = caps("caps_nzbfinder.xml")
    assert c.tv_search.params_declared
    assert c.tv_search.supports("tvdbid", "tvmazeid", "imdbid", "tmdbid", "season", "ep")
    assert c.movie_search.supported_params == {"q", "imdbid"}
    assert not c.audio_search.available
    assert c.category_name(2045) == "UHD"
    assert c.server_title == "NZB Finder"


def test_caps_dognzb_retention_and_audio() -> None:
    c = caps("caps_dognzb.xml")
    assert c.retention_days == 3427
    assert c.audio_search.supports("q", "artist", "album")
    assert c.tv_search.supported_params == {"q", "rid", "tvdbid", "season", "ep"}


def test_caps_omgwtf_page_size_is_capped() -> None:
    c = caps("caps_omgwtfnzbs.xml")
    assert (c.limits_max, c.page_size, c.retention_days) == (500, 100, 2000)
    assert not c.audio_search.available


def test_caps_scenenzbs_without_audio_element() -> None:
    c = caps("caps_scenenzbs.xml")
    assert not c.audio_search.available
    assert c.movie_search.supported_params == {"q", "imdbid", "genre"}


def test_caps_lidarr_descriptions() -> None:
    c = caps("caps_lidarr_audio.xml")
    assert c.categories[0].subcategories[0].description == "Audio"
    assert c.audio_search.supports("artist", "album")


def test_caps_animetosho() -> None:
    c = caps("caps_animetosho.xml")
    assert c.retention_days == 9999
    assert (c.limits_max, c.limits_default, c.page_size) == (200, 75, 100)
    assert not c.tv_search.available and not c.movie_search.available
    assert c.search.supported_params == {"q"}
    assert [(x.id, x.name) for x in c.categories] == [(5070, "Anime"), (2020, "Movies/Other")]


def test_jackett_per_indexer_caps() -> None:
    root = parse_document(fixture("jackett_t_indexers_configured_trimmed.xml"))
    parsed = [parse_caps(element) for element in root.iter("caps")]
    assert len(parsed) == 5
    btn = parsed[0]
    assert btn.server_title == "Jackett"
    assert btn.tv_search.supported_params == {"q", "season", "ep"}
    assert not btn.audio_search.available
    assert (btn.limits_max, btn.limits_default) == (1000, 100)
    assert parsed[2].category_name(100001) == "Appz"


# ---- errors and hostile input ------------------------------------------------------


def test_error_100_is_an_auth_error() -> None:
    with pytest.raises(IndexerAuthError) as caught:
        parse_feed(parse_document(fixture("error_100_incorrect_credentials.xml")))
    assert caught.value.code == 100
    assert "Incorrect user credentials" in str(caught.value)


def test_error_201_is_a_plain_indexer_error() -> None:
    with pytest.raises(IndexerError) as caught:
        parse_caps(parse_document(fixture("error_201_incorrect_parameter_t_get.xml")))
    assert type(caught.value) is IndexerError
    assert caught.value.code == 201


@pytest.mark.parametrize(
    ("code", "description", "kind"),
    [
        (101, "Account suspended", IndexerAuthError),
        (500, "Request limit reached", IndexerRateLimitedError),
        (429, "Too many", IndexerRateLimitedError),
        (910, "API Disabled", IndexerError),
        (200, "Missing parameter (apikey)", IndexerAuthError),
    ],
)
def test_error_mapping(code: int, description: str, kind: type[IndexerError]) -> None:
    assert type(error_for(code, description)) is kind


def test_missing_parameter_without_key_means_key_required() -> None:
    assert isinstance(error_for(200, "Missing parameter", api_key_sent=False), IndexerAuthError)
    assert type(error_for(200, "Missing parameter", api_key_sent=True)) is IndexerError


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><item><title>&lol3;</title></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&xxe;</title></item></channel></rss>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_documents_are_refused(body: bytes) -> None:
    with pytest.raises(IndexerResponseError, match="entities"):
        parse_document(body)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"<rss><channel><item><title>x</title>", "not valid XML"),
        (b"<html><body>Just a moment...</body></html>", "HTML"),
        (fixture("search_o_json_nzbsorg.json"), "not valid XML"),
        (b"\x00\x01garbage", "not valid XML"),
    ],
)
def test_garbage_is_a_response_error(body: bytes, message: str) -> None:
    with pytest.raises(IndexerResponseError, match=message):
        parse_feed(parse_document(body))


def test_caps_document_of_the_wrong_kind() -> None:
    with pytest.raises(IndexerResponseError, match="caps"):
        parse_caps(parse_document(fixture("tvsearch_nzb_su.xml")))
    with pytest.raises(IndexerResponseError, match="RSS"):
        parse_feed(parse_document(fixture("caps_dognzb.xml")))


def test_leading_blank_lines_and_bom_are_tolerated() -> None:
    body = b"\xef\xbb\xbf\n\n  " + fixture("search_3results_nzbhydra.xml")
    assert len(parse_feed(parse_document(body)).items) == 3


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mon, 27 Feb 2012 11:09:39 -0500", datetime(2012, 2, 27, 16, 9, 39, tzinfo=UTC)),
        ("Mon, 27 Feb 2012 11:09:39 +0530", datetime(2012, 2, 27, 5, 39, 39, tzinfo=UTC)),
        ("Mon,27 feb 2012 23:09:39 -0000", datetime(2012, 2, 27, 23, 9, 39, tzinfo=UTC)),
        ("Fri, 31 Dec 2021 23:30:00 -0100", datetime(2022, 1, 1, 0, 30, 0, tzinfo=UTC)),
        ("Mon, 31 Feb 2012 11:09:39 +0000", None),
        ("Mon, 27 Feb 2012 11:09:39 +2400", None),
        ("Mon, 27 Feb 2012 11:09:39 +0075", datetime(2012, 2, 27, 9, 54, 39, tzinfo=UTC)),
        ("Mon, 27 Feb 2012 11:09:39 GMT", datetime(2012, 2, 27, 11, 9, 39, tzinfo=UTC)),
        ("Mon, 27 Feb 2012 11:09:39 PST", datetime(2012, 2, 27, 19, 9, 39, tzinfo=UTC)),
        ("Mon, 27 Feb 2012 11:09:39 CEST", datetime(2012, 2, 27, 9, 9, 39, tzinfo=UTC)),
        ("Mon, 27 Feb 2012 11:09:39 +0000 (UTC)", datetime(2012, 2, 27, 11, 9, 39, tzinfo=UTC)),
        ("27 Feb 2012 11:09:39", datetime(2012, 2, 27, 11, 9, 39, tzinfo=UTC)),
        ("2012-02-27T11:09:39Z", datetime(2012, 2, 27, 11, 9, 39, tzinfo=UTC)),
        ("2017-03-09", datetime(2017, 3, 9, tzinfo=UTC)),
        ("1330340979", datetime(2012, 2, 27, 11, 9, 39, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
    ],
)
def test_dates(raw: str, expected: datetime | None) -> None:
    assert parse_date(raw) == expected


def test_a_large_feed_is_read_without_collector_passes() -> None:
    # thousands of items make a large tree of acyclic records: collector passes wait
    items = "".join(
        f"<item><title>Show.S01E{i % 99:02d}.720p.HDTV.x264-GRP</title><guid>{i}</guid>"
        f'<enclosure url="https://indexer.invalid/{i}" length="1" type="application/x-nzb"/>'
        '<newznab:attr name="size" value="1"/></item>'
        for i in range(3000)
    )
    body = (
        '<rss version="2.0" xmlns:newznab="http://www.newznab.com/DTD/2010/feeds/attributes/">'
        f"<channel>{items}</channel></rss>"
    ).encode()
    passes: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(info["generation"])

    gc.callbacks.append(note)
    try:
        feed = parse_feed(parse_document(body))
    finally:
        gc.callbacks.remove(note)
    assert len(feed.items) == 3000 and feed.items[-1].title == "Show.S01E29.720p.HDTV.x264-GRP"
    # at most the young generations' catch-up when the pause ends (21 passes without it)
    assert 2 not in passes and len(passes) <= 2, passes
