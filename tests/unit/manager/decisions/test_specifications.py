"""One test per rule: the accepted case and the rejected case with its reason."""

from __future__ import annotations

from datetime import timedelta

from mediastack.manager.decisions import (
    DecisionMaker,
    DelayProfile,
    QueuedDownload,
    RejectionType,
    SearchKind,
)
from mediastack.manager.decisions.specifications import (
    AcceptableSize,
    CustomFormatMinimumScore,
    CutoffNotMet,
    DelayElapsed,
    IsUpgrade,
    ItemRequested,
    KnownQuality,
    LanguageWanted,
    MappedToItems,
    MinimumSeeders,
    NotAlreadyQueued,
    NotBlocklisted,
    NotSample,
    ProtocolAllowed,
    QualityAllowedByProfile,
    UpgradeAllowed,
    WithinRetention,
)
from mediastack.manager.quality import CustomFormat, Spec, Specification
from mediastack.manager.quality.definitions import by_name
from tests.unit.manager.decisions.conftest import NOW, candidate, context, hd_profile


def reason(rule: object, cand: object, ctx: object) -> str | None:
    rejection = rule.evaluate(cand, ctx)  # type: ignore[attr-defined]
    return None if rejection is None else str(rejection.reason)


def test_quality_allowed_by_profile() -> None:
    assert reason(QualityAllowedByProfile(), candidate(), context()) is None
    cam = candidate("Show.S01E01.HDCAM.x264-GRP")
    assert reason(QualityAllowedByProfile(), cam, context()) == (
        "Quality SDTV is not wanted in profile"
    )


def test_known_quality() -> None:
    assert reason(KnownQuality(), candidate(), context()) is None
    unknown = candidate(quality=by_name("sonarr", "Unknown"))
    assert reason(KnownQuality(), unknown, context()) == "Quality is unknown"


def test_not_sample() -> None:
    assert reason(NotSample(), candidate(), context()) is None
    sample = candidate("Show.S01E01.720p.HDTV.x264-GRP.sample", size=0.01)
    assert reason(NotSample(), sample, context()) == "Sample"


def test_acceptable_size_per_runtime() -> None:
    assert reason(AcceptableSize(), candidate(size=1.5), context()) is None
    big = reason(AcceptableSize(), candidate(size=40), context())
    assert big is not None and big.startswith("40.0 GiB is larger than maximum allowed 5.7 GiB")
    small = reason(AcceptableSize(), candidate(size=0.05), context())
    assert small is not None and "smaller than minimum allowed" in small
    assert reason(AcceptableSize(), candidate(size=40, runtime_minutes=0), context()) is None


def test_custom_format_minimum_score() -> None:
    cam = CustomFormat(9, "CAM", (Specification(Spec.RELEASE_TITLE, r"\bCAM\b"),))
    strict = context(profile=hd_profile(min_format_score=0, format_items={9: -10000}))
    bad = candidate(
        "Show.S01E01.720p.CAM.x264-GRP", custom_formats=(cam,), custom_format_score=-10000
    )
    assert reason(CustomFormatMinimumScore(), candidate(), strict) is None
    assert reason(CustomFormatMinimumScore(), bad, strict) == (
        "Custom formats CAM have score -10000 below the quality profile's minimum 0"
    )


def test_upgrade_allowed() -> None:
    off = context(profile=hd_profile(upgrade_allowed=False))
    assert reason(UpgradeAllowed(), candidate(), off) is None
    found = reason(UpgradeAllowed(), candidate(existing="HDTV-720p"), off)
    assert found is not None and "does not allow upgrades" in found


def test_cutoff_not_met_lets_a_proper_through() -> None:
    have = candidate(existing="HDTV-720p")
    assert reason(CutoffNotMet(), have, context()) == (
        "Existing file on disk for S01E01 meets quality cutoff: HDTV-720p"
    )
    proper = candidate("Show.S01E01.PROPER.720p.HDTV.x264-GRP", existing="HDTV-720p")
    assert reason(CutoffNotMet(), proper, context()) is None
    assert reason(CutoffNotMet(), candidate(), context()) is None


def test_is_upgrade_quality_then_revision() -> None:
    high_cutoff = context(profile=hd_profile(cutoff=by_name("sonarr", "Bluray-1080p").id))
    better = candidate("Show.S01E01.1080p.WEB-DL.DD5.1.H.264-GRP", existing="HDTV-720p")
    assert reason(IsUpgrade(), better, high_cutoff) is None
    worse = candidate(existing="WEBDL-1080p")
    assert reason(IsUpgrade(), worse, high_cutoff) == (
        "Existing file on disk for S01E01 is of equal or higher preference: WEBDL-1080p"
    )
    same = candidate(existing="HDTV-720p")
    assert reason(IsUpgrade(), same, high_cutoff) is not None
    proper = candidate("Show.S01E01.PROPER.720p.HDTV.x264-GRP", existing="HDTV-720p")
    assert reason(IsUpgrade(), proper, high_cutoff) is None


def test_not_already_queued() -> None:
    queued = QueuedDownload("Show.S01E01.720p.HDTV", frozenset({1}), by_name("sonarr", "HDTV-720p"))
    ctx = context(queue=(queued,))
    assert reason(NotAlreadyQueued(), candidate(), context()) is None
    assert reason(NotAlreadyQueued(), candidate(), ctx) == (
        "Release in queue already meets cutoff: HDTV-720p"
    )
    other_episode = QueuedDownload("x", frozenset({7}), by_name("sonarr", "HDTV-720p"))
    assert reason(NotAlreadyQueued(), candidate(), context(queue=(other_episode,))) is None
    high = hd_profile(cutoff=by_name("sonarr", "Bluray-1080p").id)
    better = candidate("Show.S01E01.1080p.WEB-DL.DD5.1.H.264-GRP")
    assert reason(NotAlreadyQueued(), better, context(profile=high, queue=(queued,))) is None
    found = reason(NotAlreadyQueued(), candidate(), context(profile=high, queue=(queued,)))
    assert found == "Release in queue is of equal or higher preference: HDTV-720p"


def test_not_blocklisted() -> None:
    blocked = context(blocklisted=lambda c: c.release.title.endswith("GRP"))
    assert reason(NotBlocklisted(), candidate(), context()) is None
    assert reason(NotBlocklisted(), candidate(), blocked) == "Release is blocklisted"


def test_protocol_allowed_and_delay() -> None:
    no_torrents = context(delay_profile=DelayProfile(enable_torrent=False))
    torrent = candidate(protocol="torrent", seeders=10)
    assert reason(ProtocolAllowed(), candidate(), no_torrents) is None
    assert reason(ProtocolAllowed(), torrent, no_torrents) == "Torrent is disabled for this series"
    delayed = context(delay_profile=DelayProfile(usenet_delay_minutes=600))
    rejection = DelayElapsed().evaluate(candidate(), delayed)
    assert rejection is not None and rejection.type is RejectionType.TEMPORARY
    assert rejection.reason.startswith("Waiting for better quality release")
    assert DelayElapsed().evaluate(candidate(), context()) is None  # default: no delay
    interactive = context(
        delay_profile=DelayProfile(usenet_delay_minutes=600), search_kind=SearchKind.INTERACTIVE
    )
    assert DelayElapsed().evaluate(candidate(), interactive) is None
    old = candidate(publish_date=NOW - timedelta(hours=11))
    assert DelayElapsed().evaluate(old, delayed) is None


def test_minimum_seeders() -> None:
    few = candidate(protocol="torrent", seeders=1, minimum_seeders=5)
    assert reason(MinimumSeeders(), few, context()) == ("Not enough seeders: 1. Minimum seeders: 5")
    assert (
        reason(
            MinimumSeeders(), candidate(protocol="torrent", seeders=9, minimum_seeders=5), context()
        )
        is None
    )
    assert reason(MinimumSeeders(), candidate(minimum_seeders=5), context()) is None  # usenet


def test_within_retention() -> None:
    old = candidate(publish_date=NOW - timedelta(days=4000))
    assert reason(WithinRetention(), old, context()) is None  # unlimited by default
    assert reason(WithinRetention(), old, context(retention_days=3000)) == (
        "Older than configured retention: 4000 > 3000 days"
    )
    assert (
        reason(
            WithinRetention(),
            candidate(indexer_retention_days=1, publish_date=NOW - timedelta(days=2)),
            context(),
        )
        is not None
    )


def test_language_wanted() -> None:
    french = candidate("Show.S01E01.FRENCH.720p.HDTV.x264-GRP")
    english_only = context(wanted_languages=frozenset({"english"}))
    assert reason(LanguageWanted(), french, context()) is None
    assert reason(LanguageWanted(), french, english_only) == (
        "Language French is not wanted in profile"
    )
    assert reason(LanguageWanted(), candidate(), english_only) is None  # unknown: original


def test_mapped_and_requested() -> None:
    assert reason(MappedToItems(), candidate(items=0), context()) is not None
    assert reason(ItemRequested(), candidate(requested=False), context()) == (
        "Episode wasn't requested"
    )
    assert reason(ItemRequested(), candidate(), context()) is None


def test_decision_maker_collects_every_reason() -> None:
    decision = DecisionMaker().evaluate(candidate("Show.S01E01.HDCAM.x264-GRP", size=40), context())
    assert decision.rejected and not decision.temporarily_rejected
    assert "Quality SDTV is not wanted in profile" in decision.reasons
    assert any("larger than maximum" in r for r in decision.reasons)
    assert DecisionMaker().evaluate(candidate(), context()).approved
