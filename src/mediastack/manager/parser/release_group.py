"""Release-group detection.

Scene names end in ``-GROUP``; anime names start with ``[Group]``; encoder names
in the "(1080p BluRay x265 Group)" style end a parenthesised block; some
trackers append their own tag (``[TAoE]``, ``QxR``) after it. Indexers and
re-posters append noise (``-postbot``, ``-NZBgeek``, ``-1``) that is removed
first. A candidate is refused when it is a technical word (a codec, a source, a
resolution): "HDTV-720p" names a quality, not a group.
"""

from __future__ import annotations

import re

from mediastack.manager.parser.model import App

_I = re.IGNORECASE
_PIECE_SPLIT_RE = re.compile(r"[ .\-_]")
_SXXEXX_RE = re.compile(r"[sS]\d{1,4}[eE]\d{1,4}")
_RES_TOKEN_RE = re.compile(r"\d{3,4}[pi]", _I)
_GROUPISH_RE = re.compile(r"[^\s\[\](){}]{1,40}")
_LIDARR_TRACKER_RE = re.compile(r"\s*\[?(?:QxR|TAoE)\]?\s*$")
_DASH_DOT_SPLIT_RE = re.compile(r"[-.]")
_TRAILING_PAREN_RE = re.compile(r"\s*\([^()]*\)\s*$")
_BITS_RE = re.compile(r"\d{1,2}-?bits?", _I)
#: re-posters' and indexers' suffixes ("-postbot", "-NZBgeek", "-1"), and "rakuv..." ones
_JUNK_WORDS = frozenset(
    (
        "postbot", "xpost", "obfuscated", "obfuscation", "scrambled", "asrequested",
        "alternativetorequested", "gerov", "z0ids3n", "whiterev", "buymore", "chamele0n", "4p",
        "4planet", "nzbgeek", "altezachen", "repackpost", "sample", "pre", "rp", "1", "english",
    )
)  # fmt: skip
_JUNK_SUFFIX_RE = re.compile(
    r"[-_. ](?:rakuv[a-z0-9]*|" + "|".join(sorted(_JUNK_WORDS)) + r")$",
    _I,
)
_HASH_RE = re.compile(r"\s*[\[(][0-9A-Fa-f]{8}[\])]\s*$")
_TRAILING_BRACKET_RE = re.compile(r"(?P<dash>-)?\[(?P<c>[^\[\]]{1,60})\]\s*$")
_SOFTSUBS_RE = re.compile(r"\[Softsubs?\s*\((?P<g>[^()\[\]]{1,40})\)?\]?\s*$", _I)
_LEADING_BRACKET_RE = re.compile(r"^\s*\[([^\[\]]{1,60})\]")
_PAREN_TAIL_RE = re.compile(r"\((?P<c>[^()]{3,200})(?P<close>\))?\s*$")
_TRACKER_TAGS = ("TAoE", "QxR")
_BARE_TRACKER_RE = re.compile(r"[)\]]\s*(QxR|TAoE)\s*$")
_FAKE_RE = re.compile(r"fake$", _I)
_INNER_TAG_RE = re.compile(r"\[(?P<g>[^\[\]]{2,20})\]$")

_TECH_RE = re.compile(
    r"^(?:[xh]\.?26[3-6]|26[3-6]|hevc|avc|xvid|divx|x-?vid|\d{1,2}-?bits?|bits?|hi10p?|mp4|mkv|avi|"
    r"aac(?:\d(?:\.\d)?)?|ac3|e-?ac3|eac3|dts(?:-?(?:hd|es|x|ma))?|ma|hd|dd(?:p|\+)?\d?(?:\.\d)?|"
    r"ddp|dd\+|truehd|atmos|flac(?:\d\.\d)?|opus|mp3|lpcm\d?(?:\.\d)?|\d(?:\.\d)?|\d+ch|"
    r"web|dl|web-?dl|webdl|web-?rip|webrip|hdtv|htdv|pdtv|sdtv|tv|blu-?ray|bluray|remux|bdrip|"
    r"brrip|dvdrip|dvd|hdr(?:10)?(?:\+|plus)?|dv|dovi|sdr|uhd|\d{3,4}[pi]|4k|proper|repack|"
    r"internal|subs?|multi|dual|audio|dubbed|hybrid|amzn|nf|dsnp|hmax|atvp|cr|bd|complete|"
    r"vostfr|vff|truefrench|french|german|ita|eng|english|spanish|castellano|latino|"
    r"h|dd5|mpeg-?2|vc-?1|ws|nlsub|nlsubs|mkvonly|batch|end|fin|rip|v\d|s\d+|e\d+|s\d+e\d+|"
    r"ogg|vorbis|alac|ape|wav|wma|wavpack|m4a|lossless|kbps|\d{3}kbps|cd|vinyl|mp3-?\d{3})$",
    _I,
)
_RADARR_TRAILING_WORD_RE = re.compile(
    r"(?<=[ .])(?P<prev>[A-Za-z0-9\-+]{1,10})[ .](?P<g>[A-Za-z][A-Za-z0-9]{1,20})$"
)
_MIXED_CASE_RE = re.compile(r"(?=.*[a-z])(?=.*[A-Z])")
_WORD_RE = re.compile(r"[A-Za-z0-9]")
_SPLIT_RE = re.compile(r"[ .]")
_VERSION_TAG_RE = re.compile(r"v\d", _I)
_ID_TAG_RE = re.compile(r"\s*[\[{](?:imdb|tmdb|tvdb)(?:id)?-[^\]}]{1,20}[\]}]", _I)
_EPISODE_TOKEN_RE = re.compile(r"[sS]\d{1,4}(?:[eE]\d{1,4})?|[eE]\d{1,4}|\d{1,2}x\d{1,3}")


def _is_tech(token: str) -> bool:
    """Whether a token is technical (codec, source, audio, language tag...)."""
    return bool(_TECH_RE.match(token))


def _may_end_in_junk(text: str) -> bool:
    """Whether the last word could be a re-poster suffix: the suffix pattern tries its
    words at every separator otherwise. Non-ASCII words are left to the pattern (its
    case folding goes beyond ``lower()``)."""
    cut = max(text.rfind("-"), text.rfind("_"), text.rfind("."), text.rfind(" "))
    if cut < 0:
        return False
    word = text[cut + 1 :].removesuffix("\n")  # "$" also matches before a final newline
    if not word.isascii():
        return True
    word = word.lower()
    return word in _JUNK_WORDS or word.startswith("rakuv")


def _strip_noise(text: str) -> str:
    """Remove hashes and re-poster suffixes ("-postbot", "-NZBgeek", "-1")."""
    for _ in range(6):
        new = _HASH_RE.sub("", text) if text.rstrip()[-1:] in ("]", ")") else text
        if _may_end_in_junk(new):
            new = _JUNK_SUFFIX_RE.sub("", new)
        new = new.rstrip(" .")
        if new.endswith("-") and not new.endswith(" -"):
            new = new[:-1]
        if new == text:
            break
        text = new
    return text


def _dash_group(text: str) -> str | None:
    """Group after the last hyphen, extended over hyphenated group names."""
    idx = text.rfind("-")
    if idx < 0 or idx == len(text) - 1:
        return None
    tail = text[idx + 1 :]
    before = text[:idx]
    if "[" in tail or "]" in tail or "(" in tail or ")" in tail or "{" in tail or "}" in tail:
        return None
    if tail.startswith(" ") or before.endswith(" "):
        # "x264 - YIFY" / "English -BEN THE MEN": one to three words after technical ones.
        words = tail.strip().split()
        spaced = before.rstrip(" .").rsplit(" ", 1)[-1]
        prev_ok = spaced[-1:] == ")" or any(
            _is_tech(p) and not _EPISODE_TOKEN_RE.fullmatch(p) and not p.isdigit()
            for p in (spaced, spaced.rsplit(".", 1)[-1])
        )
        if not words or len(words) > 3 or not prev_ok:
            return None
        if any(_is_tech(w) or _EPISODE_TOKEN_RE.fullmatch(w) for w in words):
            return None
        if _FAKE_RE.search(words[-1]) or words[-1].isdigit():
            return None
        return " ".join(words)
    if " " in tail:
        words = tail.split()
        prev = _SPLIT_RE.split(before)[-1]
        if len(words) > 3 or any(_is_tech(w) for w in words):
            return None
        if not _is_tech(prev):
            return None
        return tail
    if "." in tail:
        parts = tail.split(".")
        if any(_is_tech(p) or not p for p in parts):
            return None
    # Extend over "D-Z0N3", "Erai-raws", "Fight-BB": the piece before the hyphen is part
    # of the group when it is not a technical word and is delimited by '.' or '-'.
    cut = max(before.rfind(c) for c in ".- _]")
    piece = before[cut + 1 :]
    delim = before[cut : cut + 1] if cut >= 0 else ""
    candidate = tail
    if piece and delim in (".", "-") and not _is_tech(piece) and not piece.isdigit():
        left = before[:cut]
        left_tok = _PIECE_SPLIT_RE.split(left)[-1] if left else ""
        if (_is_tech(left_tok) or left_tok == "") and not _SXXEXX_RE.fullmatch(piece):
            candidate = f"{piece}-{tail}"
    if candidate == tail and _is_tech(tail):
        return None
    if tail.isdigit() and before[-1:].isdigit():
        return None  # "24-96" is a bit depth and sample rate
    if _EPISODE_TOKEN_RE.fullmatch(_PIECE_SPLIT_RE.split(before)[-1]):
        return None  # "Title-1x01-Episode Name": a title follows the episode number
    if candidate != tail and _RES_TOKEN_RE.fullmatch(tail):
        return None
    if not _WORD_RE.search(candidate) or _FAKE_RE.search(candidate):
        return None
    if _SXXEXX_RE.fullmatch(candidate):
        return None
    return candidate


def _paren_group(text: str, app: App) -> tuple[str | None, bool]:
    """Group at the end of a trailing "(...)" block; second value: block seen."""
    m = _PAREN_TAIL_RE.search(text)
    if m is None:
        return None, False
    content = m.group("c").strip()
    words = content.replace(" - ", " ").split()
    if not any(_is_tech(w) for w in _SPLIT_RE.split(content)):
        return None, False
    if words[-1] in _TRACKER_TAGS and app != "lidarr":
        return words[-1], True
    if len(words) == 1 or " -" in content or "- " in content:
        inner = _INNER_TAG_RE.search(content)
        if inner is not None and app != "lidarr":
            return inner.group("g"), True
        if inner is not None:
            content = content[: inner.start()]
        return _dash_group(content), True
    last = words[-1]
    if last in _TRACKER_TAGS and app != "lidarr":
        return last, True
    if "-" in last and _is_tech(last.rsplit("-", 1)[0].split(".")[-1]):
        last = last.rsplit("-", 1)[1]
    inner = _INNER_TAG_RE.search(last)
    if inner is not None:
        last = inner.group("g")
    if _is_tech(last) or _FAKE_RE.search(last) or not _GROUPISH_RE.fullmatch(last):
        return None, True
    return last, True


def parse_release_group(text: str, app: App = "sonarr") -> str | None:
    """Return the release group of a cleaned name (no extension), or None."""
    # The bracket patterns run only when their bracket is there: this runs for every
    # release of an RSS sync.
    if "[" in text or "{" in text:
        text = _ID_TAG_RE.sub("", text)
    text = _strip_noise(text.strip())
    if not text:
        return None
    lead = _LEADING_BRACKET_RE.match(text)
    if lead is not None:
        cand = lead.group(1).strip()
        if cand and not _is_tech(cand) and not cand.isdigit() and "www." not in cand.lower():
            return cand
    if app == "lidarr":
        text = _LIDARR_TRACKER_RE.sub("", text)
    bare = _BARE_TRACKER_RE.search(text) if "QxR" in text or "TAoE" in text else None
    if bare is not None:
        return bare.group(1)
    soft = _SOFTSUBS_RE.search(text) if "[" in text else None
    if soft is not None:
        return soft.group("g").strip()
    tm = _TRAILING_BRACKET_RE.search(text) if text.rstrip()[-1:] == "]" else None
    if tm is not None:
        cand = tm.group("c").strip()
        if tm.group("dash"):
            return cand
        if " " in cand:
            words = cand.split()
            if len(words) > 2 and any(_is_tech(w) for w in words[:-1]) and not _is_tech(words[-1]):
                return words[-1]
            return None
        parts = _DASH_DOT_SPLIT_RE.split(cand)
        if cand.startswith(("www.", "Cap.")) or cand.isdigit() or _EPISODE_TOKEN_RE.fullmatch(cand):
            return None
        if not any(_is_tech(p) for p in parts):
            return cand
        if _VERSION_TAG_RE.fullmatch(cand):
            return None  # "-Group [v2]": a re-release tag ends the name, no group to trust
        # A technical tag after the group ("-2HD [AC3]"): look before it.
        text = text[: tm.start()].rstrip()
    if app != "lidarr":
        for tag in _TRACKER_TAGS:
            if text.endswith((" " + tag, "." + tag)):
                return tag
    paren, seen = _paren_group(text, app)
    if paren is not None or seen:
        return paren
    if text.endswith(")"):
        if "(" not in text:
            # A stray closing parenthesis: "...x265.10bit.Group)".
            last = _SPLIT_RE.split(text[:-1])[-1]
            return last if last and not _is_tech(last) else None
        # A trailing "(note, no tech words)" hides a scene group before it.
        stripped = _TRAILING_PAREN_RE.sub("", text)
        return _dash_group(stripped) if stripped != text else None
    group = _dash_group(text)
    if group is None and app == "radarr":
        group = _radarr_trailing_word(text)
    return group


def _radarr_trailing_word(text: str) -> str | None:
    """Radarr also takes a mixed-case word after a codec/audio tag ("x265 TMd")."""
    rm = _RADARR_TRAILING_WORD_RE.search(text)
    if rm is None:
        return None
    prev, word = rm.group("prev"), rm.group("g")
    if not _is_tech(prev) or _BITS_RE.fullmatch(prev) or _is_tech(word):
        return None
    return word if _MIXED_CASE_RE.match(word) else None
