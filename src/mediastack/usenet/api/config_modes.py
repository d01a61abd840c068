"""Configuration and status modes: version, auth, get_cats, get_config, set_config,
del_config, config (speedlimit, test_server), fullstatus, server_stats, warnings.

Servers and categories take SABnzbd's parameters (``section=servers&keyword=NAME&host=...``)
and persist across restarts. Passwords are never sent back: SABnzbd shows ``**********`` and
treats that value, sent back unchanged, as "keep the stored password".
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from mediastack.usenet.api.common import SABNZBD_VERSION, ApiCall, ApiError, Handler
from mediastack.usenet.api.status import header
from mediastack.usenet.engine import ServerConfig, test_server
from mediastack.usenet.queue.catalog import MASK, CatalogError
from mediastack.usenet.queue.manager import QueueError
from mediastack.usenet.settings import CategoryConfig

__all__ = ["CONFIG_MODES", "server_fields"]

_BOOL_FIELDS = ("ssl", "enable")
_INT_FIELDS = ("port", "connections", "priority", "retention")
_SPEED = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)\s*$")


def server_fields(call: ApiCall) -> dict[str, Any]:
    """SABnzbd's server parameters -> :class:`ServerConfig` fields (only those given)."""
    fields: dict[str, Any] = {}
    for key in ("host", "username", "password"):
        if key in call.params:
            fields[key] = call.params[key].strip() if key == "host" else call.params[key]
    for key in _BOOL_FIELDS:
        if key in call.params:
            fields[key] = call.flag(key)
    if "ssl_verify" in call.params:
        # SABnzbd: 0 none, 1 default, 2 medium, 3 strict; anything but 0 verifies.
        fields["ssl_verify"] = call.get("ssl_verify").strip() not in ("0", "false", "")
    for key in _INT_FIELDS:
        if key in call.params and call.params[key].strip():
            fields[key] = call.integer(key)
    if call.get("timeout").strip():
        fields["timeout"] = float(call.integer("timeout"))
    for key in ("username", "password"):
        if key in fields and fields[key] == "":
            fields[key] = None
    return fields


def _server_dict(server: ServerConfig) -> dict[str, Any]:
    return {
        "name": server.name,
        "displayname": server.name,
        "host": server.host,
        "port": server.port,
        "timeout": int(server.timeout),
        "username": server.username or "",
        "password": MASK if server.password else "",
        "connections": server.connections,
        "ssl": int(server.ssl),
        "ssl_verify": 2 if server.ssl_verify else 0,
        "ssl_ciphers": "",
        "enable": int(server.enable),
        "required": 0,
        "optional": 0,
        "retention": server.retention,
        "expire_date": "",
        "quota": "",
        "usage_at_start": 0,
        "priority": server.priority,
        "notes": "",
    }


def _category_dict(category: CategoryConfig, order: int) -> dict[str, Any]:
    return {
        "name": category.name,
        "order": order,
        "pp": "" if category.pp is None else str(category.pp),
        "script": category.script,
        "dir": category.dir,
        "newzbin": "",
        "priority": category.priority,
    }


def _misc(call: ApiCall) -> dict[str, Any]:
    manager = call.manager
    settings = manager.settings
    retention, keep = manager.retention
    return {
        "complete_dir": str(manager.complete_dir.resolve()),
        "download_dir": str(manager.incomplete_dir.resolve()),
        "dirscan_dir": str(settings.watch_dir) if settings.watch_dir else "",
        "tv_categories": ["tv"],
        "enable_tv_sorting": 0,
        "movie_categories": ["movies"],
        "enable_movie_sorting": 0,
        "date_categories": ["tv"],
        "enable_date_sorting": 0,
        "pre_check": 0,
        "history_retention": "",
        "history_retention_option": retention,
        "history_retention_number": keep,
        "no_dupes": {"allow": 0, "refuse": 1, "fail": 3}[settings.duplicates],
        "download_free": f"{settings.min_free_space_mb}M" if settings.min_free_space_mb else "",
        "bandwidth_max": f"{settings.bandwidth_max_kbps}K" if settings.bandwidth_max_kbps else "",
        "api_key": "",
        "nzb_key": "",
    }


async def mode_version(call: ApiCall) -> dict[str, Any]:
    return {"version": SABNZBD_VERSION}


async def mode_auth(call: ApiCall) -> dict[str, Any]:
    return {"auth": "apikey"}


async def mode_get_cats(call: ApiCall) -> dict[str, Any]:
    return {"categories": [c.name for c in call.catalog.categories()]}


async def mode_get_config(call: ApiCall) -> dict[str, Any]:
    categories = [_category_dict(c, i) for i, c in enumerate(call.catalog.categories())]
    servers = [_server_dict(s) for s in call.catalog.servers()]
    config = {"misc": _misc(call), "categories": categories, "servers": servers, "sorters": []}
    section = call.get("section")
    if section:
        if section not in config:
            raise ApiError(f"unknown section {section!r}")
        keyword = call.get("keyword")
        value = config[section]
        if keyword and isinstance(value, list):
            value = [v for v in value if v.get("name") == keyword]
        elif keyword and isinstance(value, dict):
            value = {keyword: value.get(keyword)}
        return {"config": {section: value}}
    return {"config": config}


_MISC_SETTABLE = ("history_retention_option", "history_retention_number")


def _set_misc(call: ApiCall, keyword: str) -> dict[str, Any]:
    """``section=misc&keyword=K&value=V`` for the misc settings kept in the database."""
    if keyword not in _MISC_SETTABLE:
        raise ApiError("Config item does not exist")
    try:
        if keyword == "history_retention_option":
            call.manager.set_retention(option=call.get("value").strip())
        else:
            call.manager.set_retention(number=call.integer("value"))
    except QueueError as exc:
        raise ApiError(str(exc)) from None
    option, number = call.manager.retention
    value: Any = option if keyword == "history_retention_option" else number
    return {"config": {"misc": {keyword: value}}}


async def mode_set_config(call: ApiCall) -> dict[str, Any]:
    section = call.get("section")
    name = (call.get("keyword") or call.get("name")).strip()
    if section == "misc":
        return _set_misc(call, name)
    if section not in ("servers", "categories"):
        raise ApiError(f"section {section!r} cannot be set through the API")
    if not name:
        raise ApiError("keyword (the server or category name) is required")
    try:
        if section == "servers":
            server = call.catalog.set_server(name, server_fields(call))
            call.manager.wake()
            return {"config": {"servers": [_server_dict(server)]}}
        fields: dict[str, Any] = {}
        for key in ("dir", "script"):
            if key in call.params:
                fields[key] = call.params[key]
        if call.get("pp").strip():
            fields["pp"] = call.integer("pp")
        if call.get("priority").strip():
            fields["priority"] = call.integer("priority")
        category = call.catalog.set_category(name, fields)
        return {"config": {"categories": [_category_dict(category, 0)]}}
    except CatalogError as exc:
        raise ApiError(str(exc)) from None


async def mode_del_config(call: ApiCall) -> dict[str, Any]:
    section = call.get("section")
    name = (call.get("keyword") or call.get("name")).strip()
    try:
        if section == "servers":
            removed = call.catalog.delete_server(name)
            return {"status": removed}
        if section == "categories":
            call.catalog.delete_category(name)
            return {"status": True}
    except CatalogError as exc:
        raise ApiError(str(exc)) from None
    raise ApiError(f"section {section!r} cannot be changed through the API")


def parse_speed(value: str, bandwidth_max: int) -> int:
    """SABnzbd's speed limit: ``50`` is 50 % of bandwidth_max, ``500K``/``2M`` absolute.

    Without a bandwidth_max a bare number above 100 is read as KB/s; 0 or 100 % is no limit.
    """
    match = _SPEED.match(value or "")
    if match is None:
        raise ApiError(f"invalid speed limit {value!r}")
    number, unit = float(match.group(1)), match.group(2).upper()
    if unit:
        return int(number * {"K": 1024, "M": 1024**2, "G": 1024**3}[unit])
    if bandwidth_max:
        return 0 if number >= 100 or number <= 0 else int(bandwidth_max * number / 100)
    return 0 if number <= 100 else int(number * 1024)


async def mode_config(call: ApiCall) -> dict[str, Any]:
    name = call.get("name")
    if name == "speedlimit":
        maximum = call.manager.settings.bandwidth_max_kbps * 1024
        call.manager.set_speed_limit(parse_speed(call.get("value"), maximum))
        return {"status": True}
    if name == "test_server":
        return await _test_server(call)
    if name in ("set_apikey", "set_nzbkey", "regenerate_certs", "create_backup"):
        raise ApiError(f"{name} is not available here")
    raise ApiError(f"unknown config action {name!r}")


async def _test_server(call: ApiCall) -> dict[str, Any]:
    fields = server_fields(call)
    existing = call.catalog.server(call.get("server") or call.get("keyword"))
    if fields.get("password") == MASK:
        fields["password"] = existing.password if existing else None
    base = existing.model_dump() if existing else {}
    try:
        config = ServerConfig.model_validate({**base, "name": "test", **fields})
    except ValidationError as exc:
        return {"value": {"result": False, "message": str(exc.errors()[0]["msg"])}}
    ok, message = await test_server(config)
    return {"value": {"result": ok, "message": message}}


async def mode_fullstatus(call: ApiCall) -> dict[str, Any]:
    manager = call.manager
    errors: dict[str, str] = {}
    active: dict[str, int] = {}
    for pool in manager.pools():
        errors.update(pool.server_errors)
        for name, count in pool.active_connections.items():
            active[name] = active.get(name, 0) + count
    servers = [
        {
            "servername": s.name,
            "servertotalconn": s.connections,
            "serverssl": int(s.ssl),
            "serveractiveconn": active.get(s.name, 0),
            "serveroptional": 0,
            "serveractive": s.enable,
            "servererror": errors.get(s.name, ""),
            "serverpriority": s.priority,
            "serverbps": "0 ",
            "serverconnections": [],
        }
        for s in call.catalog.servers()
    ]
    status = header(call) | {
        "completedir": str(manager.complete_dir.resolve()),
        "downloaddir": str(manager.incomplete_dir.resolve()),
        "servers": servers,
        "warnings": [w.text for w in manager.warnings],
    }
    return {"status": status}


async def mode_server_stats(call: ApiCall) -> dict[str, Any]:
    """Bytes per server since start (this process); SABnzbd's day/week/month are the same."""
    by_server: dict[str, int] = {}
    for pool in call.manager.pools():
        for name, count in pool.bytes_by_server.items():
            by_server[name] = by_server.get(name, 0) + count
    total = sum(by_server.values())
    servers = {
        s.name: {
            "total": by_server.get(s.name, 0),
            "month": by_server.get(s.name, 0),
            "week": by_server.get(s.name, 0),
            "day": by_server.get(s.name, 0),
            "daily": {},
            "articles_tried": {},
            "articles_success": {},
        }
        for s in call.catalog.servers()
    }
    return {"total": total, "month": total, "week": total, "day": total, "servers": servers}


async def mode_warnings(call: ApiCall) -> dict[str, Any]:
    manager = call.manager
    if call.get("name") == "clear":
        manager.warnings.clear()
        return {"status": True}
    return {
        "warnings": [
            {"text": w.text, "type": w.type, "time": w.time, "origin": w.origin}
            for w in manager.warnings
        ]
    }


CONFIG_MODES: dict[str, Handler] = {
    "version": mode_version,
    "auth": mode_auth,
    "get_cats": mode_get_cats,
    "get_config": mode_get_config,
    "set_config": mode_set_config,
    "del_config": mode_del_config,
    "config": mode_config,
    "fullstatus": mode_fullstatus,
    "server_stats": mode_server_stats,
    "warnings": mode_warnings,
}
