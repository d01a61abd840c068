"""The header SABnzbd puts on ``queue`` and ``fullstatus``: pause state, disk, speed limit."""

from __future__ import annotations

from typing import Any

from mediastack.usenet.api.common import SABNZBD_VERSION, ApiCall, disk

__all__ = ["header", "speed_limit_fields"]


def speed_limit_fields(call: ApiCall) -> dict[str, str]:
    manager = call.manager
    limit = manager.speed_limit
    maximum = manager.settings.bandwidth_max_kbps * 1024
    percent = round(100 * limit / maximum) if limit and maximum else 100
    return {"speedlimit": str(percent), "speedlimit_abs": str(limit)}


def header(call: ApiCall) -> dict[str, Any]:
    manager = call.manager
    total1, free1 = disk(manager.incomplete_dir)
    total2, free2 = disk(manager.complete_dir)
    paused = manager.paused or manager.disk_paused
    return {
        "version": SABNZBD_VERSION,
        "paused": paused,
        "pause_int": "0",
        "paused_all": paused,
        "diskspace1": f"{free1:.2f}",
        "diskspace2": f"{free2:.2f}",
        "diskspace1_norm": f"{free1:.1f} G",
        "diskspace2_norm": f"{free2:.1f} G",
        "diskspacetotal1": f"{total1:.2f}",
        "diskspacetotal2": f"{total2:.2f}",
        **speed_limit_fields(call),
        "have_warnings": str(len(manager.warnings)),
        "finishaction": None,
        "quota": "0 ",
        "have_quota": False,
        "left_quota": "0 ",
        "cache_art": "0",
        "cache_size": "0 B",
    }
