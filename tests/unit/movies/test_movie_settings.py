"""The movie service's settings: the TMDB key from the environment, URL checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from mediastack.core.config import load_settings
from mediastack.core.roles import Role
from mediastack.movies.settings import DEFAULT_TMDB_URL, MetadataSettings, movie_settings
from tests.support.services import clear_mediastack_env


def test_key_and_url_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    saved = clear_mediastack_env()
    try:
        monkeypatch.setenv("MEDIASTACK_SERVICE__METADATA__TMDB_API_KEY", "my-own-tmdb-key")
        monkeypatch.setenv("MEDIASTACK_SERVICE__METADATA__TMDB_URL", "http://mirror:8080/3/")
        settings = movie_settings(load_settings(Role.MOVIES, paths={"data_root": str(tmp_path)}))
    finally:
        os.environ.update(saved)
    meta = settings.metadata
    assert meta.has_key and meta.tmdb_api_key.get_secret_value() == "my-own-tmdb-key"
    assert "my-own-tmdb-key" not in repr(meta)  # a SecretStr never prints itself
    assert meta.tmdb_url == "http://mirror:8080/3"


def test_defaults_and_validation() -> None:
    meta = MetadataSettings()
    assert meta.tmdb_url == DEFAULT_TMDB_URL and not meta.has_key and meta.image_base_url == ""
    assert MetadataSettings(image_base_url="https://img.example/t/p").image_base_url == (
        "https://img.example/t/p/"
    )
    assert MetadataSettings(release_country="de").release_country == "DE"
    with pytest.raises(ValidationError):
        MetadataSettings(tmdb_url="ftp://nope")
