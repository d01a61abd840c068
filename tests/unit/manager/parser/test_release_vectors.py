"""Score the parser on the upstream-derived vectors with per-app/per-field floors.

The floors live in ``vector_floors.json`` next to this file. They may only be
raised: when the parser improves, run ``python tests/unit/manager/parser/
test_release_vectors.py --update`` and commit the new floors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from mediastack.manager.parser.vectors import Score, load_vectors, score

REPO = Path(__file__).resolve().parents[4]
DEV = REPO.parent / "shared" / "data" / "release-names" / "dev.jsonl"
FLOORS = Path(__file__).with_name("vector_floors.json")
APPS = ("sonarr", "radarr", "lidarr")


def _score() -> Score:
    return score(load_vectors(DEV))


@pytest.fixture(scope="module")
def dev_score() -> Score:
    if not DEV.exists():
        pytest.skip(f"shared vectors not found at {DEV}")
    return _score()


@pytest.mark.parametrize("app", APPS)
def test_fully_right_per_app(dev_score: Score, app: str) -> None:
    floors = json.loads(FLOORS.read_text())
    acc = dev_score.app_accuracy(app)
    assert acc >= floors["apps"][app], f"{app}: {acc:.4f} < floor {floors['apps'][app]}"


def test_per_field_floors(dev_score: Score) -> None:
    floors = json.loads(FLOORS.read_text())
    below = []
    for key, floor in floors["fields"].items():
        app, name = key.split(":", 1)
        acc = dev_score.field_accuracy(app, name)
        if acc < floor:
            below.append(f"{key}: {acc:.4f} < {floor}")
    assert not below, "\n".join(below)


def test_target_reached(dev_score: Score) -> None:
    for app in APPS:
        assert dev_score.app_accuracy(app) >= 0.97, app


def _update() -> None:
    s = _score()
    apps = {app: int(s.app_accuracy(app) * 1000) / 1000 for app in APPS}
    fields = {
        f"{app}:{name}": int(s.field_accuracy(app, name) * 1000) / 1000
        for (app, name) in sorted(s.fields)
    }
    FLOORS.write_text(json.dumps({"apps": apps, "fields": fields}, indent=2) + "\n")


if __name__ == "__main__" and "--update" in sys.argv:
    _update()
