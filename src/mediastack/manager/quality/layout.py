"""How each original lays out its qualities in a profile, and the profiles it seeds.

The originals build ``qualityprofile/schema`` and their first-start profiles from the
quality definitions grouped by weight: qualities that share a weight form a named group
("WEB 1080p" = WEBRip-1080p + WEBDL-1080p in Sonarr and Radarr; Lidarr's "Lossless",
"High Quality Lossy", ...). Groups get ids from 1000 up in that order, and a cutoff that
names a grouped quality points at the group. Recyclarr reads the schema to learn these
ids, so they must be stable.
"""

from __future__ import annotations

from mediastack.manager.quality.definitions import AppName, Quality, by_name, catalogue
from mediastack.manager.quality.profiles import ProfileItem, QualityProfile

GROUP_ID_BASE = 1000

# A layout entry is a quality name or (group name, member names), worst first.
LayoutEntry = str | tuple[str, tuple[str, ...]]


def _video_groups(app: AppName, order: dict[str, tuple[str, str]]) -> tuple[LayoutEntry, ...]:
    """The catalogue order with the WEB pairs folded into their groups."""
    out: list[LayoutEntry] = []
    seen: set[str] = set()
    for q in catalogue(app):
        if q.name in seen:
            continue
        for group, (first, second) in order.items():
            if q.name in (first, second):
                out.append((group, (first, second)))
                seen.update((first, second))
                break
        else:
            out.append(q.name)
            seen.add(q.name)
    return tuple(out)


_SONARR = _video_groups(
    "sonarr",
    {
        "WEB 480p": ("WEBRip-480p", "WEBDL-480p"),
        "WEB 720p": ("WEBRip-720p", "WEBDL-720p"),
        "WEB 1080p": ("WEBRip-1080p", "WEBDL-1080p"),
        "WEB 2160p": ("WEBRip-2160p", "WEBDL-2160p"),
    },
)

_RADARR = _video_groups(
    "radarr",
    {
        "WEB 480p": ("WEBDL-480p", "WEBRip-480p"),
        "WEB 720p": ("WEBDL-720p", "WEBRip-720p"),
        "WEB 1080p": ("WEBDL-1080p", "WEBRip-1080p"),
        "WEB 2160p": ("WEBDL-2160p", "WEBRip-2160p"),
    },
)

# Lidarr groups by "group weight"; our catalogue lacks Vorbis Q5 and ALAC 24bit.
_LIDARR: tuple[LayoutEntry, ...] = (
    "Unknown",
    (
        "Trash Quality Lossy",
        ("MP3-8", "MP3-16", "MP3-24", "MP3-32", "MP3-40", "MP3-48", "MP3-56", "MP3-64", "MP3-80"),
    ),
    ("Poor Quality Lossy", ("MP3-96", "MP3-112", "MP3-128", "MP3-160")),
    ("Low Quality Lossy", ("MP3-192", "OGG Vorbis Q6", "AAC-192", "WMA", "MP3-224")),
    ("Mid Quality Lossy", ("OGG Vorbis Q7", "MP3-VBR-V2", "MP3-256", "OGG Vorbis Q8", "AAC-256")),
    (
        "High Quality Lossy",
        ("MP3-VBR-V0", "AAC-VBR", "MP3-320", "OGG Vorbis Q9", "AAC-320", "OGG Vorbis Q10"),
    ),
    ("Lossless", ("FLAC", "ALAC", "APE", "WavPack", "FLAC 24bit")),
    "WAV",
)

LAYOUTS: dict[AppName, tuple[LayoutEntry, ...]] = {
    "sonarr": _SONARR,
    "radarr": _RADARR,
    "lidarr": _LIDARR,
}


def schema_items(app: AppName, allowed: frozenset[str] = frozenset()) -> tuple[ProfileItem, ...]:
    """The profile items of ``app``'s schema; a group is allowed if any member is."""
    items: list[ProfileItem] = []
    group_id = GROUP_ID_BASE
    for entry in LAYOUTS[app]:
        if isinstance(entry, str):
            items.append(ProfileItem(quality=by_name(app, entry), allowed=entry in allowed))
            continue
        name, members = entry
        on = any(m in allowed for m in members)
        sub = tuple(ProfileItem(quality=by_name(app, m), allowed=on) for m in members)
        items.append(ProfileItem(items=sub, allowed=on, name=name, id=group_id))
        group_id += 1
    return tuple(items)


def cutoff_key(items: tuple[ProfileItem, ...], quality: Quality) -> int:
    """The cutoff value naming ``quality``: its group's id when it is grouped."""
    for item in items:
        if item.quality is None and any(q.id == quality.id for q in item.qualities()):
            return item.id
    return quality.id


# (name, cutoff, allowed qualities), as each original's QualityProfileService seeds them.
_DEFAULTS: dict[AppName, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "sonarr": (
        (
            "Any",
            "SDTV",
            (
                "SDTV", "WEBRip-480p", "WEBDL-480p", "DVD", "Bluray-480p", "Bluray-576p",
                "HDTV-720p", "HDTV-1080p", "WEBRip-720p", "WEBDL-720p", "WEBRip-1080p",
                "WEBDL-1080p", "Bluray-720p", "Bluray-1080p",
            ),
        ),
        (
            "SD",
            "SDTV",
            ("SDTV", "WEBRip-480p", "WEBDL-480p", "DVD", "Bluray-480p", "Bluray-576p"),
        ),
        ("HD-720p", "HDTV-720p", ("HDTV-720p", "WEBRip-720p", "WEBDL-720p", "Bluray-720p")),
        ("HD-1080p", "HDTV-1080p", ("HDTV-1080p", "WEBRip-1080p", "WEBDL-1080p", "Bluray-1080p")),
        ("Ultra-HD", "HDTV-2160p", ("HDTV-2160p", "WEBRip-2160p", "WEBDL-2160p", "Bluray-2160p")),
        (
            "HD - 720p/1080p",
            "HDTV-720p",
            (
                "HDTV-720p", "HDTV-1080p", "WEBRip-720p", "WEBDL-720p", "WEBRip-1080p",
                "WEBDL-1080p", "Bluray-720p", "Bluray-1080p",
            ),
        ),
    ),
    "radarr": (
        (
            "Any",
            "Bluray-480p",
            (
                "WORKPRINT", "CAM", "TELESYNC", "TELECINE", "DVDSCR", "REGIONAL", "SDTV", "DVD",
                "DVD-R", "HDTV-720p", "HDTV-1080p", "HDTV-2160p", "WEBDL-480p", "WEBRip-480p",
                "WEBDL-720p", "WEBRip-720p", "WEBDL-1080p", "WEBRip-1080p", "WEBDL-2160p",
                "WEBRip-2160p", "Bluray-480p", "Bluray-576p", "Bluray-720p", "Bluray-1080p",
                "Bluray-2160p", "Remux-1080p", "Remux-2160p", "BR-DISK",
            ),
        ),
        (
            "SD",
            "Bluray-480p",
            (
                "WORKPRINT", "CAM", "TELESYNC", "TELECINE", "DVDSCR", "REGIONAL", "SDTV", "DVD",
                "WEBDL-480p", "WEBRip-480p", "Bluray-480p", "Bluray-576p",
            ),
        ),
        ("HD-720p", "Bluray-720p", ("HDTV-720p", "WEBDL-720p", "WEBRip-720p", "Bluray-720p")),
        (
            "HD-1080p",
            "Bluray-1080p",
            ("HDTV-1080p", "WEBDL-1080p", "WEBRip-1080p", "Bluray-1080p", "Remux-1080p"),
        ),
        (
            "Ultra-HD",
            "Remux-2160p",
            ("HDTV-2160p", "WEBDL-2160p", "WEBRip-2160p", "Bluray-2160p", "Remux-2160p"),
        ),
        (
            "HD - 720p/1080p",
            "Bluray-720p",
            (
                "HDTV-720p", "HDTV-1080p", "WEBDL-720p", "WEBRip-720p", "WEBDL-1080p",
                "WEBRip-1080p", "Bluray-720p", "Bluray-1080p", "Remux-1080p",
            ),
        ),
    ),
    "lidarr": (
        (
            "Any",
            "Unknown",
            tuple(
                q.name for q in catalogue("lidarr") if q.name not in ("WAV", "APE", "WavPack")
            ),
        ),
        ("Lossless", "FLAC", ("FLAC", "ALAC", "FLAC 24bit")),
        ("Standard", "MP3-192", ("MP3-192", "MP3-256", "MP3-320")),
    ),
}  # fmt: skip


def default_profiles(app: AppName) -> list[QualityProfile]:
    """The profiles ``app`` creates at first start (Radarr's also carry language Original)."""
    out = []
    for name, cutoff, allowed in _DEFAULTS[app]:
        items = schema_items(app, frozenset(allowed))
        out.append(QualityProfile(name, items, cutoff_key(items, by_name(app, cutoff))))
    return out
