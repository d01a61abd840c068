"""Engine settings and the libtorrent settings pack built from them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import libtorrent as lt
import pytest
from pydantic import ValidationError

from mediastack.torrent.engine import EncryptionMode, TorrentEngineSettings
from mediastack.torrent.engine.session_settings import build_settings_pack, listen_interfaces


def test_defaults_follow_the_storage_layout() -> None:
    s = TorrentEngineSettings()
    assert s.save_path == Path("/downloads/torrents")
    assert s.resume_dir == Path("/config/qbittorrent/BT_backup")
    assert s.categories_file == Path("/config/qbittorrent/categories.json")
    assert s.listen_port == 6881 and s.queueing_enabled
    assert not s.enable_outgoing_utp, "outgoing uTP first stalls starts on TCP-only peers"


def test_resume_dir_override() -> None:
    s = TorrentEngineSettings(config_dir=Path("/c"), resume_dir_override=Path("/r"))
    assert s.resume_dir == Path("/r")


@pytest.mark.parametrize(
    "bad",
    [
        {"listen_port": 70000},
        {"listen_interface": "eth0; rm -rf /"},
        {"download_rate_limit": -5},
        {"max_ratio": -1.0},
        {"unknown_key": 1},
    ],
)
def test_invalid_settings(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        TorrentEngineSettings(**bad)


def test_settings_are_frozen() -> None:
    with pytest.raises(ValidationError):
        TorrentEngineSettings().listen_port = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("interface", "port", "expected"),
    [
        ("0.0.0.0", 6881, "0.0.0.0:6881,[::]:6881"),
        ("127.0.0.1", 0, "127.0.0.1:0"),
        ("::1", 6881, "[::1]:6881"),
        ("eth0", 6881, "eth0:6881"),
    ],
)
def test_listen_interfaces(interface: str, port: int, expected: str) -> None:
    assert listen_interfaces(interface, port) == expected


def test_locked_down_pack() -> None:
    s = TorrentEngineSettings(
        listen_interface="127.0.0.1",
        listen_port=0,
        enable_dht=False,
        enable_lsd=False,
        enable_upnp=False,
        enable_natpmp=False,
        enable_incoming_utp=False,
        download_rate_limit=1000,
        encryption=EncryptionMode.REQUIRE,
        queueing_enabled=False,
    )
    pack = build_settings_pack(s)
    assert pack["listen_interfaces"] == "127.0.0.1:0"
    for key in ("enable_dht", "enable_lsd", "enable_upnp", "enable_natpmp"):
        assert pack[key] is False
    assert pack["enable_outgoing_utp"] is False and pack["enable_outgoing_tcp"] is True
    assert pack["download_rate_limit"] == 1000 and pack["upload_rate_limit"] == 0
    assert pack["out_enc_policy"] == pack["in_enc_policy"] == 0  # pe_forced
    assert pack["active_downloads"] == pack["active_limit"] == -1


def test_pack_is_accepted_by_a_real_session() -> None:
    pack = build_settings_pack(
        TorrentEngineSettings(
            listen_interface="127.0.0.1",
            listen_port=0,
            enable_dht=False,
            enable_lsd=False,
            enable_upnp=False,
            enable_natpmp=False,
            outgoing_interface="lo",
        )
    )
    params = lt.session_params()
    params.settings = pack  # type: ignore[assignment]  # the stubs want a TypedDict
    session = lt.session(params)
    applied: dict[str, Any] = dict(session.get_settings())
    assert set(pack) <= set(applied), "every key must be a real libtorrent setting"
    assert {k: applied[k] for k in pack} == pack
    assert applied["enable_dht"] is False and applied["listen_interfaces"] == "127.0.0.1:0"
    assert applied["outgoing_interfaces"] == "lo"
    assert not session.is_dht_running()
