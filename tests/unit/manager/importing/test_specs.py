"""Each generic import specification, and the decision maker around them."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mediastack.manager.importing import ImportDecisionMaker, Rejection, RejectionType, is_sample
from mediastack.manager.importing.discovery import DiscoveredFile, discover, unpacking_reason
from mediastack.manager.importing.model import ImportResult, RejectedFile
from mediastack.manager.importing.specs import (
    ExistingFile,
    FileSettled,
    FreeSpace,
    already_imported,
    identified,
    not_sample,
    quality_allowed,
    upgrade_allowed,
)
from mediastack.manager.parser.model import Revision
from mediastack.manager.quality import QualityProfile, by_name
from mediastack.manager.quality.definitions import Quality
from mediastack.manager.quality.layout import cutoff_key, schema_items

ITEMS = schema_items("sonarr", frozenset({"HDTV-720p", "WEBDL-1080p", "Bluray-1080p"}))
PROFILE = QualityProfile("p", ITEMS, cutoff_key(ITEMS, by_name("sonarr", "Bluray-1080p")))


@dataclass(frozen=True)
class Candidate:
    file: DiscoveredFile
    quality: Quality = field(default_factory=lambda: by_name("sonarr", "WEBDL-1080p"))
    revision: Revision = field(default_factory=Revision)
    format_score: int = 0
    profile: QualityProfile | None = PROFILE
    existing: Sequence[ExistingFile] = ()
    destination_folder: Path | None = None
    mapping_error: str | None = None


def found(name: str = "Show.S01E01.mkv", size: int = 1000, largest: int = 1000) -> DiscoveredFile:
    return DiscoveredFile(Path("/x") / name, name, size, time.time() - 60, largest, "x")


def test_sample_needs_the_word_and_a_small_size() -> None:
    assert is_sample("Show.S01E01-sample.mkv", 10, 1000)
    assert is_sample("Sample/show.mkv", 10, 1000)
    assert not is_sample("Show.S01E01.mkv", 10, 1000)
    assert not is_sample("Sampler.S01E01.mkv", 10, 1000)
    assert not is_sample("sample.mkv", 900 * 1024 * 1024, 1000 * 1024 * 1024)
    assert not_sample(Candidate(found("a.sample.mkv", 10))) == Rejection("Sample")


def test_quality_allowed_and_upgrade() -> None:
    hdtv, web, bluray = (by_name("sonarr", q) for q in ("HDTV-720p", "WEBDL-1080p", "Bluray-1080p"))
    assert quality_allowed(Candidate(found())) is None
    refused = quality_allowed(Candidate(found(), quality=by_name("sonarr", "SDTV")))
    assert refused is not None and "not wanted" in refused.reason
    assert (
        upgrade_allowed(Candidate(found(), existing=[ExistingFile("/o", hdtv, Revision())])) is None
    )
    worse = upgrade_allowed(Candidate(found(), existing=[ExistingFile("/o", bluray, Revision())]))
    assert worse is not None and worse.reason.startswith("Not an upgrade")
    same = [ExistingFile("/o", web, Revision())]
    assert upgrade_allowed(Candidate(found(), existing=same)) is not None
    proper = Candidate(found(), revision=Revision(version=2), existing=same)
    assert upgrade_allowed(proper) is None  # same quality, higher revision


def test_settle_and_free_space(tmp_path: Path) -> None:
    fresh = DiscoveredFile(tmp_path / "a.mkv", "a.mkv", 10, time.time(), 10, "x")
    rejection = FileSettled(30)(Candidate(fresh))
    assert rejection is not None and rejection.type == RejectionType.TEMPORARY
    assert FileSettled(0)(Candidate(fresh)) is None
    huge = Candidate(found(size=1 << 60), destination_folder=tmp_path)
    full = FreeSpace(100)(huge)
    assert full is not None and full.type == RejectionType.TEMPORARY
    assert FreeSpace(100, skip=True)(huge) is None


def test_unpacking_and_discovery(tmp_path: Path) -> None:
    root = tmp_path / "dl"
    release = root / "Show.S01E01.720p"
    release.mkdir(parents=True)
    (release / "Show.S01E01.720p.mkv").write_bytes(b"x" * 100)
    (release / "Show.S01E01.720p.nfo").write_text("nfo")
    (release / "Featurettes").mkdir()
    (release / "Featurettes" / "making.of.mkv").write_bytes(b"x")
    assert unpacking_reason(release) is None
    found_ = discover(str(release), [root])
    assert [f.relative_path for f in found_.files] == ["Show.S01E01.720p.mkv"]
    (release / "Show.S01E02.720p.mkv.!qB").write_bytes(b"x")
    assert unpacking_reason(release) is not None
    assert unpacking_reason(root / "_UNPACK_Show") is not None
    assert discover(str(root / ".." / "dl"), [root]).error
    assert discover(str(tmp_path), [root]).error


def test_decision_maker_collects_every_reason_and_survives_a_broken_rule() -> None:
    def broken(candidate: Candidate) -> Rejection | None:
        raise ValueError("boom")

    maker = ImportDecisionMaker([not_sample, broken, quality_allowed])
    decision = maker.decide(Candidate(found("x.sample.mkv", 1), quality=by_name("sonarr", "SDTV")))
    reasons = [r.reason for r in decision.rejections]
    assert reasons[0] == "Sample" and "boom" in reasons[1] and len(reasons) == 3
    assert not decision.approved


def test_result_all_imported() -> None:
    sample = RejectedFile("/s", (Rejection("Sample"),))
    blocked = RejectedFile("/b", (Rejection("Unknown Series"),))
    assert ImportResult(imported=[object()], rejected=[sample]).all_imported  # type: ignore[list-item]
    assert not ImportResult(imported=[object()], rejected=[blocked]).all_imported  # type: ignore[list-item]
    assert not ImportResult().all_imported


def test_identified_and_already_imported(tmp_path: Path) -> None:
    assert identified(Candidate(found(), mapping_error="Unknown Series")) == Rejection(
        "Unknown Series"
    )
    assert identified(Candidate(found())) is None
    web = by_name("sonarr", "WEBDL-1080p")
    source = found(size=1000)
    imported_from_it = ExistingFile(
        "/lib/x.mkv", web, Revision(), size=1000, source_path="/x/Show.S01E01.mkv"
    )
    again = already_imported(Candidate(source, existing=[imported_from_it]))
    assert again is not None and again.reason.startswith("File already imported")
    other = ExistingFile("/lib/x.mkv", web, Revision(), size=1000, source_path="/elsewhere.mkv")
    assert already_imported(Candidate(source, existing=[other])) is None
    linked = tmp_path / "a.mkv"
    linked.write_bytes(b"x")
    (tmp_path / "b.mkv").hardlink_to(linked)
    same = ExistingFile(str(tmp_path / "b.mkv"), web, Revision())
    rejection = already_imported(
        Candidate(DiscoveredFile(linked, "a.mkv", 1, 0, 1, "t"), existing=[same])
    )
    assert rejection is not None and "same file" in rejection.reason
