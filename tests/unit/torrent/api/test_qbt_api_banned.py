"""The banned-address list behind ``banned_IPs`` and ``transfer/banPeers``."""

from __future__ import annotations

import ipaddress

from mediastack.torrent.api.preferences import banned_addresses


def test_addresses_from_ips_and_peers_sorted_unique_garbage_skipped() -> None:
    got = banned_addresses(
        ["10.0.0.2:6881", " 10.0.0.2", "[2001:db8::1]:80", "::1", "host.example:1", "", "1.2.3"]
    )
    assert got == tuple(ipaddress.ip_address(a) for a in ("10.0.0.2", "::1", "2001:db8::1"))
    assert [str(a) for a in banned_addresses(["9.9.9.9", "10.0.0.1"])] == ["9.9.9.9", "10.0.0.1"]
