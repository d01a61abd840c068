"""Movie structure (Radarr semantics): title(s), year, edition, ids, hardcoded subs.

The year is the anchor: the title is what precedes the last plausible year that
still comes before the technical tags. Without a year, the title runs up to the
first tag (language, quality, edition, bracket). Editions are runs of edition
words ("Extended Directors Cut", "Special Edition Remastered") anywhere after
the first word of the title.
"""

from __future__ import annotations

import re

from mediastack.manager.parser.model import MovieInfo
from mediastack.manager.parser.text import clean_title

_I = re.IGNORECASE
_EMPTY_PARENS_RE = re.compile(r"\(\s*\)")
_WS_RE = re.compile(r"\s+")
_YEAR_RE = re.compile(r"(?<![0-9A-Za-z])\(?(?P<y>(?:18|19|20)\d\d)\)?(?![0-9A-Za-z])")
_TMDB_RE = re.compile(r"[\[{]tmdb(?:id)?-(?P<id>\d+)[\]}]", _I)
_IMDB_RE = re.compile(r"(?<![A-Za-z0-9])(?P<id>tt\d{7,9})(?![0-9])")
_LEADING_GROUP_RE = re.compile(r"^\s*(?:\[[^\[\]]*\]\s*)+")
_AKA_DOTS_RE = re.compile(r"(?<![A-Za-z])a\.k\.a\.(?![A-Za-z])", _I)
_ABBREV_RE = re.compile(r"(?<![A-Za-z])(Dr|Mr|Mrs|Ms|St|Jr|Sr)\.(?=[A-Z])")

_EDITION_STRONG = (
    r"extended|uncut|unrated|uncensored|remaster(?:ed)?|restored|despecialized|imax|2in1|recut|"
    r"fan[ .]?edit|open[ .]matte|director'?s(?:[ .]cut)?|directors(?:[ .]cut)?|theatrical|"
    r"final[ .]cut|ultimate[ .][A-Za-z]+[ .]edition|criterion[ .]collection"
)
_EDITION_WEAK = (
    r"special|ultimate|diamond|collector'?s|anniversary|limited|deluxe|signature|platinum|"
    r"\d{2,3}(?:th)?[ .]anniversary"
)
_EDITION_TAIL = r"cut|edition|version"
_EDITION_RUN_RE = re.compile(
    r"(?<![A-Za-z0-9'])(?P<run>(?:(?:"
    + _EDITION_STRONG
    + r"|"
    + _EDITION_WEAK
    + r"|"
    + _EDITION_TAIL
    + r")(?:[ .]|$|(?=[)\]])))+)",
    _I,
)
_NAMED_EDITION_RE = re.compile(
    r"(?<![A-Za-z])(?P<e>(?:[A-Z][A-Za-z']+[ .]){1,2}(?:Edition|Cut|EDITION|CUT))(?![A-Za-z])"
)
_EDITION_STRONG_RE = re.compile(r"(?<![A-Za-z])(?:" + _EDITION_STRONG + r")(?![A-Za-z])", _I)
_EDITION_WEAK_TAIL_RE = re.compile(
    r"(?<![A-Za-z])(?:" + _EDITION_WEAK + r")[ .](?:" + _EDITION_TAIL + r")(?![A-Za-z])", _I
)
_HC_SPECIFIC_RE = re.compile(r"(?<![A-Za-z])(?P<hc>[A-Z]{2,3}SUBS?)(?![A-Za-z])")
_HC_GENERIC_RE = re.compile(r"(?<![A-Za-z])(?:HC|SUBBED|HARDSUBS?|HARDCODED)(?![A-Za-z])")

_TAG_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:\d{3,4}[pi]|4k|uhd|[xh]\.?26[45]|hevc|avc|xvid|divx|blu-?ray|bluray|"
    r"bdrip|brrip|b[dr]remux|web-?dl|webrip|web|hdtv|pdtv|dvd(?:rip|r)?|remux|hdrip|cam|ts|"
    r"german|french|truefrench|ita|italian|spanish|castellano|latino|english|eng|multi|dual|"
    r"dl|dubbed|ac3|dts|aac|flac|proper|repack|internal|limited|complete|pal|ntsc|s\d{1,2}e\d{1,3}|"
    r"v\d|\d{1,2}x\d{1,3}|nordic|swedish|danish|finnish|norwegian|dutch|polish|russian|hindi|korean|japanese|"
    r"subbed|hc|vostfr)(?![A-Za-z0-9])",
    _I,
)
_LANG_TAG_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:german|french|truefrench|italian|spanish|english|nordic|swedish|danish|"
    r"finnish|norwegian|dutch|polish|russian|hindi|korean|japanese)(?![A-Za-z0-9])",
    _I,
)
_AKA_SPLIT_RE = re.compile(r"\s+\(?(?:AKA|aka|Aka)\s+")
_BRACKET_START_RE = re.compile(r"[\[({<]")


def _cut_at_tags(raw: str) -> str:
    """Cut a year-less (or over-long) title at the first technical tag."""
    for m in _TAG_RE.finditer(raw):
        if m.start() == 0:
            continue
        if _LANG_TAG_RE.fullmatch(m.group(0)):
            rest = raw[m.end() :]
            if not _TAG_RE.search(rest[:40]) and not _EDITION_STRONG_RE.search(rest[:20]):
                continue
        return raw[: m.start()]
    return raw


def _find_year(text: str) -> re.Match[str] | None:
    """The year that ends the title: the last plausible year before the first tag.

    A year at the very start belongs to the title ("2001 A Space Odyssey 1968").
    """
    first_tag = None
    for t in _TAG_RE.finditer(text):
        if t.start() > 0 and not _LANG_TAG_RE.fullmatch(t.group(0)):
            first_tag = t.start()
            break
    chosen: re.Match[str] | None = None
    for m in _YEAR_RE.finditer(text):
        if not text[: m.start()].strip(" .-_([") and not (
            m.group(0).startswith("(") and m.start() == 0
        ):
            continue
        if first_tag is not None and m.start() > first_tag and chosen is not None:
            break
        chosen = m
        if first_tag is not None and m.start() > first_tag:
            break
    return chosen


def _edition(text: str, title_start: int) -> tuple[str, int, int]:
    """First run of edition words after the start of the title ("Extended Cut")."""
    for m in _EDITION_RUN_RE.finditer(text):
        if m.start() <= title_start:
            continue
        run = m.group("run").strip(" .")
        if not (_EDITION_STRONG_RE.search(run) or _EDITION_WEAK_TAIL_RE.search(run)):
            continue
        edition = clean_title(run)
        return edition, m.start(), m.start() + len(m.group("run"))
    return "", -1, -1


def _titles(title: str) -> tuple[str, ...]:
    """All titles of an "A AKA B" name: the whole, then each alternative."""
    parts = _AKA_SPLIT_RE.split(title)
    if len(parts) < 2 or not parts[0].strip():
        return (title,)
    out = [title]
    out.extend(p.strip(" ()") for p in parts if p.strip(" ()"))
    return tuple(out)


def parse_movie(text: str) -> tuple[MovieInfo, int] | None:
    """Parse a cleaned name as a movie; return the info and where the tags start."""
    tmdb = _TMDB_RE.search(text)
    imdb = _IMDB_RE.search(text)
    lead = _LEADING_GROUP_RE.match(text)
    start = lead.end() if lead else 0
    body = text[start:]
    body = _AKA_DOTS_RE.sub("AKA", body)
    hc_m = _HC_SPECIFIC_RE.search(body)
    hardcoded = (
        hc_m.group("hc")
        if hc_m
        else ("Generic Hardcoded Subs" if _HC_GENERIC_RE.search(body) else None)
    )
    if hc_m and hc_m.group("hc").upper() in ("MULTISUB", "ESUBS", "ESUB"):
        hardcoded = None
    edition, ed_start, ed_end = _edition(body, 0)
    year_m = _find_year(body)
    if not edition and year_m is not None:
        # After the year, any capitalised "<Word> Edition/Cut" names an edition.
        em = _NAMED_EDITION_RE.search(body, year_m.end())
        tag = _TAG_RE.search(body, year_m.end())
        if em is not None and (tag is None or em.start() < tag.start()):
            edition = clean_title(em.group("e"))
    year = 0
    if year_m is not None and year_m.start() == 0 and body[:1] == "(":
        year = int(year_m.group("y"))
        raw = _cut_at_tags(body[year_m.end() :])
        tail_start = start + year_m.end() + len(raw)
    elif year_m is not None:
        year = int(year_m.group("y"))
        raw = body[: year_m.start()]
        tail_start = start + year_m.end()
        if ed_start >= 0 and ed_start < year_m.start():
            raw = body[:ed_start] + " " + body[ed_end : year_m.start()]
        raw = _cut_at_tags(raw)
    else:
        raw = body
        if ed_start >= 0:
            raw = body[:ed_start]
        raw = _cut_at_tags(raw)
        tail_start = start + len(raw)
    bm = _BRACKET_START_RE.search(raw)
    if bm is not None and bm.start() > 0 and not raw.startswith("("):
        inner = raw[bm.start() :]
        if _TAG_RE.search(inner) or year_m is None or inner.startswith("["):
            raw = raw[: bm.start()]
    raw = _EMPTY_PARENS_RE.sub("", raw)
    raw = _ABBREV_RE.sub(lambda m: m.group(1) + "\x00", raw)
    title = clean_title(raw, keep_acronyms=True).replace("\x00", ". ").replace(". .", ".")
    title = _WS_RE.sub(" ", title).strip(" -")
    if title.endswith("(") or title.endswith("["):
        title = title[:-1].strip()
    if not title:
        return None
    if year == 0 and raw.strip() == body.strip() and not lead and not _TAG_RE.search(body):
        # No year, no tag, no group: nothing says this is a release at all.
        return None
    info = MovieInfo(
        movie_title=title,
        movie_titles=_titles(title),
        year=year,
        edition=edition,
        imdb_id=imdb.group("id") if imdb else None,
        tmdb_id=int(tmdb.group("id")) if tmdb else None,
        hardcoded_subs=hardcoded,
    )
    return info, tail_start
