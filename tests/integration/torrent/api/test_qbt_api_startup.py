"""What the service does once its engine is up, beyond answering."""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from tests.support.services import RunningService


def test_objects_loaded_at_start_are_kept_out_of_full_collections(
    tmp_path: Path, start_service: Callable[..., AbstractContextManager[RunningService]]
) -> None:
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    with start_service(tmp_path / "data"):
        assert gc.get_freeze_count() > 10_000  # modules, the app, the restored torrents
