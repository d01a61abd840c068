"""``app/preferences`` and ``app/setPreferences``: qBittorrent's settings over the engine's.

``preferences`` answers every key qBittorrent 4.5 answers (clients index into it freely):
the ones the engine has a setting for are live values, the rest are qBittorrent's own
defaults for features we do not have (RSS, mail, dyndns, ...). ``setPreferences`` takes
qBittorrent's ``json=`` form, changes what maps to an engine setting, applies it to the
running session at once (a new ``listen_port`` re-binds before the call returns, as the
port-forwarding helpers of VPN sidecars expect) and persists the changed keys; keys we do
not implement are ignored, as qBittorrent ignores keys it does not know.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
from collections.abc import Callable, Iterable
from datetime import time
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse, Response
from pydantic import ValidationError

from mediastack.core.http import ApiError
from mediastack.torrent.api.adding import confined_path
from mediastack.torrent.api.auth import require_session
from mediastack.torrent.api.deps import TorrentApiState, api_state, engine_of
from mediastack.torrent.api.forms import bad_request, read_params
from mediastack.torrent.engine import (
    ContentLayout,
    EncryptionMode,
    SchedulerDays,
    ShareLimitAction,
    TorrentEngineError,
    TorrentEngineSettings,
)
from mediastack.torrent.engine.errors import InvalidArgumentError
from mediastack.torrent.engine.validation import validate_peer
from mediastack.torrent.settings import (
    TorrentApiSettings,
    save_api_preferences,
    save_preferences,
)

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_ENCRYPTION = {0: EncryptionMode.PREFER, 1: EncryptionMode.REQUIRE, 2: EncryptionMode.DISABLE}
_ACTIONS = {
    0: ShareLimitAction.PAUSE,
    1: ShareLimitAction.REMOVE,
    3: ShareLimitAction.REMOVE_WITH_FILES,
}


# qBittorrent 4.5.2's values for the preferences the engine has no setting for.
_STATIC: dict[str, Any] = {
    "add_trackers": "",
    "add_trackers_enabled": False,
    "alternative_webui_enabled": False,
    "alternative_webui_path": "",
    "announce_ip": "",
    "announce_to_all_tiers": True,
    "announce_to_all_trackers": False,
    "async_io_threads": 10,
    "auto_delete_mode": 0,
    "auto_tmm_enabled": False,
    "autorun_enabled": False,
    "autorun_on_torrent_added_enabled": False,
    "autorun_on_torrent_added_program": "",
    "autorun_program": "",
    "block_peers_on_privileged_ports": False,
    "category_changed_tmm_enabled": False,
    "checking_memory_use": 32,
    "connection_speed": 30,
    "disk_cache": -1,
    "disk_cache_ttl": 60,
    "disk_io_read_mode": 1,
    "disk_io_type": 0,
    "disk_io_write_mode": 1,
    "disk_queue_size": 1048576,
    "dyndns_enabled": False,
    "dyndns_password": "",
    "dyndns_service": 0,
    "dyndns_username": "",
    "embedded_tracker_port_forwarding": False,
    "enable_coalesce_read_write": False,
    "enable_embedded_tracker": False,
    "enable_piece_extent_affinity": False,
    "enable_upload_suggestions": False,
    "excluded_file_names": "",
    "excluded_file_names_enabled": False,
    "export_dir": "",
    "export_dir_fin": "",
    "file_pool_size": 5000,
    "hashing_threads": 1,
    "idn_support_enabled": False,
    "incomplete_files_ext": False,
    "ip_filter_enabled": False,
    "ip_filter_path": "",
    "ip_filter_trackers": False,
    "limit_tcp_overhead": False,
    "limit_utp_rate": True,
    "mail_notification_auth_enabled": False,
    "mail_notification_email": "",
    "mail_notification_enabled": False,
    "mail_notification_password": "",
    "mail_notification_ssl_enabled": False,
    "mail_notification_username": "",
    "max_active_checking_torrents": 1,
    "max_concurrent_http_announces": 50,
    "memory_working_set_limit": 512,
    "outgoing_ports_max": 0,
    "outgoing_ports_min": 0,
    "peer_tos": 4,
    "peer_turnover": 4,
    "peer_turnover_cutoff": 90,
    "peer_turnover_interval": 300,
    "performance_warning": False,
    "preallocate_all": False,
    "proxy_auth_enabled": False,
    "proxy_hostname_lookup": True,
    "proxy_password": "",
    "proxy_peer_connections": False,
    "proxy_torrents_only": False,
    "proxy_type": 0,
    "proxy_username": "",
    "reannounce_when_address_changed": False,
    "recheck_completed_torrents": False,
    "refresh_interval": 1500,
    "request_queue_size": 500,
    "resolve_peer_countries": False,
    "resume_data_storage_type": "SQLite",  # torrents.db, as qBittorrent's SQLite storage
    "save_path_changed_tmm_enabled": False,
    "send_buffer_low_watermark": 10,
    "send_buffer_watermark": 500,
    "send_buffer_watermark_factor": 50,
    "slow_torrent_dl_rate_threshold": 2,
    "slow_torrent_inactive_timer": 60,
    "slow_torrent_ul_rate_threshold": 2,
    "socket_backlog_size": 30,
    "ssrf_mitigation": True,
    "stop_tracker_timeout": 5,
    "torrent_changed_tmm_enabled": True,
    "torrent_stop_condition": "None",
    "upload_choking_algorithm": 1,
    "upload_slots_behavior": 0,
    "upnp_lease_duration": 0,
    "use_category_paths_in_manual_mode": False,
    "use_https": False,
    "utp_tcp_mixed_mode": 0,
    "validate_https_tracker_certificate": True,
    "web_ui_clickjacking_protection_enabled": True,
    "web_ui_csrf_protection_enabled": True,
    "web_ui_custom_http_headers": "",
    "web_ui_domain_list": "*",
    "web_ui_host_header_validation_enabled": True,
    "web_ui_https_cert_path": "",
    "web_ui_https_key_path": "",
    "web_ui_reverse_proxies_list": "",
    "web_ui_reverse_proxy_enabled": False,
    "web_ui_secure_cookie_enabled": True,
    "web_ui_upnp": False,
    "web_ui_use_custom_http_headers_enabled": False,
}


def preferences_json(state: TorrentApiState) -> dict[str, Any]:
    """The full ``app/preferences`` object for the running service."""
    engine = state.engine
    s = engine.settings
    api = state.api
    settings = state.settings
    exempt = [str(n) for n in settings.auth.exempt_subnets]
    try:
        ipaddress.ip_address(s.listen_interface)
        address, interface = s.listen_interface, ""
    except ValueError:
        address, interface = "", s.listen_interface
    if address in ("0.0.0.0", "::"):  # noqa: S104 - reporting, not binding
        address = ""
    live: dict[str, Any] = {
        "add_stopped_enabled": s.add_paused,
        "alt_dl_limit": s.alt_download_rate_limit,
        "alt_up_limit": s.alt_upload_rate_limit,
        "anonymous_mode": s.anonymous_mode,
        "banned_IPs": "\n".join(str(a) for a in s.banned_ips),
        "bittorrent_protocol": 0 if s.enable_incoming_utp else 1,
        "bypass_auth_subnet_whitelist": "\n".join(exempt),
        "bypass_auth_subnet_whitelist_enabled": bool(exempt),
        "bypass_local_auth": False,
        "current_interface_address": address,
        "current_network_interface": interface,
        "dht": s.enable_dht,
        "dl_limit": s.download_rate_limit,
        "dont_count_slow_torrents": s.dont_count_slow_torrents,
        "dyndns_domain": "changeme.dyndns.org",
        "embedded_tracker_port": 9000,
        "enable_multi_connections_from_same_ip": s.allow_multiple_connections_per_ip,
        "encryption": s.encryption.qbt_value,
        "limit_lan_peers": s.limit_lan_peers,
        "listen_port": engine.listen_port or s.listen_port,
        "locale": "en",
        "lsd": s.enable_lsd,
        "mail_notification_sender": "qBittorrent_notification@example.com",
        "mail_notification_smtp": "smtp.changeme.com",
        "max_active_downloads": s.max_active_downloads,
        "max_active_torrents": s.max_active_torrents,
        "max_active_uploads": s.max_active_uploads,
        "max_connec": s.max_connections,
        "max_connec_per_torrent": s.max_connections_per_torrent,
        "max_inactive_seeding_time": -1,
        "max_inactive_seeding_time_enabled": False,
        "max_ratio": s.max_ratio if s.max_ratio is not None else -1,
        "max_ratio_act": s.share_limit_action.qbt_value,
        "max_ratio_enabled": s.max_ratio is not None,
        "max_seeding_time": s.max_seeding_time if s.max_seeding_time is not None else -1,
        "max_seeding_time_enabled": s.max_seeding_time is not None,
        "max_uploads": s.max_uploads,
        "max_uploads_per_torrent": s.max_uploads_per_torrent,
        "pex": s.enable_pex,
        "proxy_ip": "0.0.0.0",  # noqa: S104 - qBittorrent's "no proxy" placeholder
        "proxy_port": 8080,
        "queueing_enabled": s.queueing_enabled,
        "random_port": False,
        "rss_auto_downloading_enabled": api.rss_auto_downloading_enabled,
        "rss_download_repack_proper_episodes": api.rss_download_repack_proper_episodes,
        "rss_fetch_delay": api.rss_fetch_delay,
        "rss_max_articles_per_feed": api.rss_max_articles_per_feed,
        "rss_processing_enabled": api.rss_processing_enabled,
        "rss_refresh_interval": api.rss_refresh_interval,
        "rss_smart_episode_filters": "\n".join(api.rss_smart_episode_filters),
        "save_path": str(s.save_path),
        "save_resume_data_interval": max(1, round(s.resume_save_interval / 60)),
        "schedule_from_hour": s.schedule_from.hour,
        "schedule_from_min": s.schedule_from.minute,
        "schedule_to_hour": s.schedule_to.hour,
        "schedule_to_min": s.schedule_to.minute,
        "scheduler_days": int(s.scheduler_days),
        "scheduler_enabled": s.scheduler_enabled,
        "scan_dirs": {},
        "start_paused_enabled": s.add_paused,
        "temp_path": str(s.incomplete_path or s.save_path / "incomplete"),
        "temp_path_enabled": s.incomplete_path is not None,
        "torrent_content_layout": s.content_layout.value,
        "up_limit": s.upload_rate_limit,
        "upnp": s.enable_upnp or s.enable_natpmp,
        "web_ui_address": settings.http.host,
        "web_ui_ban_duration": 3600,
        "web_ui_max_auth_fail_count": 5,
        "web_ui_port": settings.port,
        "web_ui_session_timeout": 3600,
        "web_ui_username": settings.auth.username,
    }
    return dict(sorted({**_STATIC, **live}.items()))


# ------------------------------------------------------------------ setPreferences


def _bool(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise bad_request(f"preference {key!r} must be a boolean")


def _int(key: str, value: Any) -> int:
    if isinstance(value, bool):
        raise bad_request(f"preference {key!r} must be an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise bad_request(f"preference {key!r} must be an integer")


def _float(key: str, value: Any) -> float:
    if isinstance(value, bool):
        raise bad_request(f"preference {key!r} must be a number")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise bad_request(f"preference {key!r} must be a number")


def _limit(key: str, value: Any) -> int:
    """Connection / slot counts: -1 (or 0) means unlimited in qBittorrent."""
    number = _int(key, value)
    return -1 if number <= 0 else number


def _clock(hour_key: str, hour: Any, minute_key: str, minute: Any) -> time:
    try:
        return time(_int(hour_key, hour), _int(minute_key, minute))
    except ValueError:
        raise bad_request(f"preferences {hour_key!r}/{minute_key!r} are not a time") from None


_SIMPLE: dict[str, tuple[str, Callable[[str, Any], Any]]] = {
    "listen_port": ("listen_port", _int),
    "dht": ("enable_dht", _bool),
    "pex": ("enable_pex", _bool),
    "lsd": ("enable_lsd", _bool),
    "anonymous_mode": ("anonymous_mode", _bool),
    "dl_limit": ("download_rate_limit", lambda k, v: max(0, _int(k, v))),
    "up_limit": ("upload_rate_limit", lambda k, v: max(0, _int(k, v))),
    "alt_dl_limit": ("alt_download_rate_limit", lambda k, v: max(0, _int(k, v))),
    "alt_up_limit": ("alt_upload_rate_limit", lambda k, v: max(0, _int(k, v))),
    "scheduler_enabled": ("scheduler_enabled", _bool),
    "max_connec": ("max_connections", _limit),
    "max_connec_per_torrent": ("max_connections_per_torrent", _limit),
    "max_uploads": ("max_uploads", _limit),
    "max_uploads_per_torrent": ("max_uploads_per_torrent", _limit),
    "queueing_enabled": ("queueing_enabled", _bool),
    "max_active_downloads": ("max_active_downloads", _int),
    "max_active_uploads": ("max_active_uploads", _int),
    "max_active_torrents": ("max_active_torrents", _int),
    "dont_count_slow_torrents": ("dont_count_slow_torrents", _bool),
    "start_paused_enabled": ("add_paused", _bool),
    "add_stopped_enabled": ("add_paused", _bool),
    "limit_lan_peers": ("limit_lan_peers", _bool),
    "enable_multi_connections_from_same_ip": ("allow_multiple_connections_per_ip", _bool),
}


def engine_changes(
    prefs: dict[str, Any], current: TorrentEngineSettings, state: TorrentApiState
) -> dict[str, Any]:
    """The engine-setting changes a ``setPreferences`` object asks for."""
    changes: dict[str, Any] = {}
    for key, (target, convert) in _SIMPLE.items():
        if key in prefs:
            changes[target] = convert(key, prefs[key])
    if "upnp" in prefs:
        on = _bool("upnp", prefs["upnp"])
        changes["enable_upnp"] = changes["enable_natpmp"] = on
    if "encryption" in prefs:
        mode = _ENCRYPTION.get(_int("encryption", prefs["encryption"]))
        if mode is None:
            raise bad_request("preference 'encryption' must be 0, 1 or 2")
        changes["encryption"] = mode
    if "max_ratio_act" in prefs:
        action = _ACTIONS.get(_int("max_ratio_act", prefs["max_ratio_act"]))
        if action is None:
            raise bad_request("preference 'max_ratio_act' must be 0, 1 or 3")
        changes["share_limit_action"] = action
    if "torrent_content_layout" in prefs:
        try:
            changes["content_layout"] = ContentLayout(str(prefs["torrent_content_layout"]))
        except ValueError:
            raise bad_request("unknown torrent_content_layout") from None
    for end in ("from", "to"):  # qBittorrent changes a time only when both parts are given
        hour, minute = f"schedule_{end}_hour", f"schedule_{end}_min"
        if hour in prefs and minute in prefs:
            changes[f"schedule_{end}"] = _clock(hour, prefs[hour], minute, prefs[minute])
    if "scheduler_days" in prefs:
        try:
            changes["scheduler_days"] = SchedulerDays(
                _int("scheduler_days", prefs["scheduler_days"])
            )
        except ValueError:
            raise bad_request("preference 'scheduler_days' must be 0 to 9") from None
    if "bittorrent_protocol" in prefs:
        protocol = _int("bittorrent_protocol", prefs["bittorrent_protocol"])
        changes["enable_incoming_utp"] = protocol != 1
    if "max_ratio_enabled" in prefs or "max_ratio" in prefs:
        was = current.max_ratio
        enabled = _bool("max_ratio_enabled", prefs.get("max_ratio_enabled", was is not None))
        ratio = _float("max_ratio", prefs.get("max_ratio", was if was is not None else -1))
        changes["max_ratio"] = ratio if enabled and ratio >= 0 else None
    if "max_seeding_time_enabled" in prefs or "max_seeding_time" in prefs:
        had = current.max_seeding_time
        enabled = _bool(
            "max_seeding_time_enabled", prefs.get("max_seeding_time_enabled", had is not None)
        )
        minutes = _int(
            "max_seeding_time", prefs.get("max_seeding_time", -1 if had is None else had)
        )
        changes["max_seeding_time"] = minutes if enabled and minutes >= 0 else None
    downloads = state.settings.downloads_dir.resolve()
    engine = state.engine
    if "save_path" in prefs and str(prefs["save_path"]).strip():
        changes["save_path"] = confined_path(
            str(prefs["save_path"]), engine, downloads, "save_path"
        )
    if "temp_path_enabled" in prefs or "temp_path" in prefs:
        temp = current.incomplete_path
        enabled = _bool("temp_path_enabled", prefs.get("temp_path_enabled", temp is not None))
        raw = str(prefs.get("temp_path") or temp or current.save_path / "incomplete")
        changes["incomplete_path"] = (
            confined_path(raw, engine, downloads, "temp_path") if enabled else None
        )
    if "current_interface_address" in prefs or "current_network_interface" in prefs:
        address = str(prefs.get("current_interface_address") or "").strip()
        interface = str(prefs.get("current_network_interface") or "").strip()
        if address or interface:
            changes["listen_interface"] = address or interface
    if "banned_IPs" in prefs:
        changes["banned_ips"] = banned_addresses(str(prefs["banned_IPs"]).split("\n"))
    if "save_resume_data_interval" in prefs:
        minutes = _int("save_resume_data_interval", prefs["save_resume_data_interval"])
        if minutes > 0:
            changes["resume_save_interval"] = float(minutes * 60)
    return {k: v for k, v in changes.items() if getattr(current, k) != v}


def banned_addresses(entries: Iterable[str]) -> tuple[IPAddress, ...]:
    """Addresses for the banned list, sorted and unique; ``ip:port`` / ``[ipv6]:port``
    entries count by their address. What is not an address is skipped (and logged), as
    qBittorrent skips it."""
    found: set[IPAddress] = set()
    for entry in entries:
        text = entry.strip()
        if not text:
            continue
        try:
            found.add(ipaddress.ip_address(text))
            continue
        except ValueError:
            pass
        try:
            found.add(ipaddress.ip_address(validate_peer(text)[0]))
        except InvalidArgumentError:
            log.warning("not an IP address to ban: %r", text[:100])
    return tuple(sorted(found, key=lambda a: (a.version, int(a))))


_API_PREFS: dict[str, Callable[[str, Any], Any]] = {
    "rss_processing_enabled": _bool,
    "rss_auto_downloading_enabled": _bool,
    "rss_download_repack_proper_episodes": _bool,
    "rss_refresh_interval": _int,
    "rss_fetch_delay": _int,
    "rss_max_articles_per_feed": _int,
    "rss_smart_episode_filters": lambda k, v: tuple(
        line for line in str(v).split("\n") if line.strip()
    ),
}


def api_changes(prefs: dict[str, Any], current: TorrentApiSettings) -> TorrentApiSettings:
    """The WebAPI-layer settings a ``setPreferences`` object asks for, validated (400)."""
    changes = {key: convert(key, prefs[key]) for key, convert in _API_PREFS.items() if key in prefs}
    if not changes:
        return current
    try:
        return TorrentApiSettings.model_validate({**current.model_dump(), **changes})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise bad_request(f"invalid preference {where}: {first['msg']}") from None


def apply_api_changes(state: TorrentApiState, wanted: TorrentApiSettings) -> None:
    """Switch to ``wanted``, keep the changed keys, tell the RSS reader."""
    before = state.api
    changed = {k for k in type(wanted).model_fields if getattr(before, k) != getattr(wanted, k)}
    if not changed:
        return
    state.api = wanted
    save_api_preferences(state.settings, wanted, changed)
    if state.rss is not None:
        state.rss.settings_changed(before)
    log.info("preferences changed: %s", ", ".join(sorted(changed)))


async def apply_engine_changes(state: TorrentApiState, changes: dict[str, Any]) -> None:
    """Validate, apply to the running engine (listen port first, waited for), persist.

    A new listen port that cannot be bound refuses the whole change (409, the reason in the
    body, logged): the engine keeps its old port and nothing else is applied or saved.
    qBittorrent would apply everything and only log the failure, leaving the session deaf;
    port-forwarding helpers read the answer, so they learn at once.
    """
    engine = state.engine
    current = engine.settings
    if not changes:
        return
    try:
        wanted = TorrentEngineSettings.model_validate({**current.model_dump(), **changes})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise bad_request(f"invalid preference {where}: {first['msg']}") from None
    if wanted.listen_port != current.listen_port:
        try:
            port = await asyncio.to_thread(engine.set_listen_port, wanted.listen_port)
        except TorrentEngineError as exc:
            raise ApiError(409, str(exc)) from None
        state.log.add(f"Listening on port {port}")
    if wanted != engine.settings:
        await asyncio.to_thread(engine.update_settings, wanted, 5.0)
    save_preferences(state.settings, engine.settings, set(changes))
    log.info("preferences changed: %s", ", ".join(sorted(changes)))


def preferences_router() -> APIRouter:
    router = APIRouter(prefix="/api/v2/app", dependencies=[Depends(require_session)])

    @router.api_route("/preferences", methods=["GET", "POST"])
    async def preferences(request: Request) -> dict[str, Any]:
        engine_of(request)
        return preferences_json(api_state(request))

    @router.post("/setPreferences")
    async def set_preferences(request: Request) -> Response:
        state = api_state(request)
        engine = engine_of(request)
        p = await read_params(request)
        try:
            prefs = json.loads(p.text("json"))
        except ValueError:
            raise bad_request("'json' is not valid JSON") from None
        if not isinstance(prefs, dict):
            raise bad_request("'json' must be a JSON object")
        engine_wanted = engine_changes(prefs, engine.settings, state)
        api_wanted = api_changes(prefs, state.api)  # both checked before anything changes
        await apply_engine_changes(state, engine_wanted)
        apply_api_changes(state, api_wanted)
        return PlainTextResponse("")

    return router
