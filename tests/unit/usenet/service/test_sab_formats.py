"""SABnzbd's number and name conventions, which clients parse strictly."""

from __future__ import annotations

import pytest

from mediastack.usenet.api.common import ApiError, human_size, mb, timeleft, units
from mediastack.usenet.api.config_modes import parse_speed
from mediastack.usenet.queue.intake import job_name_from_filename
from mediastack.usenet.queue.models import Priority
from mediastack.usenet.settings import UsenetSettings


def test_timeleft_is_h_mm_ss_and_days_when_needed() -> None:
    assert timeleft(0) == "0:00:00"
    assert timeleft(3725.9) == "1:02:05"
    assert timeleft(90061) == "1:01:01:01"
    assert timeleft(-5) == "0:00:00"


def test_sizes() -> None:
    assert mb(1024 * 1024 * 1.5) == "1.50"
    assert mb(0) == "0.00"
    assert human_size(512) == "512 B"
    assert human_size(1536 * 1024) == "1.5 MB"
    assert units(0) == "0 "
    assert units(2 * 1024 * 1024) == "2.0 M"


@pytest.mark.parametrize(
    ("value", "bandwidth_max", "expected"),
    [
        ("500K", 0, 500 * 1024),
        ("2M", 0, 2 * 1024 * 1024),
        ("50", 10 * 1024 * 1024, 5 * 1024 * 1024),
        ("100", 10 * 1024 * 1024, 0),
        ("0", 0, 0),
        ("400", 0, 400 * 1024),
    ],
)
def test_speed_limit_forms(value: str, bandwidth_max: int, expected: int) -> None:
    assert parse_speed(value, bandwidth_max) == expected


def test_bad_speed_limit() -> None:
    with pytest.raises(ApiError):
        parse_speed("fast", 0)


def test_job_names_come_from_the_file_name() -> None:
    assert job_name_from_filename("Show.S01E01.nzb") == "Show.S01E01"
    assert job_name_from_filename("dir/Show.S01E01.NZB.gz") == "Show.S01E01"
    assert job_name_from_filename("C:\\nzbs\\Movie{{pw}}.nzb") == "Movie{{pw}}"


def test_priority_labels_match_sabnzbd() -> None:
    assert [p.label for p in Priority] == ["Default", "Paused", "Low", "Normal", "High", "Force"]


def test_settings_short_category_form_and_defaults() -> None:
    settings = UsenetSettings.model_validate({"categories": ["tv", {"name": "books", "dir": "b"}]})
    assert [(c.name, c.dir) for c in settings.categories] == [("tv", "tv"), ("books", "b")]
    assert [c.name for c in UsenetSettings().categories] == ["tv", "movies", "music"]
    server = UsenetSettings.model_validate(
        {"servers": [{"name": "s", "host": "news.example", "password": "pw"}]}
    ).servers[0]
    assert "pw" not in repr(server)
