"""``log``, ``log/file`` and ``log/file/{name}`` over real HTTP, from the service's own files."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mediastack.core.roles import Role
from mediastack.manager.api.logfiles import at_least, parse_lines
from tests.support.services import RunningService, clear_mediastack_env, running_service


@pytest.fixture
def movies(tmp_path: Path) -> Iterator[RunningService]:
    saved = clear_mediastack_env()
    try:
        with running_service(Role.MOVIES, tmp_path) as svc:
            yield svc
    finally:
        os.environ.update(saved)


def _flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def test_log_files_are_listed_and_read(movies: RunningService) -> None:
    api = httpx.Client(base_url=f"{movies.url}/api/v3", headers={"X-Api-Key": movies.api_key})
    logging.getLogger("mediastack.test").warning("a warning the page must show")
    _flush()
    files = api.get("/log/file").json()
    assert files[0]["filename"] == "radarr.txt"
    assert files[0]["contentsUrl"] == "/api/v3/log/file/radarr.txt"
    assert files[0]["downloadUrl"] == "/logfile/radarr.txt"
    text = api.get("/log/file/radarr.txt")
    assert text.status_code == 200 and text.headers["content-type"].startswith("text/plain")
    assert "a warning the page must show" in text.text
    download = httpx.get(f"{movies.url}/logfile/radarr.txt", headers={"X-Api-Key": movies.api_key})
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    # outside the log folder, or not a log name: nothing to read
    assert api.get("/log/file/..%2Fconfig.yaml").status_code == 404
    assert api.get("/log/file/missing.txt").status_code == 404
    assert httpx.get(f"{movies.url}/api/v3/log/file").status_code == 401
    assert httpx.get(f"{movies.url}/logfile/radarr.txt").status_code == 401


def test_log_events_are_paged_newest_first_with_a_level_floor(movies: RunningService) -> None:
    api = httpx.Client(base_url=f"{movies.url}/api/v3", headers={"X-Api-Key": movies.api_key})
    log = logging.getLogger("mediastack.test")
    log.info("first info")
    log.warning("then a warning")
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("then an error")
    _flush()
    every = api.get("/log", params={"pageSize": 1000}).json()
    messages = [r["message"] for r in every["records"]]
    assert messages.index("then an error") < messages.index("then a warning")
    assert messages.index("then a warning") < messages.index("first info")
    error = next(r for r in every["records"] if r["message"] == "then an error")
    assert error["level"] == "error" and error["logger"] == "mediastack.test"
    assert "ValueError: boom" in error["exception"] and error["exceptionType"] == "ValueError"
    warned = api.get("/log", params={"level": "warn", "pageSize": 1000}).json()
    assert {r["level"] for r in warned["records"]} <= {"warn", "error", "fatal"}
    assert {"then a warning", "then an error"} <= {r["message"] for r in warned["records"]}
    first = api.get("/log", params={"pageSize": 1, "level": "warn"}).json()
    assert first["totalRecords"] == warned["totalRecords"] and len(first["records"]) == 1
    assert first["records"][0]["message"] == "then an error"


def test_parse_keeps_continuation_lines_with_their_entry() -> None:
    lines = [
        "continuation of a cut entry",
        "2026-11-24 07:00:00,125 INFO [a] one",
        "2026-11-24 07:00:01,000 ERROR [b] two",
        "Traceback (most recent call last):",
        "KeyError: 'x'",
    ]
    entries = list(parse_lines(lines))
    assert [e.message for e in entries] == ["one", "two"]
    assert entries[0].time.microsecond == 125000
    assert entries[1].exception == "Traceback (most recent call last):\nKeyError: 'x'"
    assert at_least("error") == {"error", "fatal"}
    assert at_least("nonsense") == at_least("trace")
