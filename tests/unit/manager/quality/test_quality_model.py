"""Quality catalogue, size limits, profiles and custom formats."""

from __future__ import annotations

import pytest

from mediastack.manager.parser import parse
from mediastack.manager.parser.model import Revision
from mediastack.manager.quality import (
    CustomFormat,
    ReleaseFacts,
    Spec,
    Specification,
    by_name,
    catalogue,
    default_definitions,
    format_matches,
    format_score,
    simple_profile,
)
from mediastack.manager.quality.definitions import QualityDefinition, by_id

Q = lambda name: by_name("sonarr", name)  # noqa: E731


@pytest.mark.parametrize("app", ["sonarr", "radarr", "lidarr"])
def test_catalogue_ids_and_names_are_unique(app: str) -> None:
    qs = catalogue(app)  # type: ignore[arg-type]
    assert len({q.id for q in qs}) == len(qs)
    assert len({q.name for q in qs}) == len(qs)
    assert qs[0].name == "Unknown"


def test_every_parsed_quality_name_is_in_the_catalogue() -> None:
    samples = {
        "sonarr": ["S.S01E01.720p.HDTV.x264-G", "S.S01E01.1080p.BluRay.REMUX-G", "S.S01E01.DVDRip"],
        "radarr": ["M.2019.CAM.x264-G", "M.2019.1080p.BluRay.AVC.DTS-HD.MA", "M.2019.2160p.REMUX"],
        "lidarr": ["A - B (2019) [FLAC]", "A - B (2019) [MP3 320]", "A - B [24bit FLAC]"],
    }
    for app, titles in samples.items():
        names = {q.name for q in catalogue(app)}  # type: ignore[arg-type]
        for t in titles:
            p = parse(t, app)
            assert p is not None and p.quality.name in names, (app, t)


def test_by_id_and_unknown_fallback() -> None:
    assert by_id("sonarr", 4).name == "HDTV-720p"
    assert by_name("sonarr", "nope").name == "Unknown"
    with pytest.raises(KeyError):
        by_id("sonarr", 9999)


def test_size_limits_per_minute_of_runtime() -> None:
    d = QualityDefinition(Q("HDTV-720p"), "HDTV-720p", min_size=2.0, max_size=20.0)
    mib = 1024 * 1024
    assert d.size_allowed(45 * 10 * mib, 45)  # 10 MB/min
    assert not d.size_allowed(45 * 1 * mib, 45)  # 1 MB/min: too small
    assert not d.size_allowed(45 * 30 * mib, 45)  # 30 MB/min: too large
    assert d.size_allowed(1, 0)  # unknown runtime: cannot judge
    unlimited = QualityDefinition(Q("HDTV-720p"), "HDTV-720p", min_size=0.0, max_size=None)
    assert unlimited.size_allowed(10**12, 45)
    assert len(default_definitions("radarr")) == len(catalogue("radarr"))


def test_profile_allows_and_groups_rank_equal() -> None:
    p = simple_profile(
        "HD",
        [Q("HDTV-720p"), Q("WEBRip-720p"), Q("WEBDL-720p"), Q("WEBDL-1080p")],
        cutoff=Q("WEBDL-720p"),
        groups={"WEB 720p": [Q("WEBRip-720p"), Q("WEBDL-720p")]},
    )
    assert p.allows(Q("HDTV-720p"))
    assert not p.allows(Q("SDTV"))
    assert p.compare(Q("WEBRip-720p"), Q("WEBDL-720p")) == 0
    assert p.compare(Q("WEBDL-1080p"), Q("HDTV-720p")) == 1
    assert p.cutoff_met(Q("WEBRip-720p"))  # the cutoff is the whole group
    assert not p.cutoff_met(Q("HDTV-720p"))


def test_upgrades_quality_revision_and_score() -> None:
    p = simple_profile("HD", [Q("SDTV"), Q("HDTV-720p"), Q("WEBDL-1080p")], cutoff=Q("WEBDL-1080p"))
    assert p.is_upgrade(Q("SDTV"), Q("HDTV-720p"))
    assert not p.is_upgrade(Q("HDTV-720p"), Q("SDTV"))
    assert not p.is_upgrade(Q("WEBDL-1080p"), Q("WEBDL-1080p"))  # cutoff met, same quality
    proper = Revision(version=2)
    assert p.is_upgrade(Q("WEBDL-1080p"), Q("WEBDL-1080p"), candidate_revision=proper)
    assert not p.is_upgrade(Q("SDTV"), Q("Bluray-1080p"))  # not allowed in the profile
    off = simple_profile("Off", [Q("SDTV"), Q("HDTV-720p")], Q("HDTV-720p"), upgrade_allowed=False)
    assert not off.is_upgrade(Q("SDTV"), Q("HDTV-720p"))


def test_format_scores_drive_upgrades_until_cutoff_score() -> None:
    base = simple_profile("HD", [Q("HDTV-720p")], cutoff=Q("HDTV-720p"))
    p = type(base)(
        base.name,
        base.items,
        base.cutoff,
        min_format_score=-10,
        cutoff_format_score=100,
        min_upgrade_format_score=10,
        format_items={1: 50, 2: -20},
    )
    hd = Q("HDTV-720p")
    assert p.is_upgrade(hd, hd, current_score=0, candidate_score=50)
    assert not p.is_upgrade(hd, hd, current_score=0, candidate_score=5)  # below min upgrade step
    assert not p.is_upgrade(hd, hd, current_score=100, candidate_score=150)  # score cutoff met
    assert not p.is_upgrade(hd, hd, current_score=-50, candidate_score=-20)  # below minimum
    assert not p.meets_minimum_score(-20)
    assert p.cutoff_met(hd, 100) and not p.cutoff_met(hd, 99)


def _facts(title: str, app: str = "sonarr", size: int = 0) -> ReleaseFacts:
    parsed = parse(title, app)
    assert parsed is not None
    edition = parsed.movie.edition if parsed.movie else ""
    return ReleaseFacts(
        title=title,
        source=parsed.quality.source,
        resolution=parsed.quality.resolution,
        modifier=parsed.quality.modifier,
        languages=parsed.languages,
        release_group=parsed.release_group,
        edition=edition,
        size_bytes=size,
        indexer_flags=frozenset({"freeleech"}),
    )


def test_custom_format_required_negate_and_kinds() -> None:
    x265 = CustomFormat(1, "x265", (Specification(Spec.RELEASE_TITLE, r"[xh]\.?265|hevc"),))
    web_1080 = CustomFormat(
        2,
        "WEB 1080p not from BAD",
        (
            Specification(Spec.SOURCE, "webdl"),
            Specification(Spec.SOURCE, "webrip"),
            Specification(Spec.RESOLUTION, 1080, required=True),
            Specification(Spec.RELEASE_GROUP, r"^BAD$", negate=True, required=True),
        ),
    )
    good = _facts("Show.S01E01.1080p.WEB-DL.x265-GOOD")
    bad = _facts("Show.S01E01.1080p.WEBRip.x264-BAD")
    hdtv = _facts("Show.S01E01.1080p.HDTV.x265-GOOD")
    assert format_matches(x265, good) and not format_matches(x265, bad)
    assert format_matches(web_1080, good)
    assert not format_matches(web_1080, bad)  # required negated group spec fails
    assert not format_matches(web_1080, hdtv)  # no source spec of the kind matches
    profile = simple_profile("P", [Q("HDTV-1080p")], Q("HDTV-1080p"))
    scored = type(profile)(profile.name, profile.items, profile.cutoff, format_items={1: 10, 2: 25})
    assert format_score(scored, [x265, web_1080], good) == 35
    assert format_score(scored, [x265, web_1080], bad) == 0


def test_custom_format_language_size_flag_edition_modifier() -> None:
    gib = 1024**3
    german = CustomFormat(1, "German", (Specification(Spec.LANGUAGE, "german"),))
    small = CustomFormat(2, "Small", (Specification(Spec.SIZE, (0.0, 2.0)),))
    free = CustomFormat(3, "Freeleech", (Specification(Spec.INDEXER_FLAG, "freeleech"),))
    cut = CustomFormat(4, "Cut", (Specification(Spec.EDITION, r"director"),))
    remux = CustomFormat(5, "Remux", (Specification(Spec.QUALITY_MODIFIER, "remux"),))
    bad_regex = CustomFormat(6, "Broken", (Specification(Spec.RELEASE_TITLE, "("),))
    f = _facts("A.Film.2001.Directors.Cut.GERMAN.1080p.BluRay.REMUX-G", "radarr", size=gib)
    assert format_matches(german, f)
    assert format_matches(small, f)
    assert not format_matches(small, _facts("A.Film.2001.1080p.BluRay-G", "radarr", size=5 * gib))
    assert format_matches(free, f)
    assert format_matches(cut, f)
    assert format_matches(remux, f)
    assert not format_matches(bad_regex, f)
    assert not format_matches(CustomFormat(7, "Empty", ()), f)
