"""Quality detection: source, resolution, modifier and revision of a release.

The detection looks for independent facts (which source words, which
resolution, which codec, is it a remux, ...) with a handful of precompiled
patterns, then derives the app's quality name from those facts. The apps name
qualities differently (Sonarr has ``Raw-HD`` and ``SDTV``, Radarr has
``Remux-1080p`` and ``BR-DISK``, Lidarr has audio formats), so the naming is a
separate step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mediastack.manager.parser.model import App, QualityModel, Revision

_B = r"(?<![A-Za-z0-9])"  # left word boundary where '_' and '.' count as separators
_E = r"(?![A-Za-z0-9])"
_I = re.IGNORECASE
_BLURAY_WORD_RE = re.compile(r"blu[ .-]?ray", _I)
_BDRIP_RE = re.compile(r"b[dr][ .-]?rip", _I)
_HDTV_720_HINT_RE = re.compile(r"\[HDTV\]|hd[ .]tv", _I)
_TR24_RE = re.compile(r"\[TR24\]", _I)


def _rx(body: str, flags: int = _I, first: str = "") -> re.Pattern[str]:
    """Compile ``body`` between separator boundaries, case-insensitive by default.

    ``first``: the characters every alternative of ``body`` starts with; a lookahead on
    them turns other positions away before the alternatives are tried one by one.
    """
    ahead = f"(?=[{first}])" if first else ""
    return re.compile(ahead + _B + "(?:" + body + ")" + _E, flags)


# --- sources -----------------------------------------------------------------
_BLURAY_RE = _rx(
    r"blu[ .-]?ray(?:rip)?|bluray\d{3,4}p|b[dr][ .-]?rip|bdlight|bdmux|bd(?:iso|full)|"
    r"uhd[ .-]?bd(?:rip)?|m?bluray|bd[ .-]?(?:25|50|66|100)|uhdbdrip|hd[ .-]?dvd(?:rip)?|"
    r"bd(?=\d{3,4}p)|bdremux|uhdremux|bd\d{3,4}p",
    first="bumh",
)
_BD_WEAK_RE = re.compile(r"(?:^|(?<=[ .\[(_]))BD(?=[ .\])_]|$)", _I)
_BRDISK_RE = _rx(
    r"bd[ .-]?(?:25|50|66|100)|bdiso|bd[ .-]?full|blu[ .-]?ray[ .-]?iso|iso|untouched|"
    r"complete[ .-](?:uhd[ .-])?blu[ .-]?ray|blu[ .-]?ray[ .-]complete"
)
_HDDVD_RE = _rx(r"hd[ .-]?dvd")
_BRDISK_CODEC_RE = _rx(r"avc|vc-?1|mpeg-?2|hevc")
_ENCODER_RE = _rx(r"[xh][ .]?26[456]|xvid|divx|hevc[ .]x265|10bit|10-bit|hi10p?")
_X26X_RE = _rx(r"[xh][ .]?26[4-6]|xvid|divx")
_SD_CODEC_RE = _rx(r"x-?vid|divx")
_WEBDL_RE = _rx(
    r"web[ .-]?dl(?!rip)|webhd|web[ .-]?dlmux|(?:amazon|netflix|maxdome|hbomax|disney|itunes|"
    r"appletv|hulu)hd|itunes|web[ .-]?hd",
    first="wanmhdi",
)
_WEBRIP_RE = _rx(r"web[ .-]?rip|webmux|web[ .-]?dl[ .-]?rip|web[ .-]?cap", first="w")
_WEB_RE = re.compile(r"(?=W)" + _B + r"WEB" + _E)
_WEB_LOWER_RE = _rx(r"web")
_WEB_BRACKET_RE = re.compile(r"[\[(]web[\])\s]", _I)
_HDTV_RE = _rx(r"hdtv|hd[ .]tv|tvrip|tv[ .-]rip|hdtvrip|hdrip")
_PDTV_RE = _rx(r"pdtv|sdtv|dsr(?:ip)?|dthrip|dvbrip|satrip|tvrip")
_HR_RE = re.compile(_B + r"HR" + _E)
_DVD_RE = _rx(r"dvd(?:rip)?|dvd[ .-]rip|xvidvd|ntsc|pal|dvd-?r|dvd[59]|2xdvd9|mdvdr|dvdmux|vhsrip")
_DVDR_RE = _rx(r"dvd-?r|dvd[59]|2xdvd9|mdvdr|dvdr\d")
_DVDSCR_RE = _rx(r"dvd[ .-]?scr(?:eener)?|screener|scr|bdscr")
_CAM_RE = _rx(r"cam(?:rip)?|hd[ .-]?cam(?:rip)?|hqcam|newcam|camrip")
_TS_RE = _rx(r"ts|tsrip|hdts|telesynch?|pdvd|hd[ .-]?ts|ts-?rip")
_TC_RE = _rx(r"tc|telecine|hdtc")
_R5_RE = _rx(r"r[56]|regional")
_WORKPRINT_RE = _rx(r"workprint|wp")
_REMUX_RE = re.compile(
    r"(?:^|(?<=[ .\[(_]))(?:bd|uhd|hybrid-|hybrid\.)?remux(?=$|[ .\])_-]|\d)"
    r"|(?:^|(?<=[ .\[(_]))remux-(?=\d)",
    _I,
)
_RAWHD_RE = _rx(r"raw[ .-]?hd|mpeg[ .-]?2")
_I1080_RE = _rx(r"1080i")

# --- resolution --------------------------------------------------------------
_RES_2160_RE = _rx(r"2160[pi]?|4k|uhd|3840x2160|4096x2160|2160p\d{2}|\d{3,4}x2160")
_RES_1080_RE = _rx(
    r"1080[pi]?\d{0,2}|1920x1080|1440[pi]?|(?<!-)fhd|1080p(?:10|60)|bd1080p|bluray1080p|\d{3,4}x1080|"
    r"full[ .-]?hd"
)
_RES_720_RE = _rx(r"720[pi]?\d{0,2}|1280x720|960p|\d{3,4}x720|bluray720p|bd720p")
_RES_576_RE = _rx(r"576[pi]?|\d{3,4}x576")
_RES_480_RE = _rx(r"480[pi]?|848x480|640x480|720x480|\d{3,4}x480|360p|540p|\d{3,4}x360")
# Every form starts with a digit or one of "b", "r", "u", "f": the lookahead turns the
# other positions away before the eight alternatives (each behind a lookbehind) are tried.
_RES_ANY_RE = re.compile(
    r"(?=[\dbruf])(?:"
    + "|".join(
        [
            _B + r"(?P<to>4k[ .]?to[ .]?(?P<to_v>1080|720)p)" + _E,
            r"(?P<embed>(?:BD|Bluray|Remux-?|UHDRemux)(?P<embed_v>2160|1080|720|576|480)p)",
            _B + r"(?P<r1080>" + _RES_1080_RE.pattern[len(_B) :] + ")",
            _B + r"(?P<r720>" + _RES_720_RE.pattern[len(_B) :] + ")",
            _B + r"(?P<r2160>" + _RES_2160_RE.pattern[len(_B) :] + ")",
            _B + r"(?P<r576>" + _RES_576_RE.pattern[len(_B) :] + ")",
            _B + r"(?P<r480>" + _RES_480_RE.pattern[len(_B) :] + ")",
            r"(?<=[ .\[(])(?P<bare>(?P<bare_v>2160|1080|720))(?=[ .\])]|$)",
        ]
    )
    + ")",
    _I,
)
_RES_VALUE = {"r1080": 1080, "r720": 720, "r2160": 2160, "r576": 576, "r480": 480}
_RES_PRIORITY = ("to", "embed", "r1080", "r720", "r2160", "r576", "r480", "bare")

# --- revision ----------------------------------------------------------------
_REPACK_RE = _rx(r"(?:repack|rerip)(\d?)")
_PROPER_ONLY_RE = _rx(r"proper")
_REAL_RE = re.compile(_B + r"REAL" + _E)
_VERSION_RE = re.compile(
    r"(?:(?<=\d)|(?<=\dp)|(?<=\d )|(?<=\dp )|(?<=\[)|(?<=\) ))v([1-9])(?=$|[ .\])_-])|"
    r"(?<=\d)[ .]v([1-9])(?=$|[ .\]_-])",
    _I,
)

# What both version patterns need: a cheap scan before the costly ones.
_V_DIGIT_RE = re.compile(r"[vV][1-9]")
_VERSION_TIGHT_RE = re.compile(r"(?:(?<=\d)|(?<=\[))v([1-9])(?=$|[ .\])_-])()", _I)

# --- audio (Lidarr) ----------------------------------------------------------
_FLAC_RE = _rx(r"flac(?:24|16)?(?:[ .-]?bit)?|lossless|web[ .-]?flac|eac-flac")
_FLAC24_RE = re.compile(
    r"24[ ._-]?bit|24bit|\b24[ ._-](?:44|48|88|96|192)\b|flac24|24[ ._-]?(?:44|48|96|192)"
    r"|\[TR24\]|24BIT",
    _I,
)
_ALAC_RE = _rx(r"alac")
_APE_RE = _rx(r"ape")
_WAVPACK_RE = _rx(r"wavpack|wv")
_WAV_RE = _rx(r"wav|pcm")
_WMA_RE = _rx(r"wma")
_OGG_RE = re.compile(_B + r"(?:ogg(?:[ .-]vorbis)?|vorbis)(?:[ ./-]+q(\d{1,2}))?", _I)
_OGG_Q_RE = re.compile(_B + r"q(\d{1,2})" + _E, _I)
_MP3_RE = _rx(r"mp3|lame")
_AAC_RE = _rx(r"aac|m4a|itunes[ .]plus")
_BITRATE_RE = re.compile(
    r"(?<![0-9.])(?:(320|256|224|192|160|128)(?:[ ._-]?k(?:bps|bit)?s?)?"
    r"|(112|96|80|64|48|32)[ ._-]?k(?:bps|bit)?s?)(?![0-9A-Za-z])",
    _I,
)
_MP3_VBR_RE = re.compile(r"\bV([02])\b|\bVBR\b", _I)
_SCENE_WEB_MUSIC_RE = re.compile(r"-WEB-(?:19|20)\d\d-[A-Za-z0-9]+$", _I)


@dataclass(frozen=True, slots=True)
class _Facts:
    source: str
    resolution: int
    modifier: str


def _resolution(text: str) -> int:
    """Resolution by priority: an explicit conversion ("4Kto1080p"), a resolution
    glued to a source ("BD720p"), then 1080 > 720 > 2160 (UHD is often only the
    source) > 576 > 480, then a bare "1080". One scan collects every candidate."""
    found: dict[str, int] = {}
    for m in _RES_ANY_RE.finditer(text):
        kind = m.lastgroup or ""
        if kind.endswith("_v"):
            kind = kind[:-2]
        if kind not in found:
            value = m.group(kind + "_v") if kind in ("to", "embed", "bare") else None
            found[kind] = int(value) if value else _RES_VALUE[kind]
    for kind in _RES_PRIORITY:
        if kind in found:
            return found[kind]
    return 0


def _revision(text: str, app: App) -> Revision:
    """PROPER/REPACK/RERIP, anime ``v2`` and the count of upper-case REAL tags."""
    # Cheap substring tests guard the patterns: most names carry no revision at all.
    low = text.lower()
    version = 1
    is_repack = False
    m = _REPACK_RE.search(text) if ("repack" in low or "rerip" in low) else None
    if m:
        is_repack = True
        version = int(m.group(1)) + 1 if m.group(1) else 2
    elif "proper" in low and _PROPER_ONLY_RE.search(text):
        version = 2
    if "v" in low and _V_DIGIT_RE.search(text):
        vm = (_VERSION_RE if app != "lidarr" else _VERSION_TIGHT_RE).search(text)
        if vm:
            version = max(version, int(vm.group(1) or vm.group(2)))
    real = len(_REAL_RE.findall(text)) if "REAL" in text else 0
    return Revision(version=version, real=real, is_repack=is_repack)


def _has(low: str, *needles: str) -> bool:
    """Whether any of the lower-case ``needles`` occurs in ``low``."""
    for needle in needles:  # noqa: SIM110 - no generator: this runs a dozen times a name
        if needle in low:
            return True
    return False


def _video_facts(text: str, ext: str, app: App) -> _Facts:
    """Source, resolution and modifier of a video release (before naming)."""
    # Each pattern is only run when a substring it needs occurs in the name.
    low = text.lower()
    res = _resolution(text)
    remux = "remux" in low and bool(_REMUX_RE.search(text))
    has_web = "web" in low
    webdl = _has(low, "web", "hd", "itunes") and bool(_WEBDL_RE.search(text))
    webrip = has_web and bool(_WEBRIP_RE.search(text))
    web = has_web and (
        bool(_WEB_RE.search(text) or _WEB_BRACKET_RE.search(text))
        or (res > 0 and bool(_WEB_LOWER_RE.search(text)))
    )
    bluray = _has(low, "bd", "br", "blu", "dvd") and bool(
        _BLURAY_RE.search(text) or _BD_WEAK_RE.search(text)
    )
    hddvd = "dvd" in low and bool(_HDDVD_RE.search(text))
    hdtv = _has(low, "tv", "hdrip") and bool(_HDTV_RE.search(text))
    pdtv = _has(low, "tv", "dsr", "dth", "dvb", "sat") and bool(_PDTV_RE.search(text))
    dvd = _has(low, "dvd", "ntsc", "pal", "vhs") and bool(_DVD_RE.search(text))
    if app == "radarr":
        if "cam" in low and _CAM_RE.search(text):
            return _Facts("cam", res, "")
        other = bluray or webdl or webrip or hdtv
        if _has(low, "ts", "telesyn", "pdvd") and _TS_RE.search(text) and not other:
            return _Facts("telesync", res, "")
        if _has(low, "tc", "telecine") and _TC_RE.search(text) and not other:
            return _Facts("telecine", res, "")
        if "scr" in low and _DVDSCR_RE.search(text) and not (bluray or webdl or webrip):
            return _Facts("dvdscr", 480, "")
        if _has(low, "r5", "r6", "regional") and _R5_RE.search(text) and not other:
            return _Facts("regional", 480, "")
        if _has(low, "workprint", "wp") and _WORKPRINT_RE.search(text) and not other:
            return _Facts("workprint", res, "")
    if webrip:
        return _Facts("webrip", res, "")
    if webdl:
        return _Facts("webdl", res, "")
    if bluray or hddvd:
        modifier = ""
        if app == "radarr":
            iso = bool(_BRDISK_RE.search(text)) or (
                hddvd and not _X26X_RE.search(text) and "rip" not in text.lower()
            )
            plain_disc = (
                not remux
                and not _ENCODER_RE.search(text)
                and bool(_BRDISK_CODEC_RE.search(text))
                and "rip" not in text.lower()
                and bool(_BLURAY_WORD_RE.search(text))
            )
            if (iso or plain_disc) and not remux and not _X26X_RE.search(text):
                return _Facts(
                    "bluray", 1080 if res in (0, 2160) and not plain_disc else res or 1080, "brdisk"
                )
        if remux:
            if res == 0:
                res = 2160 if _RES_2160_RE.search(text) else 1080
            if res in (1080, 2160):
                modifier = "remux"
        elif res == 0:
            # An SD encode (XviD, BDRip) of a Blu-ray without resolution is 480p.
            res = 480 if _SD_CODEC_RE.search(text) or _BDRIP_RE.search(text) else 720
        return _Facts("bluray", res, modifier)
    if remux and not (hdtv or pdtv or dvd) and not web:
        if res == 0:
            res = 1080
        return _Facts("bluray", res, "remux" if res in (1080, 2160) else "")
    if web:
        return _Facts("webdl", res, "")
    if (
        _has(low, "raw", "mpeg")
        and _RAWHD_RE.search(text)
        and (_I1080_RE.search(text) or "raw" in low)
    ):
        return _Facts("tv", 1080, "rawhd")
    if hdtv or pdtv:
        if res == 0:
            if (
                _HR_RE.search(text)
                or _HDTV_720_HINT_RE.search(text)
                or (ext in ("mkv",) and not _X26X_RE.search(text))
            ):
                res = 720
            else:
                res = 480
        return _Facts("tv", res, "")
    if dvd:
        if app == "radarr" and _DVDR_RE.search(text):
            return _Facts("dvd", 480, "remux")
        return _Facts("dvd", 480 if app == "sonarr" else res, "")
    if res:
        return _Facts("tv", res, "")
    if _X26X_RE.search(text):
        return _Facts("tv", 480, "")
    if ext in ("avi", "divx", "xvid", "wmv", "mpg", "mpeg"):
        return _Facts("tv", 480, "")
    if ext in ("mkv", "mp4", "m4v"):
        return _Facts("tv", 720, "")
    if ext == "m2ts":
        return _Facts("bluray", 720, "")
    return _Facts("unknown", 0, "")


_SONARR_NAMES = {
    ("tv", 480): "SDTV",
    ("tv", 576): "SDTV",
    ("tv", 720): "HDTV-720p",
    ("tv", 1080): "HDTV-1080p",
    ("tv", 2160): "HDTV-2160p",
    ("webdl", 480): "WEBDL-480p",
    ("webdl", 576): "WEBDL-480p",
    ("webdl", 720): "WEBDL-720p",
    ("webdl", 1080): "WEBDL-1080p",
    ("webdl", 2160): "WEBDL-2160p",
    ("webrip", 480): "WEBRip-480p",
    ("webrip", 576): "WEBRip-480p",
    ("webrip", 720): "WEBRip-720p",
    ("webrip", 1080): "WEBRip-1080p",
    ("webrip", 2160): "WEBRip-2160p",
    ("bluray", 480): "Bluray-480p",
    ("bluray", 576): "Bluray-576p",
    ("bluray", 720): "Bluray-720p",
    ("bluray", 1080): "Bluray-1080p",
    ("bluray", 2160): "Bluray-2160p",
    ("dvd", 480): "DVD",
    ("dvd", 576): "DVD",
}

_RADARR_SOURCE_NAMES = {
    "cam": "CAM",
    "telesync": "TELESYNC",
    "telecine": "TELECINE",
    "dvdscr": "DVDSCR",
    "regional": "REGIONAL",
    "workprint": "WORKPRINT",
}


def _sonarr_name(f: _Facts) -> tuple[str, int]:
    """Sonarr's quality name (SD sources collapse to SDTV/DVD, web defaults)."""
    if f.source == "unknown":
        return "Unknown", 0
    if f.modifier == "rawhd":
        return "Raw-HD", 1080
    res = f.resolution
    if f.source == "webdl" and res == 0:
        res = 720
    if f.source == "webrip" and res == 0:
        res = 480
    if f.source == "dvd":
        return "DVD", 480
    if f.source == "tv" and res in (0, 480, 576):
        return "SDTV", 480
    name = _SONARR_NAMES.get((f.source, res), "Unknown")
    if f.modifier == "remux" and f.source == "bluray" and res in (1080, 2160):
        name += " Remux"
    return name, res


def _radarr_name(f: _Facts) -> tuple[str, int]:
    """Radarr's quality name (pre-release sources, BR-DISK, Remux-*)."""
    if f.source in _RADARR_SOURCE_NAMES:
        return _RADARR_SOURCE_NAMES[f.source], f.resolution
    if f.source == "unknown":
        return "Unknown", f.resolution
    if f.modifier == "brdisk":
        return "BR-DISK", f.resolution or 1080
    if f.modifier == "rawhd":
        return "Raw-HD", 1080
    if f.modifier == "remux" and f.source == "bluray":
        return f"Remux-{f.resolution}p", f.resolution
    if f.modifier == "remux" and f.source == "dvd":
        return "DVD-R", 480
    if f.source == "dvd":
        return "DVD", f.resolution
    res = f.resolution
    if res == 0 and f.source == "webdl":
        res = 720
    elif res == 0 and f.source == "webrip":
        res = 480
    prefix = {"tv": "HDTV", "webdl": "WEBDL", "webrip": "WEBRip", "bluray": "Bluray"}[f.source]
    if f.source == "tv" and res in (0, 480, 576):
        return "SDTV", res
    if res == 0:
        return f"{prefix}-480p" if f.source != "tv" else "SDTV", res
    return f"{prefix}-{res}p", res


def _music_quality(text: str) -> tuple[str, str]:
    """Lidarr audio quality: lossless formats first, then bitrate and codec."""
    if _FLAC_RE.search(text):
        return ("FLAC 24bit", "flac") if _FLAC24_RE.search(text) else ("FLAC", "flac")
    if _TR24_RE.search(text):
        return "FLAC 24bit", "flac"
    if _ALAC_RE.search(text):
        return "ALAC", "alac"
    if _APE_RE.search(text):
        return "APE", "ape"
    if _WAVPACK_RE.search(text):
        return "WavPack", "wavpack"
    if _WAV_RE.search(text):
        return "WAV", "wav"
    if _WMA_RE.search(text):
        return "WMA", "wma"
    om = _OGG_RE.search(text)
    if om:
        q = om.group(1)
        if q is None:
            qm = _OGG_Q_RE.search(text)
            q = qm.group(1) if qm else None
        return (f"OGG Vorbis Q{q}" if q else "OGG Vorbis Q6"), "vorbis"
    is_aac = bool(_AAC_RE.search(text))
    bm = _BITRATE_RE.search(text)
    if is_aac:
        rate = (bm.group(1) or bm.group(2)) if bm else "256"
        return f"AAC-{rate}", "aac"
    vbr = _MP3_VBR_RE.search(text)
    if vbr and _MP3_RE.search(text):
        if vbr.group(1) == "2":
            return "MP3-VBR-V2", "mp3"
        return "MP3-VBR-V0", "mp3"
    if bm:
        return f"MP3-{bm.group(1) or bm.group(2)}", "mp3"
    if _SCENE_WEB_MUSIC_RE.search(text):
        return "MP3-320", "mp3"
    return "Unknown", "unknown"


def parse_quality(text: str, extension: str = "", app: App = "sonarr") -> QualityModel:
    """Detect the quality of ``text`` (a cleaned name or a whole path) for ``app``."""
    text = text.replace("_", " ")  # underscores separate words like dots and spaces
    revision = _revision(text, app)
    if app == "lidarr":
        name, source = _music_quality(text)
        return QualityModel(name=name, source=source, resolution=0, revision=revision)
    facts = _video_facts(text, extension, app)
    if app == "sonarr":
        name, res = _sonarr_name(facts)
        modifier = facts.modifier if facts.modifier in ("remux", "rawhd") else ""
        return QualityModel(name, facts.source, res, modifier, revision)
    name, res = _radarr_name(facts)
    return QualityModel(name, facts.source, res, facts.modifier, revision)
