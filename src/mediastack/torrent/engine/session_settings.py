"""Turning :class:`TorrentEngineSettings` into a locked-down libtorrent ``settings_pack``.

Kept apart from the engine so the mapping is a pure function, testable without a session,
and so every libtorrent setting we touch is listed in one place with the reason for it.
Anything not set here keeps libtorrent's default.
"""

from __future__ import annotations

import ipaddress
from typing import Any

import libtorrent as lt

from mediastack.torrent.engine.settings import EncryptionMode, TorrentEngineSettings

# libtorrent's enc_policy / enc_level values (settings_pack::enc_policy, enc_level).
_PE_FORCED, _PE_ENABLED, _PE_DISABLED = 0, 1, 2
_PE_PLAINTEXT, _PE_RC4, _PE_BOTH = 1, 2, 3

_ALERT_MASK = (
    lt.alert.category_t.error_notification
    | lt.alert.category_t.status_notification
    | lt.alert.category_t.storage_notification
    | lt.alert.category_t.tracker_notification
    | lt.alert.category_t.performance_warning
)
"""Only what the pump dispatches on; peer/debug/progress alerts would flood the queue."""


def listen_interfaces(interface: str, port: int) -> str:
    """libtorrent's ``listen_interfaces`` string for one address or device and a port."""
    try:
        address = ipaddress.ip_address(interface)
    except ValueError:
        return f"{interface}:{port}"  # a device name such as "eth0" or "tun0"
    if address.version == 6:
        return f"[{address}]:{port}"
    if address == ipaddress.IPv4Address("0.0.0.0"):  # noqa: S104 - the operator asked for "all"
        return f"0.0.0.0:{port},[::]:{port}"
    return f"{address}:{port}"


def _encryption(mode: EncryptionMode) -> dict[str, int]:
    if mode is EncryptionMode.REQUIRE:
        return {"out_enc_policy": _PE_FORCED, "in_enc_policy": _PE_FORCED,
                "allowed_enc_level": _PE_RC4}  # fmt: skip
    if mode is EncryptionMode.DISABLE:
        return {"out_enc_policy": _PE_DISABLED, "in_enc_policy": _PE_DISABLED,
                "allowed_enc_level": _PE_PLAINTEXT}  # fmt: skip
    return {"out_enc_policy": _PE_ENABLED, "in_enc_policy": _PE_ENABLED,
            "allowed_enc_level": _PE_BOTH}  # fmt: skip


def queueing_pack(s: TorrentEngineSettings) -> dict[str, Any]:
    """Queue limits; with queueing off every limit is -1 so libtorrent never queues."""
    on = s.queueing_enabled
    return {
        "active_downloads": s.max_active_downloads if on else -1,
        "active_seeds": s.max_active_uploads if on else -1,
        "active_limit": s.max_active_torrents if on else -1,
        "active_checking": 1,
        "dont_count_slow_torrents": s.dont_count_slow_torrents,
    }


def rate_limit_pack(download: int, upload: int) -> dict[str, Any]:
    """Global rate limits in bytes/s (0 = unlimited, as libtorrent and qBittorrent agree)."""
    return {"download_rate_limit": max(0, download), "upload_rate_limit": max(0, upload)}


def build_settings_pack(s: TorrentEngineSettings) -> dict[str, Any]:
    """The full settings dictionary the engine's session is created with."""
    pack: dict[str, Any] = {
        # identity
        "user_agent": f"{s.user_agent} libtorrent/{lt.__version__}",
        "peer_fingerprint": "-MS0100-",
        # network binding
        "listen_interfaces": listen_interfaces(s.listen_interface, s.listen_port),
        # a taken port is an error to report, never a quiet move to the next one: a VPN's
        # forwarded port or a firewall rule names exactly one
        "max_retry_port_bind": 0,
        "outgoing_interfaces": s.outgoing_interface or "",
        "listen_system_port_fallback": False,
        "anonymous_mode": s.anonymous_mode,
        # discovery: every switch explicit, nothing left to a default
        "enable_dht": s.enable_dht,
        "enable_lsd": s.enable_lsd,
        "enable_upnp": s.enable_upnp,
        "enable_natpmp": s.enable_natpmp,
        # transports: TCP always; uTP per settings (outgoing uTP first would stall starts)
        "enable_incoming_tcp": True,
        "enable_outgoing_tcp": True,
        "enable_incoming_utp": s.enable_incoming_utp,
        "enable_outgoing_utp": s.enable_outgoing_utp,
        # limits
        "connections_limit": s.max_connections,
        "unchoke_slots_limit": s.max_uploads,
        "allow_multiple_connections_per_ip": s.allow_multiple_connections_per_ip,
        # bounded alert queue; the pump drains it continuously
        "alert_mask": int(_ALERT_MASK),
        "alert_queue_size": s.alert_queue_size,
        # buffers: qBittorrent's defaults (its request_queue_size, disk_queue_size and
        # send_buffer_* preferences, which app/preferences reports). Every received block
        # waits for the disk in its own malloc'd 16 KiB buffer and every unsent block for a
        # peer in another. The larger high_performance_seed() values used before cost
        # 0.6 s more CPU per GiB downloaded and a higher worst memory peak (187 vs 153 MiB),
        # for no throughput gain (11 interleaved runs each, docs/benchmarks.md).
        "max_out_request_queue": 500,
        "max_peer_recv_buffer_size": 2 * 1024 * 1024,
        "send_buffer_watermark": 500 * 1024,
        "send_buffer_low_watermark": 10 * 1024,
        "send_buffer_watermark_factor": 50,
        "send_not_sent_low_watermark": 512 * 1024,
        "max_queued_disk_bytes": 1024 * 1024,
        # do not announce to every tracker in every tier (qBittorrent's default too)
        "announce_to_all_trackers": False,
        "announce_to_all_tiers": False,
    }
    pack.update(_encryption(s.encryption))
    pack.update(rate_limit_pack(*s.effective_rate_limits))
    pack.update(queueing_pack(s))
    return pack


_LOCAL_RANGES = (
    ("10.0.0.0", "10.255.255.255"),
    ("172.16.0.0", "172.31.255.255"),
    ("192.168.0.0", "192.168.255.255"),
    ("169.254.0.0", "169.254.255.255"),
    ("127.0.0.0", "127.255.255.255"),
    ("fc00::", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
    ("fe80::", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
    ("::1", "::1"),
)
"""The networks libtorrent's default peer-class filter treats as local."""


def apply_lan_rate_limits(session: Any, limit_lan_peers: bool) -> None:
    """Put LAN/loopback peers under the global rate limits, or exempt them.

    libtorrent's default peer-class filter puts private networks and loopback in a "local"
    class that no global limit applies to. qBittorrent's ``limit_lan_peers`` (on by
    default) maps every address to the global class instead, so a limit means what it says.
    Rebuilding the whole filter either way makes the switch work at runtime too.
    """
    everyone = 1 << int(session.global_peer_class_id)
    local = 1 << int(session.local_peer_class_id)
    rules = lt.ip_filter()
    rules.add_rule("0.0.0.0", "255.255.255.255", everyone)  # noqa: S104 - a range, not a bind
    rules.add_rule("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", everyone)
    if not limit_lan_peers:
        for first, last in _LOCAL_RANGES:
            rules.add_rule(first, last, local)
    session.set_peer_class_filter(rules)
