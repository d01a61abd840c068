"""RSS sync benchmark: 10,000 releases parsed and decided against a TV library.

Usage::

    python benchmarks/tv_rss_bench.py [--releases 10000] [--series 2000] [--runs 5]
        [--backends sqlite,postgres] [--pg-url URL]
                                      [--scratch /tmp/tvrss] [--json]

What one run does, in-process with the service's own objects on a migrated SQLite
database: read a Newznab RSS document of ``--releases`` items (defusedxml, feed parse,
release mapping), then the decision pass of an RSS sync (title parse, series and episode
mapping against the library, custom formats, every specification, the delay and release
profiles by tag), then the ranking and the choice of grabs. Network and the grab itself
are left out: they depend on the indexer and the download client, not on us. The library
has ``--series`` series of 100 episodes, half of them with a file.

Release titles: 80 % name a library series (a single episode, some season packs, in
several qualities), 20 % a series not in the library.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from bench_postgres import on_backends, report_head
from tv_bench_library import BenchSeries, library, populate, titles

from mediastack.core.collector import collector_paused
from mediastack.core.db import Database, DatabaseOptions
from mediastack.core.db.migrate import upgrade
from mediastack.manager.blocklist import BlocklistStore
from mediastack.manager.decisions import DecisionMaker, SearchKind, pick_grabs, prioritize
from mediastack.manager.decisions.model import DecisionContext
from mediastack.manager.decisions.profile_store import DelayProfileStore, ReleaseProfileStore
from mediastack.manager.decisions.rules import DecisionRules
from mediastack.manager.indexers.newznab.mapping import to_release
from mediastack.manager.indexers.newznab.parser import parse_document, parse_feed
from mediastack.manager.quality.store import CustomFormatStore, ProfileStore, QualityDefinitionStore
from mediastack.manager.search.decide import ReleaseDecider
from mediastack.manager.search.model import DecideOptions, IndexerFacts, QualitySources
from mediastack.tv.library.store import TvLibraryStore
from mediastack.tv.search.domain import TvSearchDomain
from mediastack.tv.service import DOMAIN

QUALITIES = (
    "720p.HDTV.x264",
    "1080p.WEB-DL.DD5.1.H.264",
    "2160p.WEB.DV.HDR.H.265",
    "1080p.BluRay.x264",
    "HDTV.x264",
    "720p.WEBRip.x264",
    "480p.WEB.x264",
    "1080p.AMZN.WEB-DL.DDP5.1.H.264",
)
GROUPS = ("NTb", "CTU", "FLUX", "KiNGS", "GRP", "SiGMA", "EDITH", "MiNX")


def release_titles(series: list[BenchSeries], count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    strangers = titles(len(series) + 400, seed + 1)[len(series) :] or ["Nobody Knows"]
    out = []
    for _ in range(count):
        known = rng.random() < 0.8
        name = rng.choice(series).title if known else rng.choice(strangers)
        dotted = name.replace(" ", ".")
        season = rng.randint(1, 12)
        quality, group = rng.choice(QUALITIES), rng.choice(GROUPS)
        if rng.random() < 0.05:
            out.append(f"{dotted}.S{season:02d}.{quality}-{group}")
        else:
            out.append(f"{dotted}.S{season:02d}E{rng.randint(1, 12):02d}.{quality}-{group}")
    return out


def rss_document(names: list[str]) -> bytes:
    now = datetime.now(UTC)
    items = []
    for i, name in enumerate(names):
        published = format_datetime(now - timedelta(minutes=i))
        link = escape(f"https://indexer.example/api?t=get&id={i}&apikey=k")
        items.append(
            f"<item><title>{escape(name)}</title>"
            f'<guid isPermaLink="true">https://indexer.example/details/{i}</guid>'
            f"<link>{link}</link><pubDate>{published}</pubDate>"
            f'<enclosure url="{link}" length="1400000000" type="application/x-nzb"/>'
            '<newznab:attr name="category" value="5040"/>'
            '<newznab:attr name="size" value="1400000000"/>'
            f'<newznab:attr name="usenetdate" value="{published}"/></item>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:newznab="http://www.newznab.com/DTD/2010/feeds/attributes/">'
        f"<channel><title>Bench</title>{''.join(items)}</channel></rss>"
    ).encode()


class Bench:
    def __init__(self, scratch: Path, series_count: int, url: str | None = None) -> None:
        if scratch.exists():
            shutil.rmtree(scratch)
        scratch.mkdir(parents=True)
        self.database = Database(DatabaseOptions(url=url, sqlite_path=scratch / "tv.db"))
        upgrade(self.database, DOMAIN.version_dirs, lock_name="tv")
        self.series = library(series_count)
        self.episodes = populate(self.database.engine, self.series)
        self.store = TvLibraryStore(self.database)
        profiles = ProfileStore(self.database, "sonarr")
        profiles.seed_defaults()
        self.profiles = profiles
        self.formats = CustomFormatStore(self.database, "sonarr")
        self.definitions = QualityDefinitionStore(self.database, "sonarr")
        delays = DelayProfileStore(self.database)
        releases = ReleaseProfileStore(self.database)
        releases.save(
            None,
            {
                "name": "no CAM",
                "enabled": True,
                "required": [],
                "ignored": ["CAM", "/\\bTS\\b/i"],
                "indexer_id": 0,
                "tags": [],
            },
        )
        rules = DecisionRules(delays.list, releases.list, self.store.tagged_items)
        self.rules = rules
        self.decider = ReleaseDecider(
            TvSearchDomain(self.store),
            BlocklistStore(self.database),
            DecisionMaker(rules=rules),
        )

    def run(self, feed: bytes) -> dict[str, float]:
        self.rules.invalidate()  # each run reads the profiles and tags afresh, as a sync would
        cpu = time.process_time()
        started = time.perf_counter()
        fetched = datetime.now(UTC)
        items = parse_feed(parse_document(feed)).items
        with collector_paused():  # as the Newznab client maps a page
            releases = [
                r
                for r in (
                    to_release(i, indexer="Bench", indexer_id=1, fetched_at=fetched) for i in items
                )
                if r is not None
            ]
        parsed = time.perf_counter()
        records = self.profiles.records()
        sources = QualitySources(
            profiles={r.id: r.profile for r in records},
            formats=self.formats.all(),
            definitions={d.quality.id: d for d in self.definitions.all()},
        )
        facts = {1: IndexerFacts(id=1, name="Bench", protocol="usenet")}
        decisions = self.decider.decide(
            releases, sources, DecideOptions(kind=SearchKind.RSS), facts
        )
        decided = time.perf_counter()

        def ctx_for(decision: Any) -> DecisionContext:
            subject = by_decision[id(decision)].subject
            return DecisionContext(
                profile=sources.profile(subject.quality_profile_id if subject else None),
                definitions=sources.definitions,
            )

        by_decision = {id(d.decision): d for d in decisions}
        ranked = prioritize([d.decision for d in decisions], ctx_for)
        picks = pick_grabs(ranked, ctx_for)
        done = time.perf_counter()
        approved = sum(1 for d in decisions if d.decision.approved)
        return {
            "releases": len(releases),
            "approved": approved,
            "grabs": len(picks),
            "feed_s": parsed - started,
            "decide_s": decided - parsed,
            "rank_s": done - decided,
            "total_s": done - started,
            "cpu_s": time.process_time() - cpu,
        }


def bench_backend(name: str, url: str | None, args: argparse.Namespace) -> dict[str, Any]:
    setup = time.perf_counter()
    bench = Bench(args.scratch / name, args.series, url)
    names = release_titles(bench.series, args.releases)
    feed = rss_document(names)
    setup_s = time.perf_counter() - setup
    try:
        runs = [bench.run(feed) for _ in range(args.runs)]
    finally:
        bench.database.dispose()
    return {
        "backend": name,
        "library": {"series": len(bench.series), "episodes": bench.episodes},
        "feed_bytes": len(feed),
        "setup_s": round(setup_s, 2),
        "runs": runs,
        "median": {k: statistics.median(r[k] for r in runs) for k in runs[0]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=10_000)
    parser.add_argument("--series", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--pg-url", default=os.environ.get("MEDIASTACK_TEST_POSTGRES_URL"))
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/tv-rss-bench"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = on_backends(
        args.backends, args.pg_url, lambda name, url: bench_backend(name, url, args)
    )
    report = report_head() | {"results": results}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"machine: {report['machine']}; load {report['load']}")
    for result in results:
        library, median = result["library"], result["median"]
        print(
            f"{result['backend']}: {library['series']} series, {library['episodes']} episodes "
            f"(setup {result['setup_s']:.1f} s); feed {args.releases} items, "
            f"{result['feed_bytes'] / 1e6:.1f} MB"
        )
        print("run  feed_s  decide_s  rank_s  total_s  cpu_s  approved  grabs")
        for i, r in enumerate(result["runs"], start=1):
            print(
                f"{i:>3}  {r['feed_s']:6.3f}  {r['decide_s']:8.3f}  {r['rank_s']:6.3f}  "
                f"{r['total_s']:7.3f}  {r['cpu_s']:5.2f}  {r['approved']:>8}  {r['grabs']:>5}"
            )
        print(
            f"median total {median['total_s']:.3f} s wall, {median['cpu_s']:.2f} s CPU for "
            f"{args.releases} releases ({args.releases / median['total_s']:.0f} releases/s); "
            "target < 2 s"
        )


if __name__ == "__main__":
    main()
