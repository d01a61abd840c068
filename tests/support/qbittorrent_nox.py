"""Start the real qBittorrent (``qbittorrent-nox`` from Debian) for a test, sealed on loopback.

The config is written before the first start, as the recording in
``shared/data/qbittorrent-webapi`` was made: WebUI on 127.0.0.1, user ``admin`` with a
PBKDF2-HMAC-SHA512 password, the legal notice accepted, the BitTorrent port bound to
``lo``, and DHT/PeX/LSD/UPnP/NAT-PMP off, so nothing ever leaves the machine.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.services import free_port

USERNAME = "admin"


def qbittorrent_nox() -> str | None:
    """Path of the binary, or None (the tests skip locally; CI requires it and fails)."""
    path = shutil.which("qbittorrent-nox")
    if path is None and os.environ.get("MEDIASTACK_REQUIRE_QBITTORRENT_NOX") == "1":
        raise RuntimeError("MEDIASTACK_REQUIRE_QBITTORRENT_NOX=1 but qbittorrent-nox is missing")
    return path


def pbkdf2_password(password: str, salt: bytes | None = None) -> str:
    """qBittorrent's ``WebUI\\Password_PBKDF2`` value for ``password``."""
    salt = salt or os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, 100_000, dklen=64)
    return f"@ByteArray({base64.b64encode(salt).decode()}:{base64.b64encode(key).decode()})"


def _version(binary: str) -> tuple[int, ...]:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    match = re.search(r"v?(\d+)\.(\d+)\.(\d+)", out.stdout + out.stderr)
    return tuple(int(g) for g in match.groups()) if match else (0,)


@dataclass(frozen=True)
class QbittorrentNox:
    host: str
    port: int
    username: str
    password: str
    save_path: Path
    profile: Path
    version: tuple[int, ...]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


def nox_config(
    web_port: int, bt_port: int, save_path: Path, password: str, *, tcp_only: bool = False
) -> str:
    """qBittorrent.conf with the WebUI and BitTorrent on loopback only, nothing announced.

    ``tcp_only`` turns off uTP (qBittorrent tries it first and stalls on a TCP-only peer);
    the benchmark measures both settings, the tests use the default.
    """
    save = save_path.as_posix()
    protocol = ["Session\\BTProtocol=TCP"] if tcp_only else []
    return "\n".join(
        [
            "[LegalNotice]",
            "Accepted=true",
            "",
            "[BitTorrent]",
            f"Session\\DefaultSavePath={save}",
            f"Session\\TempPath={save}/incomplete",
            f"Session\\Port={bt_port}",
            "Session\\Interface=lo",
            "Session\\InterfaceName=lo",
            "Session\\InterfaceAddress=127.0.0.1",
            "Session\\DHTEnabled=false",
            "Session\\PeXEnabled=false",
            "Session\\LSDEnabled=false",
            "Session\\QueueingSystemEnabled=true",
            "Session\\AddTorrentPaused=false",
            *protocol,
            "",
            "[Network]",
            "PortForwardingEnabled=false",
            "",
            "[Preferences]",
            "Connection\\UPnP=false",
            "Connection\\ResolvePeerCountries=false",
            f"Downloads\\SavePath={save}",
            "General\\Locale=en",
            "WebUI\\Enabled=true",
            "WebUI\\Address=127.0.0.1",
            f"WebUI\\Port={web_port}",
            f"WebUI\\Username={USERNAME}",
            f'WebUI\\Password_PBKDF2="{pbkdf2_password(password)}"',
            "WebUI\\LocalHostAuth=true",
            "WebUI\\CSRFProtection=true",
            "WebUI\\HostHeaderValidation=true",
            "WebUI\\UseUPnP=false",
            "",
        ]
    )


@contextmanager
def running_qbittorrent_nox(
    root: Path, password: str = "a-test-password", timeout: float = 30.0
) -> Iterator[QbittorrentNox]:
    """Run qbittorrent-nox with a throwaway profile under ``root``; stop it afterwards."""
    binary = qbittorrent_nox()
    if binary is None:
        raise RuntimeError("qbittorrent-nox is not installed (apt-get install qbittorrent-nox)")
    version = _version(binary)
    profile = root / "profile"
    save_path = root / "downloads"
    config_dir = profile / "qBittorrent" / "config"
    config_dir.mkdir(parents=True)
    save_path.mkdir(parents=True)
    web_port, bt_port = free_port(), free_port()
    (config_dir / "qBittorrent.conf").write_text(nox_config(web_port, bt_port, save_path, password))
    args = [binary, f"--profile={profile}", f"--webui-port={web_port}"]
    if version >= (5, 0, 0):
        args.append("--confirm-legal-notice")
    log = (root / "qbittorrent-nox.log").open("wb")
    env = {**os.environ, "HOME": str(root), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
    server = QbittorrentNox("127.0.0.1", web_port, USERNAME, password, save_path, profile, version)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                output = (root / "qbittorrent-nox.log").read_text(errors="replace")
                raise RuntimeError(f"qbittorrent-nox exited with {process.returncode}: {output}")
            try:
                probe = httpx.get(f"{server.url}/api/v2/app/webapiVersion", timeout=1)
                if probe.status_code in (200, 403):
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("qbittorrent-nox did not open its WebUI in time")
            time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()
