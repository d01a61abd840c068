"""Where the shared reference data lives: ``shared/`` beside the repository (as CI clones it).

``MEDIASTACK_SHARED_DIR`` overrides it for checkouts laid out differently.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("MEDIASTACK_SHARED_DIR", REPO.parent / "shared"))
DATA = SHARED / "data"
FIXTURES = DATA / "fixtures"
