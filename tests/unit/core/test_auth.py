"""API keys, passwords, sessions, throttling, rotation and exempt subnets."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mediastack.core.auth import (
    AuthState,
    KeyPinnedError,
    LoginThrottle,
    constant_time_equals,
    generate_api_key,
    hash_password,
    verify_password,
)
from mediastack.core.config import load_settings


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def data_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import os

    for name in list(os.environ):
        if name.startswith("MEDIASTACK_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MEDIASTACK_PATHS__DATA_ROOT", str(tmp_path))
    return tmp_path


def test_api_key_is_generated_once_and_persisted(data_root: Path) -> None:
    first = AuthState(load_settings("tv"))
    assert len(first.api_key) == 32 and int(first.api_key, 16) >= 0
    second = AuthState(load_settings("tv"))
    assert second.api_key == first.api_key
    stored = yaml.safe_load((data_root / "config/sonarr/config.yaml").read_text())
    assert stored["auth"]["api_key"] == first.api_key


def test_wrong_key_is_refused(data_root: Path) -> None:
    auth = AuthState(load_settings("tv"))
    assert auth.api_key_matches(auth.api_key)
    assert not auth.api_key_matches(auth.api_key[:-1] + ("0" if auth.api_key[-1] != "0" else "1"))
    assert not auth.api_key_matches("")
    assert not auth.api_key_matches(None)


def test_rotation_replaces_the_key_everywhere(data_root: Path) -> None:
    auth = AuthState(load_settings("music"))
    old = auth.api_key
    new = auth.rotate_api_key()
    assert new != old
    assert auth.api_key_matches(new) and not auth.api_key_matches(old)
    assert AuthState(load_settings("music")).api_key == new  # survives a restart


def test_rotation_refused_when_the_key_is_pinned_by_environment(
    data_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDIASTACK_AUTH__API_KEY", generate_api_key())
    auth = AuthState(load_settings("tv"))
    with pytest.raises(KeyPinnedError):
        auth.rotate_api_key()


def test_password_is_stored_hashed_and_checked(data_root: Path) -> None:
    auth = AuthState(load_settings("tv"))
    assert not auth.password_set and not auth.check_password("admin", "")
    auth.set_password("correct horse battery")
    text = (data_root / "config/sonarr/config.yaml").read_text()
    assert "correct horse battery" not in text and "$argon2" in text
    reloaded = AuthState(load_settings("tv"))
    assert reloaded.check_password("admin", "correct horse battery")
    assert not reloaded.check_password("admin", "wrong")
    assert not reloaded.check_password("root", "correct horse battery")
    with pytest.raises(ValueError, match="at least 8"):
        reloaded.set_password("short")


def test_password_from_environment_is_never_written(
    data_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDIASTACK_AUTH__PASSWORD", "from-a-kubernetes-secret")
    auth = AuthState(load_settings("usenet"))
    assert auth.check_password("admin", "from-a-kubernetes-secret")
    assert "from-a-kubernetes-secret" not in (data_root / "config/sabnzbd/config.yaml").read_text()


def test_sessions_end_when_the_password_changes(data_root: Path) -> None:
    auth = AuthState(load_settings("tv"))
    auth.set_password("first password")
    token = auth.issue_session()
    assert auth.session_user(token) == "admin"
    assert auth.session_user(token + "x") is None
    auth.set_password("second password")
    assert auth.session_user(token) is None


def test_throttle_bans_after_repeated_failures_and_forgives_later() -> None:
    clock = FakeClock()
    throttle = LoginThrottle(max_failures=3, window_seconds=60, ban_seconds=300, clock=clock)
    assert not throttle.record_failure("10.0.0.1")
    assert not throttle.record_failure("10.0.0.1")
    assert throttle.record_failure("10.0.0.1")
    assert throttle.is_banned("10.0.0.1")
    assert not throttle.is_banned("10.0.0.2")  # one address's failures do not ban another
    clock.now += 299
    assert throttle.is_banned("10.0.0.1")
    clock.now += 2
    assert not throttle.is_banned("10.0.0.1")


def test_throttle_window_forgets_old_failures() -> None:
    clock = FakeClock()
    throttle = LoginThrottle(max_failures=2, window_seconds=10, ban_seconds=300, clock=clock)
    throttle.record_failure("a")
    clock.now += 11
    assert not throttle.record_failure("a")
    assert not throttle.is_banned("a")


def test_throttle_memory_is_bounded() -> None:
    throttle = LoginThrottle(max_failures=5, max_tracked=100)
    for i in range(1000):
        throttle.record_failure(f"10.0.{i // 256}.{i % 256}")
    assert len(throttle._records) <= 100


def test_exempt_subnets(data_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIASTACK_AUTH__EXEMPT_SUBNETS", '["192.168.8.0/24"]')
    auth = AuthState(load_settings("torrent"))
    assert auth.is_exempt("192.168.8.40")
    assert not auth.is_exempt("192.168.9.40")
    assert not auth.is_exempt("not-an-ip")
    assert not auth.is_exempt(None)


def test_no_subnet_is_exempt_by_default(data_root: Path) -> None:
    auth = AuthState(load_settings("torrent"))
    assert not auth.is_exempt("127.0.0.1")


def test_primitives() -> None:
    assert constant_time_equals("abc", "abc")
    assert not constant_time_equals("abc", "abd")
    assert not constant_time_equals(None, "abc")
    hashed = hash_password("pw")
    assert hashed.startswith("$argon2") and verify_password("pw", hashed)
    assert not verify_password("pw", "not a hash")
