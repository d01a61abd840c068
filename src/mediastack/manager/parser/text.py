"""Pre-cleaning of release names and normalisation of titles for matching.

Everything here is pure string work on module-level precompiled patterns. The
patterns avoid nested quantifiers so that their run time stays linear in the
input length whatever the input (see the adversarial property tests).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Full-width forms used by Chinese/Japanese release names; the apps replace a
# few of them before parsing so that brackets and digits look like ASCII ones.
_FULLWIDTH = str.maketrans(
    {
        "【": "[",
        "】": "]",
        "（": "(",
        "）": ")",
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)

VIDEO_EXTENSIONS = frozenset(
    [
        "mkv",
        "mp4",
        "avi",
        "m4v",
        "wmv",
        "mov",
        "ts",
        "m2ts",
        "mpg",
        "mpeg",
        "divx",
        "xvid",
        "webm",
        "flv",
        "ogm",
        "iso",
        "img",
        "vob",
        "3gp",
        "rmvb",
        "rm",
        "asf",
        "f4v",
        "mk3d",
        "strm",
    ]
)
AUDIO_EXTENSIONS = frozenset(
    ["flac", "mp3", "m4a", "aac", "ogg", "opus", "wav", "ape", "wv", "alac", "aiff", "m4b", "mka"]
)
_ALL_EXTENSIONS = VIDEO_EXTENSIONS | AUDIO_EXTENSIONS
_EXT_RE = re.compile(r"\.([A-Za-z0-9]{2,5})$")

_PATH_SPLIT_RE = re.compile(r"[\\/]")
_DIR_HINT_RE = re.compile(r"(?:^|/)(?:Season[ ._]?\d{1,4}|Specials|Saison[ ._]?\d{1,4})$", re.I)
_DRIVE_RE = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\|/[^/ ]+/)")

_SITE_PREFIX_RES = (
    re.compile(r"^\[\s*www\.[^\]]{1,80}\]\s*-?\s*", re.IGNORECASE),
    re.compile(r"^(?:www\.)[A-Za-z0-9-]{1,60}\.[A-Za-z]{2,6}\s+-\s+", re.IGNORECASE),
    re.compile(r"^\[[^\]\[]{0,60}?www\.[^\]\[]{1,60}\]\s*", re.IGNORECASE),
    re.compile(r"^\[[A-Za-z0-9-]{1,40}\.(?:pl|com|org|net|ru|to|tv|me)\]\s*", re.IGNORECASE),
)
_SITE_SUFFIX_RE = re.compile(
    r"\s*-?\s*[\[(](?:www\.)?[A-Za-z0-9-]{1,40}\.(?:com|org|net|tv|to|me|info)[\])]\s*$"
    r"|\s*-?\[(?:eztv|ettv|rartv|rarbg|publichd|tjet|vtv|ettv)[^\]]{0,20}\]\s*$",
    re.IGNORECASE,
)
_HASH_SUFFIX_RE = re.compile(r"\s*[\[(]([0-9A-F]{8})[\])]\s*$")
_HASH_ANY_RE = re.compile(r"[\[(]([0-9A-F]{8})[\])]")

_WS_RE = re.compile(r"\s+")
_SEP_RE = re.compile(r"[._]+")
_EDGE_RE = re.compile(r"^[\s\-~|/:,._]+|[\s\-~|/,._\[({]+$")
_ACRONYM_RE = re.compile(r"(?<![A-Za-z0-9])((?:[A-Za-z]\.){2,})(?=[A-Za-z0-9]|$)")
_NON_ALNUM_RE = re.compile(r"[^0-9a-z]+")
_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+|\s+(?:the|a|an|and|or|of)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A name with path, extension, site decorations and hash taken apart."""

    text: str
    full: str
    extension: str
    release_hash: str
    parents: tuple[str, ...]


def is_path(title: str, input_kind: str) -> bool:
    """Tell whether the string is a file path rather than a post title."""
    if input_kind == "path":
        return True
    if "\\" in title or _DRIVE_RE.match(title):
        return True
    if "/" not in title or " / " in title:
        return False
    head, _, tail = title.rpartition("/")
    return bool(_EXT_RE.search(tail) or _DIR_HINT_RE.search(head))


def preclean(title: str, input_kind: str = "title") -> Cleaned:
    """Strip what is never part of the name itself, keeping it for later use."""
    text = (title if title.isascii() else title.translate(_FULLWIDTH)).strip()
    full = text
    parents: tuple[str, ...] = ()
    if is_path(text, input_kind):
        parts = [p for p in _PATH_SPLIT_RE.split(text) if p]
        if parts:
            text = parts[-1]
            parents = tuple(reversed(parts[:-1]))
    extension = ""
    m = _EXT_RE.search(text) if "." in text[-7:] else None  # "$" allows a final newline
    if m and m.group(1).lower() in _ALL_EXTENSIONS:
        extension = m.group(1).lower()
        text = text[: m.start()]
    if text[:1] == "[" or text[:4].lower() == "www.":
        for rx in _SITE_PREFIX_RES:
            text = rx.sub("", text, count=1)
    for _ in range(3):
        if text.rstrip()[-1:] not in ("]", ")"):
            break
        new = _SITE_SUFFIX_RE.sub("", text)
        if new == text:
            break
        text = new
    release_hash = ""
    hm = None
    if "[" in text or "(" in text:
        hm = _HASH_SUFFIX_RE.search(text) or _HASH_ANY_RE.search(text)
    if hm is not None and not hm.group(1).isdigit():
        release_hash = hm.group(1)
    return Cleaned(text.strip(), full, extension, release_hash, parents)


def clean_title(raw: str, *, keep_acronyms: bool = False) -> str:
    """Turn a title as written in a release name into a readable title.

    Dots and underscores are word separators in scene names; acronyms such as
    ``R.I.P.D.`` keep their dots when ``keep_acronyms`` is set (Radarr does so).
    """
    if keep_acronyms:
        pieces: list[str] = []
        last = 0
        for m in _ACRONYM_RE.finditer(raw):
            pieces.append(_SEP_RE.sub(" ", raw[last : m.start()]))
            pieces.append(m.group(1).replace(".", "\x01") + " ")
            last = m.end()
        pieces.append(_SEP_RE.sub(" ", raw[last:]))
        text = "".join(pieces)
    else:
        text = _SEP_RE.sub(" ", raw)
    text = _WS_RE.sub(" ", text)
    return _EDGE_RE.sub("", text).replace("\x01", ".")


@lru_cache(maxsize=8192)
def normalize_title(title: str) -> str:
    """Matching form of a title: lowercase ASCII letters and digits, no articles.

    Cached: matching a feed normalizes the same few thousand series titles over and
    over (each release's title, its title without the year, the library's titles)."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ")
    text = _ARTICLE_RE.sub(" ", f" {text} ").strip()
    text = _ARTICLE_RE.sub(" ", f" {text} ").strip()
    normalized = _NON_ALNUM_RE.sub("", text)
    return normalized or _NON_ALNUM_RE.sub("", title.lower()) or title.strip().lower()
