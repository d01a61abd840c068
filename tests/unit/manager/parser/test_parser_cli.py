"""The JSON entry points the CLI wires up."""

from __future__ import annotations

import io
import json

from mediastack.manager.parser.cli import parse_to_json, run_jsonl


def test_parse_to_json_gives_the_typed_parse() -> None:
    data = json.loads(parse_to_json("Show.Name.S02E03.720p.HDTV.x264-GRP"))
    assert data["episode"]["series_title"] == "Show Name"
    assert data["episode"]["season"] == 2
    assert data["episode"]["episodes"] == [3]
    assert data["quality"]["name"] == "HDTV-720p"
    assert data["release_group"] == "GRP"


def test_parse_to_json_null_when_refused() -> None:
    assert json.loads(parse_to_json("d41d8cd98f00b204e9800998ecf8427e")) is None


def test_run_jsonl_keeps_order_and_maps_expect_keys() -> None:
    lines = [
        {"title": "A.Movie.2019.1080p.BluRay.x264-GRP", "app": "radarr", "input": "title"},
        {"title": "e096aeb3c2c0483a96f5b32fc6d10ff5", "app": "sonarr", "input": "title"},
        {"title": "Artist - Album (2001) [FLAC]", "app": "lidarr", "input": "title"},
    ]
    stdin = io.StringIO("".join(json.dumps(x) + "\n" for x in lines))
    stdout = io.StringIO()
    assert run_jsonl(stdin, stdout) == 0
    out = [json.loads(x) for x in stdout.getvalue().splitlines()]
    assert len(out) == 3
    assert out[0]["movie_title"] == "A Movie"
    assert out[0]["year"] == 2019
    assert out[0]["quality_source"] == "bluray"
    assert out[0]["resolution"] == 1080
    assert out[1] is None
    assert out[2]["artist"] == "Artist"
    assert out[2]["album"] == "Album"
    assert out[2]["quality"] == "FLAC"


def test_run_jsonl_malformed_lines_yield_null_and_exit_code() -> None:
    stdin = io.StringIO('not json\n{"app": "sonarr"}\n{"title": "Show.S01E01"}\n')
    stdout = io.StringIO()
    assert run_jsonl(stdin, stdout) == 1
    out = stdout.getvalue().splitlines()
    assert out[:2] == ["null", "null"]
    assert json.loads(out[2])["episodes"] == [1]
