"""Settings precedence: environment over config.yaml over defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mediastack.core.config import load_settings
from mediastack.core.config.reference import render_reference
from mediastack.core.config.yamlfile import ConfigFileError, update_yaml
from mediastack.core.roles import Role

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("MEDIASTACK_") or name in {"DATABASE_URL", "PUID", "PGID", "UMASK"}:
            monkeypatch.delenv(name)


def write_config(data_root: Path, folder: str, data: dict[str, object]) -> Path:
    path = data_root / "config" / folder / "config.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(data))
    return path


def test_defaults_follow_the_seed_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIASTACK_PATHS__DATA_ROOT", str(tmp_path))
    expected = {
        Role.TV: ("sonarr", 8989),
        Role.MOVIES: ("radarr", 7878),
        Role.MUSIC: ("lidarr", 8686),
        Role.TORRENT: ("qbittorrent", 8080),
        Role.USENET: ("sabnzbd", 8080),
    }
    for role, (folder, port) in expected.items():
        settings = load_settings(role)
        assert settings.config_dir == tmp_path / "config" / folder
        assert settings.port == port
        assert settings.downloads_dir == tmp_path / "downloads"
        assert settings.media_dir == tmp_path / "media"
        assert settings.auth.exempt_subnets == []  # authentication is on for everyone


def test_yaml_overrides_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIASTACK_PATHS__DATA_ROOT", str(tmp_path))
    write_config(tmp_path, "sonarr", {"http": {"port": 9999}, "logging": {"level": "debug"}})
    settings = load_settings("tv")
    assert settings.port == 9999
    assert settings.logging.level == "debug"


def test_environment_overrides_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIASTACK_PATHS__DATA_ROOT", str(tmp_path))
    write_config(tmp_path, "sonarr", {"http": {"port": 9999, "url_base": "sonarr"}})
    monkeypatch.setenv("MEDIASTACK_HTTP__PORT", "7000")
    settings = load_settings("tv")
    assert settings.port == 7000  # environment wins
    assert settings.http.url_base == "/sonarr"  # yaml still supplies what env does not


def test_well_known_aliases_sit_below_prefixed_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDIASTACK_PATHS__DATA_ROOT", str(tmp_path))
    write_config(tmp_path, "radarr", {"ownership": {"puid": 1}})
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db/radarr")
    monkeypatch.setenv("PUID", "1000")
    monkeypatch.setenv("PGID", "1001")
    monkeypatch.setenv("UMASK", "002")
    settings = load_settings("movies")
    assert settings.database.url == "postgresql://u:p@db/radarr"
    assert (settings.ownership.puid, settings.ownership.pgid) == (1000, 1001)
    assert settings.ownership.umask == 0o002
    monkeypatch.setenv("MEDIASTACK_DATABASE__URL", "sqlite:///x.db")
    assert load_settings("movies").database.url == "sqlite:///x.db"


def test_config_dir_may_be_moved_by_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "config.yaml").write_text("http:\n  port: 1234\n")
    monkeypatch.setenv("MEDIASTACK_PATHS__CONFIG_DIR", str(elsewhere))
    settings = load_settings("usenet")
    assert settings.config_dir == elsewhere
    assert settings.port == 1234


def test_exempt_subnets_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIASTACK_PATHS__DATA_ROOT", str(tmp_path))
    monkeypatch.setenv("MEDIASTACK_AUTH__EXEMPT_SUBNETS", '["192.168.8.0/24", "fd00::/8"]')
    nets = [str(n) for n in load_settings("torrent").auth.exempt_subnets]
    assert nets == ["192.168.8.0/24", "fd00::/8"]


def test_broken_yaml_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIASTACK_PATHS__DATA_ROOT", str(tmp_path))
    path = tmp_path / "config" / "sonarr" / "config.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("http: [unclosed\n")
    with pytest.raises(ConfigFileError, match="not valid YAML"):
        load_settings("tv")


def test_update_yaml_keeps_other_sections_and_is_private(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("http:\n  port: 1\nauth:\n  username: me\n")
    update_yaml(path, "auth", {"api_key": "k" * 32})
    data = yaml.safe_load(path.read_text())
    assert data == {"http": {"port": 1}, "auth": {"username": "me", "api_key": "k" * 32}}
    assert path.stat().st_mode & 0o777 == 0o600


def test_generated_reference_is_committed_and_current() -> None:
    committed = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert committed == render_reference(), (
        "run: mediastack config-reference --output docs/configuration.md"
    )
    assert "`MEDIASTACK_AUTH__EXEMPT_SUBNETS`" in committed
