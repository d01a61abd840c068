"""The ordering of accepted releases and the choice of what to grab."""

from __future__ import annotations

import gc
from dataclasses import replace
from datetime import timedelta

from mediastack.manager.decisions import DecisionMaker, pick_grabs, prioritize
from mediastack.manager.decisions.model import Candidate, Decision, DecisionContext
from mediastack.manager.quality.definitions import by_name
from tests.unit.manager.decisions.conftest import NOW, candidate, context, hd_profile

CTX = context(profile=hd_profile(cutoff=by_name("sonarr", "Bluray-1080p").id))


def decide(*cands: Candidate) -> list[Decision]:
    return [DecisionMaker().evaluate(c, CTX) for c in cands]


def titles(decisions: list[Decision]) -> list[str]:
    return [d.candidate.release.title for d in decisions]


def test_quality_first_then_custom_format_score() -> None:
    hdtv = candidate("Show.S01E01.720p.HDTV.x264-A")
    web = candidate("Show.S01E01.1080p.WEB-DL.DD5.1.H.264-B", size=3)
    scored = replace(candidate("Show.S01E01.720p.HDTV.x264-C"), custom_format_score=50)
    order = titles(prioritize(decide(hdtv, web, scored), CTX))
    assert order == [web.release.title, scored.release.title, hdtv.release.title]


def test_revision_beats_score_within_a_quality() -> None:
    proper = candidate("Show.S01E01.PROPER.720p.HDTV.x264-A")
    scored = replace(candidate("Show.S01E01.720p.HDTV.x264-C"), custom_format_score=50)
    assert titles(prioritize(decide(scored, proper), CTX))[0] == proper.release.title


def test_preferred_protocol_then_season_pack() -> None:
    torrent = candidate("Show.S01E01.720p.HDTV.x264-T", protocol="torrent", seeders=100)
    usenet = candidate("Show.S01E01.720p.HDTV.x264-U")
    assert titles(prioritize(decide(torrent, usenet), CTX))[0] == usenet.release.title
    pack = candidate("Show.S01.720p.HDTV.x264-P", size=10, items=10)
    single = candidate("Show.S01E01.720p.HDTV.x264-S")
    assert titles(prioritize(decide(single, pack), CTX))[0] == pack.release.title


def test_seeders_for_torrents_age_for_usenet_then_size() -> None:
    many = candidate("Show.S01E01.720p.HDTV.x264-M", protocol="torrent", seeders=500)
    few = candidate("Show.S01E01.720p.HDTV.x264-F", protocol="torrent", seeders=3)
    assert titles(prioritize(decide(few, many), CTX))[0] == many.release.title
    fresh = candidate("Show.S01E01.720p.HDTV.x264-N", publish_date=NOW - timedelta(minutes=10))
    stale = candidate("Show.S01E01.720p.HDTV.x264-O", publish_date=NOW - timedelta(days=30))
    assert titles(prioritize(decide(stale, fresh), CTX))[0] == fresh.release.title
    near = candidate("Show.S01E01.720p.HDTV.x264-X", size=1.3)  # 30 MB/min preferred: 1.3 GiB
    far = candidate("Show.S01E01.720p.HDTV.x264-Y", size=5)
    assert titles(prioritize(decide(far, near), CTX))[0] == near.release.title


def test_rejections_sort_last_and_picks_do_not_overlap() -> None:
    cam = candidate("Show.S01E01.HDCAM.x264-Z")
    pack = candidate("Show.S01.720p.HDTV.x264-P", size=10, items=10)
    single = candidate("Show.S01E01.720p.HDTV.x264-S")
    other = replace(
        candidate("Show.S01E11.720p.HDTV.x264-S"),
        items=(replace(single.items[0], id=11, label="S01E11"),),
    )
    decisions = decide(cam, single, pack, other)
    assert titles(prioritize(decisions, CTX))[-1] == cam.release.title
    assert titles(pick_grabs(decisions, CTX)) == [pack.release.title, other.release.title]


def test_profile_ranks_rank_a_group_as_one_and_leave_out_the_rest() -> None:
    # the ranks the profile keeps are its own order, and a changed copy keeps its own
    profile = hd_profile()
    ranks = profile.ranks()
    for index, item in enumerate(profile.items):
        for quality in item.qualities():
            assert ranks[quality.id] == index
    group = next(item for item in profile.items if len(item.qualities()) > 1)
    assert len({ranks[q.id] for q in group.qualities()}) == 1
    slimmer = replace(profile, items=profile.items[1:])
    assert profile.items[0].qualities()[0].id not in slimmer.ranks()
    assert slimmer.ranks() != ranks and profile.ranks() == ranks


def test_each_release_is_ranked_by_its_own_profile() -> None:
    # two profiles in one call: a quality the second profile ranks higher wins there
    hdtv = decide(candidate("Show.S01E01.720p.HDTV.x264-A"))[0]
    web = decide(candidate("Show.S01E01.1080p.WEB-DL.DD5.1.H.264-B"))[0]
    reversed_profile = replace(CTX.profile, items=tuple(reversed(CTX.profile.items)))
    contexts = {id(hdtv): CTX, id(web): replace(CTX, profile=reversed_profile)}
    order = prioritize([hdtv, web], lambda d: contexts[id(d)])
    assert titles(order)[0] == hdtv.candidate.release.title
    assert titles(prioritize([hdtv, web], CTX))[0] == web.candidate.release.title


def test_ranking_holds_the_collector_off_and_picks_look_at_approved_only() -> None:
    # an RSS sync ranks thousands of releases: keys need no collector passes, and the
    # choice of grabs works out no keys for rejected releases
    good = decide(candidate("Show.S01E01.720p.HDTV.x264-A"))[0]
    cam = decide(candidate("Show.S01E02.HDCAM.x264-Z"))[0]
    assert good.approved and not cam.approved
    asked: list[tuple[str, bool]] = []

    def ctx_for(d: Decision) -> DecisionContext:
        asked.append((d.candidate.release.title, gc.isenabled()))
        return CTX

    assert titles(pick_grabs([cam, good], ctx_for)) == [good.candidate.release.title]
    assert asked == [(good.candidate.release.title, False)]
    assert gc.isenabled()
