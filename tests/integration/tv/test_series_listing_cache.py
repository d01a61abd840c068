"""``GET /series`` is reused between library changes, and any writer's change shows at once.

The listing is kept per library generation, which database triggers raise on every write
to series, seasons, episodes and episode files: a change made around the store (as the
importer makes its own rows) is seen by the next request, not after a timeout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import httpx
from sqlalchemy import text

from tests.integration.tv.conftest import wait_command
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


def listed_as_fetched(api: httpx.Client, series_id: int) -> dict[str, Any]:
    """The series' entry in ``GET /series``, which must be what ``GET /series/{id}`` (built
    fresh each time) says."""
    [entry] = [s for s in api.get("/series").json() if s["id"] == series_id]
    assert entry == api.get(f"/series/{series_id}").json()
    return cast("dict[str, Any]", entry)


def test_every_kind_of_api_change_shows_in_the_next_listing(api: httpx.Client, root: Path) -> None:
    series = add_got(api, root)
    sid = series["id"]
    profiles = [p["id"] for p in api.get("/qualityprofile").json()]
    listed_as_fetched(api, sid)

    edited = {**series, "monitored": False, "tags": [3], "qualityProfileId": profiles[-1]}
    assert api.put("/series", json=edited).status_code == 202
    entry = listed_as_fetched(api, sid)
    assert (entry["monitored"], entry["tags"]) == (False, [3])
    assert entry["qualityProfileId"] == profiles[-1]

    seasons = [{**s, "monitored": s["seasonNumber"] != 1} for s in entry["seasons"]]
    assert api.put(f"/series/{sid}", json={**entry, "seasons": seasons}).status_code == 202
    entry = listed_as_fetched(api, sid)
    [one] = [s for s in entry["seasons"] if s["seasonNumber"] == 1]
    assert not one["monitored"] and one["statistics"]["episodeCount"] == 0

    [episode] = api.get("/episode", params={"seriesId": sid, "seasonNumber": 1}).json()[:1]
    assert api.put(f"/episode/{episode['id']}", json={"monitored": True}).status_code == 202
    [one] = [s for s in listed_as_fetched(api, sid)["seasons"] if s["seasonNumber"] == 1]
    assert one["statistics"]["episodeCount"] == 1

    season = root / "Game of Thrones" / "Season 01"
    season.mkdir(parents=True, exist_ok=True)
    (season / "Game.of.Thrones.S01E01.mkv").write_bytes(b"v" * 4096)
    command = api.post("/command", json={"name": "RescanSeries", "seriesId": sid})
    assert wait_command(api, command.json())["status"] == "completed"
    assert listed_as_fetched(api, sid)["statistics"]["sizeOnDisk"] == 4096

    [file] = api.get("/episodefile", params={"seriesId": sid}).json()
    assert api.delete(f"/episodefile/{file['id']}").status_code == 200
    assert listed_as_fetched(api, sid)["statistics"]["episodeFileCount"] == 0

    body = {"seriesIds": [sid], "tags": [4], "applyTags": "add", "monitored": True}
    assert api.put("/series/editor", json=body).status_code == 202
    entry = listed_as_fetched(api, sid)
    assert (entry["monitored"], entry["tags"]) == (True, [3, 4])

    assert api.delete(f"/series/{sid}").status_code == 200
    assert api.get("/series").json() == []
    again = add_got(api, root)
    assert [s["id"] for s in api.get("/series").json()] == [again["id"]]
    listed_as_fetched(api, again["id"])
