"""Release-name parser benchmark: throughput and accuracy, ours vs guessit.

Usage::

    python benchmarks/parser_bench.py [--vectors PATH] [--runs 3] [--json]

Both parsers run over every title of the vector file in the same process; the
throughput reported is the median of ``--runs`` runs (titles per second) and
the accuracy is the share of vectors whose asserted fields are all right,
scored by ``mediastack.manager.parser.vectors`` for both. guessit is only a
yardstick here (``pip install guessit``); it is not a runtime dependency.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path
from typing import Any

from mediastack.manager.parser.cli import to_expect
from mediastack.manager.parser.core import parse
from mediastack.manager.parser.vectors import load_vectors, score

DEFAULT_VECTORS = Path(__file__).resolve().parents[1].parent / "shared/data/release-names/dev.jsonl"
APPS = ("sonarr", "radarr", "lidarr")

_GUESSIT_SOURCE = {
    "Blu-ray": "bluray",
    "Ultra HD Blu-ray": "bluray",
    "HD-DVD": "bluray",
    "Web": "webdl",
    "HDTV": "tv",
    "Ultra HDTV": "tv",
    "TV": "tv",
    "Digital TV": "tv",
    "Satellite": "tv",
    "Digital Master": "tv",
    "DVD": "dvd",
    "Video on Demand": "webdl",
    "Camera": "cam",
    "HD Camera": "cam",
    "Telesync": "telesync",
    "HD Telesync": "telesync",
    "Telecine": "telecine",
    "Workprint": "workprint",
}
_PREFIX = {"tv": "HDTV", "webdl": "WEBDL", "webrip": "WEBRip", "bluray": "Bluray"}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def guessit_expect(title: str, app: str, kind: str) -> dict[str, Any] | None:
    """Map a guessit result onto the vector ``expect`` keys, as fairly as we can."""
    from guessit import guessit

    try:
        g = dict(guessit(title, {"type": "episode"} if app == "sonarr" else {}))
    except Exception:
        return None
    if "title" not in g and "episode" not in g and "date" not in g:
        return None
    other = {str(o) for o in _as_list(g.get("other"))}
    source = _GUESSIT_SOURCE.get(str(g.get("source", "")), "unknown")
    if source == "webdl" and "Rip" in other:
        source = "webrip"
    size = str(g.get("screen_size", ""))
    res = int(size[:-1]) if size[:-1].isdigit() and size[-1:] in "pi" else 0
    res = {1440: 1080, 540: 480, 360: 480, 960: 720}.get(res, res)
    if source == "unknown" and res:
        source = "tv"
    name = "Unknown"
    if source == "dvd":
        name = "DVD"
    elif source == "tv" and res in (0, 480, 576):
        name = "SDTV"
    elif source in _PREFIX:
        name = f"{_PREFIX[source]}-{res or 720}p" + (" Remux" if "Remux" in other else "")
    seasons = [s for s in _as_list(g.get("season")) if isinstance(s, int)]
    episodes = [int(e) for e in _as_list(g.get("episode")) if isinstance(e, int)]
    absolute: list[int] = []
    if not seasons and episodes:
        absolute, episodes = episodes, []
    langs = sorted(
        {str(getattr(lang, "name", lang)).lower() for lang in _as_list(g.get("language"))}
    ) or ["unknown"]
    date = g.get("date")
    if isinstance(date, list):
        date = date[0] if date else None
    out: dict[str, Any] = {
        "series_title": str(g.get("title", "")),
        "movie_title": str(g.get("title", "")),
        "title_without_year": str(g.get("title", "")),
        "year": int((_as_list(g.get("year")) or [0])[0]),
        "season": int(seasons[0]) if seasons else 0,
        "episodes": episodes,
        "absolute_episodes": absolute,
        "air_date": date.isoformat() if date is not None else None,
        "full_season": bool(seasons) and not episodes and not absolute,
        "multi_season": len(seasons) > 1,
        "release_group": g.get("release_group"),
        "quality": name,
        "quality_source": source,
        "resolution": res,
        "quality_modifier": "remux" if "Remux" in other else "",
        "version": 2 if ("Proper" in other or "Repack" in other) else 1,
        "repack": "Repack" in other,
        "real": 0,
        "languages": langs,
        "edition": str(g.get("edition", "") or ""),
        "artist": "",
        "album": str(g.get("title", "")),
    }
    return out


def _ours(title: str, app: str, kind: str) -> dict[str, Any] | None:
    return to_expect(parse(title, app, kind))


def _throughput(fn: Any, vectors: list[dict[str, Any]], min_seconds: float) -> float:
    n = 0
    start = time.perf_counter()
    while True:
        for v in vectors:
            fn(v["title"], v["app"], v.get("input", "title"))
        n += len(vectors)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return n / elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vectors", type=Path, default=DEFAULT_VECTORS)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-guessit", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    vectors = load_vectors(args.vectors)

    # Runs alternate ours/guessit so that load from other processes hits both alike;
    # the speedup is the median of the per-run ratios.
    ours_runs: list[float] = []
    g_runs: list[float] = []
    for _ in range(args.runs):
        ours_runs.append(_throughput(_ours, vectors, 2.0))
        if not args.no_guessit:
            g_runs.append(_throughput(guessit_expect, vectors, 0.0))
    ours_score = score(vectors, _ours)
    result: dict[str, Any] = {
        "vectors": len(vectors),
        "machine": f"{platform.machine()}, python {platform.python_version()}",
        "ours_titles_per_s": statistics.median(ours_runs),
        "ours_runs": ours_runs,
        "ours_accuracy": {a: ours_score.app_accuracy(a) for a in APPS},
    }
    if not args.no_guessit:
        g_score = score(vectors, guessit_expect)
        result.update(
            guessit_titles_per_s=statistics.median(g_runs),
            guessit_runs=g_runs,
            guessit_accuracy={a: g_score.app_accuracy(a) for a in APPS},
        )
        result["speedup"] = statistics.median(o / g for o, g in zip(ours_runs, g_runs, strict=True))
    total = len(vectors)
    result["ours_accuracy_all"] = sum(ours_score.vectors[a][0] for a in APPS) / total
    if "guessit_accuracy" in result:
        result["guessit_accuracy_all"] = sum(g_score.vectors[a][0] for a in APPS) / total
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"vectors: {total}   machine: {result['machine']}")
    print(f"ours:    {result['ours_titles_per_s']:10.0f} titles/s (median of {args.runs})")
    for a in APPS:
        print(f"         {a:7} fully right {result['ours_accuracy'][a]:.1%}")
    print(f"         all     fully right {result['ours_accuracy_all']:.1%}")
    if "guessit_titles_per_s" in result:
        print(f"guessit: {result['guessit_titles_per_s']:10.0f} titles/s (median of {args.runs})")
        for a in APPS:
            print(f"         {a:7} fully right {result['guessit_accuracy'][a]:.1%}")
        print(f"         all     fully right {result['guessit_accuracy_all']:.1%}")
        print(f"speedup: {result['speedup']:.0f}x guessit (median of per-run ratios)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
