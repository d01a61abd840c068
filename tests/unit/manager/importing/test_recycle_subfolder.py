from pathlib import Path

from mediastack.manager.importing.importer import recycle_subfolder
from mediastack.manager.importing.journal import ImportRecord


def record(destination: str, relative_path: str) -> ImportRecord:
    return ImportRecord(
        source="/downloads/x.mkv",
        destination=destination,
        transfer="move",
        subject_id=1,
        item_ids=[1],
        history_ids=[1],
        relative_path=relative_path,
        quality={},
        size=1,
        recycle_subfolder="Show",
    )


def test_a_replaced_file_keeps_its_season_folder_in_the_bin() -> None:
    r = record("/tv/Show/Season 02/Show - S02E01.mkv", "Season 02/Show - S02E01.mkv")
    old = Path("/tv/Show/Season 02/Show - S02E01 - old.mkv")
    assert recycle_subfolder(r, old) == "Show/Season 02"


def test_a_file_in_the_subject_folder_goes_below_the_subject_name() -> None:
    r = record("/movies/Film (1999)/Film (1999).mkv", "Film (1999).mkv")
    assert recycle_subfolder(r, Path("/movies/Film (1999)/old.mkv")) == "Show"


def test_a_file_outside_the_subject_folder_falls_back_to_the_subject_name() -> None:
    r = record("/tv/Show/Season 02/a.mkv", "Season 02/a.mkv")
    assert recycle_subfolder(r, Path("/elsewhere/Season 02/a.mkv")) == "Show"
