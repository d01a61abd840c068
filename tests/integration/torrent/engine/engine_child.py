"""Runs a torrent engine in its own process so a test can ``kill -9`` it.

  python engine_child.py SETTINGS_JSON TORRENT_FILE SEEDER_PORT MAGNET

Adds the .torrent (rate-limited, with a category and a tag) and a magnet nobody seeds,
points the first at the seeder, then prints ``PROGRESS <fraction>`` lines until killed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from mediastack.torrent.engine import AddTorrentOptions, TorrentEngine, TorrentEngineSettings


def main(argv: list[str]) -> None:
    settings = TorrentEngineSettings.model_validate_json(argv[0])
    engine = TorrentEngine(settings)
    engine.start()
    engine.create_category("tv")
    info_hash = engine.add_torrent_file(
        Path(argv[1]).read_bytes(),
        AddTorrentOptions(category="tv", tags=["crash"], download_limit=400_000),
    )
    engine.add_magnet(argv[3], AddTorrentOptions(tags=["orphan"]))
    engine.add_peers([info_hash], [f"127.0.0.1:{argv[2]}"])
    while True:
        print(f"PROGRESS {engine.get(info_hash).progress:.4f}", flush=True)
        time.sleep(0.1)


if __name__ == "__main__":
    main(sys.argv[1:])
