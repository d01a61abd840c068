"""``destination_free``: an import never writes over what the library does not own."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mediastack.manager.importing.discovery import DiscoveredFile
from mediastack.manager.importing.specs import ExistingFile, destination_free
from mediastack.manager.parser.model import Revision
from mediastack.manager.quality import by_name


@dataclass(frozen=True)
class Placed:
    file: DiscoveredFile
    destination: Path | None
    existing: Sequence[ExistingFile] = ()


def placed(tmp_path: Path, existing: Sequence[Path] = ()) -> Placed:
    source = tmp_path / "downloads" / "Show.S01E01.mkv"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(b"new")
    found = DiscoveredFile(source, source.name, 3, time.time() - 60, 3, "downloads")
    quality = by_name("sonarr", "HDTV-720p")
    return Placed(
        found,
        tmp_path / "tv" / "Show" / "Season 1" / "Show - S01E01.mkv",
        tuple(ExistingFile(str(p), quality, Revision()) for p in existing),
    )


def test_a_free_destination_and_a_replaced_file_are_fine(tmp_path: Path) -> None:
    candidate = placed(tmp_path)
    assert destination_free(candidate) is None  # nothing there yet, no folder either
    assert candidate.destination is not None
    candidate.destination.parent.mkdir(parents=True)
    candidate.destination.write_bytes(b"old episode file")
    assert destination_free(placed(tmp_path, [candidate.destination])) is None


def test_anything_else_in_the_way_is_refused(tmp_path: Path) -> None:
    candidate = placed(tmp_path)
    destination = candidate.destination
    assert destination is not None
    (tmp_path / "tv").mkdir()
    (tmp_path / "tv" / "Show").write_bytes(b"a file named like the series folder")
    rejection = destination_free(candidate)
    assert rejection is not None and "exists as a file where a folder must be" in rejection.reason

    (tmp_path / "tv" / "Show").unlink()
    destination.mkdir(parents=True)
    rejection = destination_free(candidate)
    assert rejection is not None and "exists as a folder" in rejection.reason

    destination.rmdir()
    destination.symlink_to(tmp_path / "nowhere")
    rejection = destination_free(candidate)
    assert rejection is not None and "already exists" in rejection.reason
    destination.unlink()
    destination.write_bytes(b"someone else's")
    rejection = destination_free(candidate)
    assert rejection is not None and str(destination) in rejection.reason
