"""Audio-language detection from the tags that follow the title.

Languages are only looked for after the title (the caller passes the tail of the
name), because words such as "German" or "Italian" are common in titles. Short
codes (``ITA``, ``FR``, ``KA``) are riskier than names, so they only count in the
tail and never when they introduce subtitles (``Ger.Eng.Sub``).
"""

from __future__ import annotations

import re

# Names (full words, any case) -> language.
_NAMES: dict[str, str] = {}
for _lang, _words in {
    "english": "english inglés ingles inglês anglais",
    "french": "french français francais truefrench vff vfq vf2 vfi vf",
    "spanish": "spanish español espanol castellano castillan",
    "german": "german deutsch swissgerman",
    "italian": "italian italiano",
    "danish": "danish dansk",
    "dutch": "dutch nederlands",
    "flemish": "flemish",
    "japanese": "japanese",
    "icelandic": "icelandic",
    "chinese": "chinese mandarin cantonese",
    "russian": "russian",
    "polish": "polish dubpl pldub pllek lekpl",
    "vietnamese": "vietnamese",
    "swedish": "swedish",
    "norwegian": "norwegian",
    "finnish": "finnish",
    "turkish": "turkish",
    "portuguese": "portuguese",
    "hungarian": "hungarian",
    "greek": "greek",
    "korean": "korean",
    "hebrew": "hebrew",
    "lithuanian": "lithuanian",
    "czech": "czech",
    "arabic": "arabic",
    "hindi": "hindi",
    "bulgarian": "bulgarian bgaudio",
    "malayalam": "malayalam",
    "ukrainian": "ukrainian",
    "slovak": "slovak",
    "thai": "thai",
    "portuguese brazil": "dublado brazilian",
    "spanish latino": "latino",
    "romanian": "romanian",
    "latvian": "latvian",
    "persian": "persian farsi",
    "bengali": "bengali",
    "catalan": "catalan catalán català catala",
    "tamil": "tamil",
    "telugu": "telugu",
    "marathi": "marathi",
    "urdu": "urdu",
    "tagalog": "tagalog filipino",
    "albanian": "albanian",
    "afrikaans": "afrikaans",
    "georgian": "georgian",
    "romansh": "romansh romansch rumantsch",
    "mongolian": "mongolian khalkha",
    "azerbaijani": "azerbaijani azerbaijan",
    "uzbek": "uzbek uzbekistan",
    "estonian": "estonian",
    "serbian": "serbian",
    "croatian": "croatian",
    "slovenian": "slovenian",
    "macedonian": "macedonian",
    "indonesian": "indonesian",
    "malay": "malay",
    "kannada": "kannada",
    "bosnian": "bosnian",
    "original": "original",
}.items():
    for _w in _words.split():
        _NAMES[_w] = _lang

# Codes (2-3 letters); they count in upper or lower case, not Capitalised ("En").
_CODES: dict[str, str] = {
    "eng": "english",
    "en": "english",
    "ing": "english",
    "fre": "french",
    "fra": "french",
    "fr": "french",
    "ger": "german",
    "de": "german",
    "deu": "german",
    "ita": "italian",
    "it": "italian",
    "spa": "spanish",
    "esp": "spanish",
    "es": "spanish",
    "cat": "catalan",
    "jap": "japanese",
    "jpn": "japanese",
    "ja": "japanese",
    "kor": "korean",
    "rus": "russian",
    "ru": "russian",
    "ukr": "ukrainian",
    "hun": "hungarian",
    "hu": "hungarian",
    "pl": "polish",
    "cz": "czech",
    "sk": "slovak",
    "bg": "bulgarian",
    "lt": "lithuanian",
    "lv": "latvian",
    "lav": "latvian",
    "lat": "latvian",
    "ka": "georgian",
    "geo": "georgian",
    "hin": "hindi",
    "tel": "telugu",
    "por": "portuguese",
    "nl": "dutch",
    "chs": "chinese",
    "cht": "chinese",
    "gb": "chinese",
    "big5": "chinese",
    "ara": "arabic",
    "tur": "turkish",
    "heb": "hebrew",
    "swe": "swedish",
    "nor": "norwegian",
    "dan": "danish",
    "fin": "finnish",
    "gre": "greek",
    "pol": "polish",
    "cze": "czech",
    "chi": "chinese",
    "vie": "vietnamese",
}
# Codes that are also common words or tags: need an uppercase spelling.
_UPPER_ONLY = frozenset({"it", "de", "es", "ka", "lat", "ing", "gb", "tel", "en", "geo"})
_CASE_CODES = frozenset(
    {
        "Ukr",
        "Eng",
        "Fre",
        "Fra",
        "Ger",
        "Ita",
        "Spa",
        "Esp",
        "Rus",
        "Kor",
        "Jap",
        "Hin",
        "Por",
        "Cat",
        "Lat",
        "Tel",
        "Geo",
        "Hun",
        "Ing",
    }
)

_TOKEN_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)?", re.UNICODE)
_SUB_RE = re.compile(r"^sub$", re.IGNORECASE)
_DL_RE = re.compile(r"(?<![A-Za-z])(?<!WEB[.\- ])(DL|ML)(?![A-Za-z])")
_CJK_SUB_GROUP_RE = re.compile(r"字幕|中日|简繁|繁中|简体|繁體|繁体")
_POLISH_RE = re.compile(
    r"(?<![A-Za-z])(?:PL[ .-]?(?:DUB|LEK|SUB)|(?:DUB|LEK)[ .-]?PL)(?![A-Za-z])", re.I
)
_BG_AUDIO_RE = re.compile(r"(?<![A-Za-z])BG[ .-]?AUDIO(?![A-Za-z])", re.IGNORECASE)
_PT_BR_RE = re.compile(r"(?<![A-Za-z])pt[ .-]?br(?![A-Za-z])", re.IGNORECASE)
# Every lower-case word that can start a language match: a set lookup per word
# tells quickly that a name has no language tag at all (most names have none).
_KNOWN_WORDS = frozenset(
    [*_NAMES, *_CODES, "dub", "lek", "pldub", "dubpl", "pllek", "lekpl", "bgaudio", "pt", "br"]
)
_ATOM_RE = re.compile(r"[^\W_]+")
_AUDIO_CODEC_RE = re.compile(r"(?<![A-Za-z])DTS-(?:ES|HD|X|MA)(?![A-Za-z])", re.IGNORECASE)
_MULTI_COUNT_RE = re.compile(r"(?<![A-Za-z0-9])\d+x(?=Ukr|Eng|Rus)", re.IGNORECASE)


def parse_languages(tail: str, *, whole: str = "") -> tuple[str, ...]:
    """Return the languages named in ``tail`` (sorted), or ``("unknown",)``."""
    words = _ATOM_RE.findall(tail.lower())
    known = any(w.lstrip("0123456789x") in _KNOWN_WORDS for w in words)
    if not known and not _CJK_SUB_GROUP_RE.search(whole or tail):
        return ("unknown",)
    tail = _AUDIO_CODEC_RE.sub(" ", tail)
    found: set[str] = set()
    if _POLISH_RE.search(tail):
        found.add("polish")
    if _BG_AUDIO_RE.search(tail):
        found.add("bulgarian")
    if _PT_BR_RE.search(tail):
        found.add("portuguese brazil")
    if _CJK_SUB_GROUP_RE.search(whole or tail):
        found.add("chinese")
    tokens = [m.group(0) for m in _TOKEN_RE.finditer(tail)]
    flat: list[str] = []
    for tok in tokens:
        flat.extend(tok.split("-") if "-" in tok else [tok])
    cut = _MULTI_COUNT_RE.sub("", tail)
    if cut != tail:
        flat = []
        for m in _TOKEN_RE.finditer(cut):
            t = m.group(0)
            flat.extend(t.split("-") if "-" in t else [t])
    pending: list[str] = []
    for i, tok in enumerate(flat):
        low = tok.lower()
        if _SUB_RE.match(low):
            pending.clear()
            continue
        lang = _NAMES.get(low)
        if lang is not None:
            if lang == "original" and tok != "Original" and tok != "ORIGINAL":
                continue
            found.update(pending)
            pending.clear()
            found.add(lang)
            continue
        code = _CODES.get(low)
        if code is not None and (
            tok.isupper() or (tok.islower() and low not in _UPPER_ONLY) or tok in _CASE_CODES
        ):
            nxt = flat[i + 1].lower() if i + 1 < len(flat) else ""
            if code == "english" and low == "en" and not tok.isupper():
                continue
            pending.append(code)
            if not _SUB_RE.match(nxt) and _CODES.get(nxt) is None:
                found.update(pending)
                pending.clear()
            continue
        found.update(pending)
        pending.clear()
    found.update(pending)
    dl = _DL_RE.search(tail)
    if dl and found:
        found.add("original")
        if dl.group(1) == "ML":
            found.add("english")
    if not found:
        return ("unknown",)
    return tuple(sorted(found))
