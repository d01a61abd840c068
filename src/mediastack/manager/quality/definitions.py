"""Quality catalogues per app and the size limits that go with them.

A *quality* is what the parser names (``HDTV-720p``, ``Remux-2160p``, ``FLAC``).
The catalogue gives each one a stable id, its source/resolution/modifier and a
weight: the default preference order, best last, as the apps list them. A
*quality definition* adds the size limits, in megabytes per minute of runtime,
so that "a 45-minute episode of at most 30 MB/min" can be checked without
knowing the series.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AppName = Literal["sonarr", "radarr", "lidarr"]


@dataclass(frozen=True, slots=True)
class Quality:
    """One quality of an app's catalogue."""

    id: int
    name: str
    source: str
    resolution: int = 0
    modifier: str = ""
    weight: int = 0


@dataclass(frozen=True, slots=True)
class QualityDefinition:
    """Size limits of a quality, in MB per minute of runtime (None: no limit)."""

    quality: Quality
    title: str
    min_size: float = 0.0
    preferred_size: float | None = None
    max_size: float | None = None

    def size_allowed(self, size_bytes: int, runtime_minutes: float) -> bool:
        """Whether a release of ``size_bytes`` fits for a runtime in minutes.

        A runtime of 0 (unknown) cannot be checked and is accepted, as the apps do.
        """
        if runtime_minutes <= 0:
            return True
        per_minute = size_bytes / 1024 / 1024 / runtime_minutes
        if per_minute < self.min_size:
            return False
        return self.max_size is None or per_minute <= self.max_size


def _cat(rows: list[tuple[int, str, str, int, str]]) -> tuple[Quality, ...]:
    return tuple(
        Quality(id=i, name=n, source=s, resolution=r, modifier=m, weight=w)
        for w, (i, n, s, r, m) in enumerate(rows)
    )


SONARR_QUALITIES = _cat(
    [
        (0, "Unknown", "unknown", 0, ""),
        (1, "SDTV", "tv", 480, ""),
        (12, "WEBRip-480p", "webrip", 480, ""),
        (8, "WEBDL-480p", "webdl", 480, ""),
        (2, "DVD", "dvd", 480, ""),
        (13, "Bluray-480p", "bluray", 480, ""),
        (22, "Bluray-576p", "bluray", 576, ""),
        (4, "HDTV-720p", "tv", 720, ""),
        (9, "HDTV-1080p", "tv", 1080, ""),
        (10, "Raw-HD", "tv", 1080, "rawhd"),
        (14, "WEBRip-720p", "webrip", 720, ""),
        (5, "WEBDL-720p", "webdl", 720, ""),
        (6, "Bluray-720p", "bluray", 720, ""),
        (15, "WEBRip-1080p", "webrip", 1080, ""),
        (3, "WEBDL-1080p", "webdl", 1080, ""),
        (7, "Bluray-1080p", "bluray", 1080, ""),
        (20, "Bluray-1080p Remux", "bluray", 1080, "remux"),
        (16, "HDTV-2160p", "tv", 2160, ""),
        (17, "WEBRip-2160p", "webrip", 2160, ""),
        (18, "WEBDL-2160p", "webdl", 2160, ""),
        (19, "Bluray-2160p", "bluray", 2160, ""),
        (21, "Bluray-2160p Remux", "bluray", 2160, "remux"),
    ]
)

RADARR_QUALITIES = _cat(
    [
        (0, "Unknown", "unknown", 0, ""),
        (27, "WORKPRINT", "workprint", 0, ""),
        (24, "CAM", "cam", 0, ""),
        (25, "TELESYNC", "telesync", 0, ""),
        (26, "TELECINE", "telecine", 0, ""),
        (29, "REGIONAL", "regional", 480, ""),
        (28, "DVDSCR", "dvdscr", 480, ""),
        (1, "SDTV", "tv", 480, ""),
        (2, "DVD", "dvd", 0, ""),
        (23, "DVD-R", "dvd", 480, "remux"),
        (8, "WEBDL-480p", "webdl", 480, ""),
        (12, "WEBRip-480p", "webrip", 480, ""),
        (20, "Bluray-480p", "bluray", 480, ""),
        (21, "Bluray-576p", "bluray", 576, ""),
        (4, "HDTV-720p", "tv", 720, ""),
        (5, "WEBDL-720p", "webdl", 720, ""),
        (14, "WEBRip-720p", "webrip", 720, ""),
        (6, "Bluray-720p", "bluray", 720, ""),
        (9, "HDTV-1080p", "tv", 1080, ""),
        (3, "WEBDL-1080p", "webdl", 1080, ""),
        (15, "WEBRip-1080p", "webrip", 1080, ""),
        (7, "Bluray-1080p", "bluray", 1080, ""),
        (30, "Remux-1080p", "bluray", 1080, "remux"),
        (16, "HDTV-2160p", "tv", 2160, ""),
        (18, "WEBDL-2160p", "webdl", 2160, ""),
        (17, "WEBRip-2160p", "webrip", 2160, ""),
        (19, "Bluray-2160p", "bluray", 2160, ""),
        (31, "Remux-2160p", "bluray", 2160, "remux"),
        (22, "BR-DISK", "bluray", 1080, "brdisk"),
        (10, "Raw-HD", "tv", 1080, "rawhd"),
    ]
)

LIDARR_QUALITIES = _cat(
    [
        (0, "Unknown", "unknown", 0, ""),
        (8, "MP3-8", "mp3", 0, ""),
        (9, "MP3-16", "mp3", 0, ""),
        (10, "MP3-24", "mp3", 0, ""),
        (11, "MP3-32", "mp3", 0, ""),
        (12, "MP3-40", "mp3", 0, ""),
        (13, "MP3-48", "mp3", 0, ""),
        (14, "MP3-56", "mp3", 0, ""),
        (15, "MP3-64", "mp3", 0, ""),
        (16, "MP3-80", "mp3", 0, ""),
        (17, "MP3-96", "mp3", 0, ""),
        (18, "MP3-112", "mp3", 0, ""),
        (19, "MP3-128", "mp3", 0, ""),
        (20, "MP3-160", "mp3", 0, ""),
        (1, "MP3-192", "mp3", 0, ""),
        (5, "MP3-224", "mp3", 0, ""),
        (27, "MP3-VBR-V2", "mp3", 0, ""),
        (3, "MP3-256", "mp3", 0, ""),
        (2, "MP3-VBR-V0", "mp3", 0, ""),
        (4, "MP3-320", "mp3", 0, ""),
        (22, "AAC-192", "aac", 0, ""),
        (23, "AAC-256", "aac", 0, ""),
        (24, "AAC-320", "aac", 0, ""),
        (25, "AAC-VBR", "aac", 0, ""),
        (30, "OGG Vorbis Q6", "vorbis", 0, ""),
        (31, "OGG Vorbis Q7", "vorbis", 0, ""),
        (32, "OGG Vorbis Q8", "vorbis", 0, ""),
        (33, "OGG Vorbis Q9", "vorbis", 0, ""),
        (34, "OGG Vorbis Q10", "vorbis", 0, ""),
        (35, "WMA", "wma", 0, ""),
        (36, "WAV", "wav", 0, ""),
        (26, "WavPack", "wavpack", 0, ""),
        (28, "APE", "ape", 0, ""),
        (7, "ALAC", "alac", 0, ""),
        (6, "FLAC", "flac", 0, ""),
        (21, "FLAC 24bit", "flac", 0, ""),
    ]
)

CATALOGUES: dict[AppName, tuple[Quality, ...]] = {
    "sonarr": SONARR_QUALITIES,
    "radarr": RADARR_QUALITIES,
    "lidarr": LIDARR_QUALITIES,
}


def catalogue(app: AppName) -> tuple[Quality, ...]:
    """All qualities of ``app`` in default preference order (worst first)."""
    return CATALOGUES[app]


def by_name(app: AppName, name: str) -> Quality:
    """The quality named ``name`` in ``app``'s catalogue (Unknown when absent)."""
    for q in CATALOGUES[app]:
        if q.name == name:
            return q
    return CATALOGUES[app][0]


def by_id(app: AppName, quality_id: int) -> Quality:
    """The quality with id ``quality_id`` (KeyError when absent)."""
    for q in CATALOGUES[app]:
        if q.id == quality_id:
            return q
    raise KeyError(quality_id)


def _default_limits(q: Quality) -> tuple[float, float | None, float | None]:
    """Default (min, preferred, max) MB/min: generous bounds that grow with resolution."""
    if q.source == "unknown":
        return 0.0, None, None
    if q.modifier in ("remux", "brdisk"):
        return 35.0, None, None
    video = {
        0: (0.0, 20.0, 100.0),
        480: (2.0, 20.0, 100.0),
        576: (2.0, 25.0, 100.0),
        720: (3.0, 30.0, 130.0),
        1080: (4.0, 50.0, 200.0),
        2160: (35.0, 200.0, 400.0),
    }
    if q.source in ("flac", "alac", "ape", "wavpack", "wav", "mp3", "aac", "vorbis", "wma"):
        return 0.0, None, None
    low, pref, high = video.get(q.resolution, (0.0, None, None))
    return low, pref, high


def default_definitions(app: AppName) -> tuple[QualityDefinition, ...]:
    """One definition per quality with the default size limits."""
    out = []
    for q in CATALOGUES[app]:
        low, pref, high = _default_limits(q)
        out.append(QualityDefinition(q, q.name, low, pref, high))
    return tuple(out)
