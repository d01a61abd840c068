"""``GET /series`` is reused between library changes, and any writer's change shows at once.

The listing is kept per library generation, which database triggers raise on every write
to series, seasons, episodes and episode files: a change made around the store (as the
importer makes its own rows) is seen by the next request, not after a timeout.
"""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import text

from tests.integration.tv.test_series_api import add_got
from tests.support.services import RunningService


def sizes(api: httpx.Client, series_id: int) -> tuple[int, int]:
    [series] = [s for s in api.get("/series").json() if s["id"] == series_id]
    return series["statistics"]["sizeOnDisk"], series["statistics"]["episodeFileCount"]


def test_a_change_by_any_writer_shows_in_the_next_listing(
    tv: RunningService, api: httpx.Client, root: Path
) -> None:
    series = add_got(api, root)
    store = tv.ctx.extras["tv_library"].store
    before = store.generation()
    assert sizes(api, series["id"]) == (0, 0)
    first = api.get("/series").content
    assert api.get("/series").content == first  # unchanged library: the same answer

    # a file row and its episode written straight into the tables, as an import does
    with tv.ctx.database.engine.begin() as connection:
        file_id = connection.execute(
            text(
                "INSERT INTO episode_files (series_id, season_number, relative_path, path, "
                "size, date_added, quality, languages) VALUES (:s, 1, 'Season 1/x.mkv', "
                "'/x.mkv', 12345, '2026-01-01 00:00:00', 'HDTV-720p', '[]') RETURNING id"
            ),
            {"s": series["id"]},
        ).scalar_one()
        connection.execute(
            text(
                "UPDATE episodes SET episode_file_id = :f WHERE series_id = :s "
                "AND season_number = 1 AND episode_number = 1"
            ),
            {"f": file_id, "s": series["id"]},
        )
    assert store.generation() > before
    assert sizes(api, series["id"]) == (12345, 1)

    # and through the API
    episode = next(
        e for e in api.get("/episode", params={"seriesId": series["id"]}).json() if e["hasFile"]
    )
    generation = store.generation()
    assert api.put(f"/episode/{episode['id']}", json={"monitored": False}).status_code == 202
    assert store.generation() > generation
