"""TV episode structure: season/episode numbers, absolute numbers, air dates, packs.

The parser looks for an *episode marker* (``S01E02``, ``1x02``, a date, ``Season
2``, an anime ``- 07``, a scene ``103``...) with a fixed order of precedence:
explicit season+episode markers beat dates, which beat season packs, which
beat episode-only markers, absolute numbers and finally compact ``SEE``
numbers. The series title is the text before the winning marker. Every
pattern is compiled once at import; none uses nested unbounded quantifiers.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace

from mediastack.manager.parser.model import EpisodeInfo
from mediastack.manager.parser.text import clean_title

_I = re.IGNORECASE
_YEAR_AT_END_RE = re.compile(r"(?:19|20)\d\d[ .\-_]*$")
_MINI_AFTER_RE = re.compile(r"(?:[ .\-_]*$|[ .\-_](?:\d{6}|\d{3,4}p|720|1080)(?![0-9]))")
_ANIME_BEFORE_RE = re.compile(r"\s-\s(\d{1,4})(\.\d)?\s*(?:-\s*|\()?\s*$")
_ABS_AFTER_RE = re.compile(r"(?:\s-)?\s(\d{2,4})\s*(?:$|\[|\(|-\s)")
_ALT_SPLIT_RE = re.compile(r"\s+/\s+|\s*\|\s*|/")
_S0X_END_RE = re.compile(r"(?<![A-Za-z0-9])S0(\d)$")
_OPEN_BRACKET_RE = re.compile(r"\[")
_DASH_NUMBER_RE = re.compile(r"\s*-\s*(\d{1,4})(?![0-9])")
_S0X_TAIL_RE = re.compile(r"(?<![A-Za-z0-9])S0(\d)(\s*-?\s*)$")
_B = r"(?<![A-Za-z0-9])"

# A leading lookahead on the first character a pattern needs turns other positions away
# before the lookbehinds and alternatives are tried (an RSS sync parses thousands of names).
_SXXEXX_RE = re.compile(
    r"(?=s)" + _B + r"S(?P<s>\d{1,4})(?:[ ._-]?(?:E|EP)|\s-\sE)\.?[ ._]?(?P<e>\d{1,5})(?![0-9])"
    r"(?P<suffix>[a-d](?![A-Za-z])|\.5(?![0-9]))?",
    _I,
)
_SXXEXX_TIGHT_RE = re.compile(r"(?<=[a-z])S(?P<s>\d{1,2})E(?P<e>\d{1,3})(?![0-9])(?P<suffix>)", _I)
_HASH_RE = re.compile(r"\s*[\[(][0-9A-Fa-f]{8}[\])]")
_ALT_TITLE_RE = re.compile(r"\)?\s*/\s*")
_AKA_RE = re.compile(r"\s+AKA\s+", _I)
_ABS_TIGHT_DASH_RE = re.compile(r"(?<=[A-Za-z!])-(?P<a>\d{2,4})(?=\[|\()")
_SEASON_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9])s\d{1,2}\s+e\s*-", _I)
_SEASON_EPISODE_WORDS_RE = re.compile(
    r"Season[ .]?(?P<s>\d{1,4})(?:[ .]|\s-\s)Episode[ .]?(?P<e>\d{1,4})(?![0-9])(?P<suffix>)", _I
)
_LEADING_SE_RE = re.compile(r"^(?P<s>\d{1,2})-(?P<e>\d{2})\s")
_CN_RANGE_RE = re.compile(r"\[第(?P<a>\d{1,4})-(?P<b>\d{1,4})集\]")
_QUALITY_AFTER_RE = re.compile(
    r"[ .](?:\d{3,4}[pi]|hdtv|web|bluray|dvdrip|pdtv|xvid|x26[45])(?![A-Za-z0-9])", _I
)
_TRAILING_EP_RE = re.compile(r"[ .]E[Pp]?\d{1,4}$")
_S_DOT_EE_RE = re.compile(_B + r"S(?P<s>\d{1,2})[. ](?P<e>\d{2})[. ](?=(?:19|20)\d\d[. ])", _I)
_CONT_RE = re.compile(
    r"(?P<sep>\s?-\s?|\s?&\s?|\s?\+\s?|[ ._]|,|)(?P<s2>S\d{1,4})?(?P<ep>E|EP|Ep)?\.?"
    r"(?P<n>\d{1,5})(?![0-9]|p\b)",
    _I,
)
_OF_RE = re.compile(r"[ .]of[ .](?P<total>\d{1,4}|X+)", _I)
_NXM_RE = re.compile(r"(?=\d)(?<![A-Za-z0-9])(?P<s>\d{1,4})x(?P<e>\d{1,4})(?![0-9])", _I)
_DIGIT_X_DIGIT_RE = re.compile(r"\d[xX]\d")
_NXM_CONT_RE = re.compile(
    r"(?P<sep>\s?-\s?|\s?&\s?|_|x|\s|)(?:(?P<s2>\d{1,4})x)?(?P<n>\d{1,4})(?![0-9])", _I
)
_DUTCH_RE = re.compile(
    _B + r"Se\.?\s?(?P<s>\d{1,2})\s+afl\.?\s?(?P<e>\d{1,3})"
    r"(?:(?:-\d{1,3})*(?:\s+en\s+|-)(?P<e2>\d{1,3}))?",
    _I,
)
_CAP_RE = re.compile(r"\[Cap\.\s?(?P<s>\d{1,2})(?P<e>\d{2})\]", _I)

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_DATE_YMD_RE = re.compile(
    r"(?<![0-9])(?P<y>(?:19|20)\d\d)(?P<sep>[-. _])(?P<a>\d\d)(?P=sep)(?P<b>\d\d)(?![0-9])"
)
_DATE_DMY_RE = re.compile(
    r"(?<![0-9])(?P<a>\d\d)(?P<sep>[-. _])(?P<b>\d\d)(?P=sep)(?P<y>(?:19|20)\d\d)(?![0-9])"
)
_DATE_COMPACT_RE = re.compile(r"(?<![0-9])(?P<y>(?:19|20)\d\d)(?P<a>[01]\d)(?P<b>[0-3]\d)(?![0-9])")
_DATE_WORDS_RE = re.compile(
    r"(?<![0-9])(?P<d>\d{1,2})(?:st|nd|rd|th)?[ .](?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec)[a-z]*[ .,]+(?P<y>(?:19|20)\d\d)(?![0-9])",
    _I,
)
_DATE_MONTH_FIRST_RE = re.compile(
    r"(?=[jfmasond])(?<![A-Za-z])(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[ .]"
    r"(?P<d>\d{1,2})(?:st|nd|rd|th)?,?[ .](?P<y>(?:19|20)\d\d)(?![0-9])",
    _I,
)
_DATE_SHORT_RE = re.compile(r"(?<![0-9A-Za-z])(?P<y>\d\d)(?P<a>[01]\d)(?P<b>[0-3]\d)(?![0-9])")
_DAILY_PART_RE = re.compile(r"[ .]Part[ .]?(?P<p>\d{1,2})(?![0-9])", _I)

_SEASON_RE = re.compile(
    _B + r"S(?P<s>\d{1,4})(?![0-9])(?!\s*[-.]?\s*E\d)(?!\.\d\d\.)"
    r"(?:(?:\s*-\s*|[ .])S?(?P<s2>\d{1,2})(?![0-9pP]))?",
    _I,
)
_SEASON_SPACED_RE = re.compile(_B + r"S\s(?P<s>\d{2})(?=\s)", _I)
_SEASON_WORD_RE = re.compile(
    r"(?:(?<![A-Za-z])|(?<=[a-z]))(?:Season|Saison|Temporada|Stagione|Seizoen|Sezon|Series(?=\s\d{1,2}\s*\())"
    r"[ ._]?(?P<s>\d{1,4})(?![0-9])(?:-(?P<s2>\d{1,2})(?![0-9]))?",
    _I,
)
_SEASON_WORD_START_RE = re.compile(r"\(?\s*(?:Season|Saison|Temporada|Stagione|Series)[ ._]?\d", _I)
_EXTRAS_RE = re.compile(r"^[ .\-]*(?:SUBPACK|Extras?|Specials?|Bonus|Featurettes?)(?![A-Za-z])", _I)
_PART_AFTER_SEASON_RE = re.compile(r"^[ .]Part[ .]?(?P<p>\d{1,2})(?![0-9])", _I)
_COMPLETE_RE = re.compile(r"\s*\bComplete(?:\s+Series)?\s*$", _I)
_ANIME_AFTER_SEASON_RE = re.compile(
    r"^(?:\s+-\s+(?:EP?\s?|Episode\s)?\d{1,4}(?![0-9p])|\s*\[\d{1,4}\]|\s\d{3,4}(?![0-9p]))", _I
)

_E_ONLY_RE = re.compile(
    _B + r"(?P<tag>E|EP|Ep|ep|e)\.?(?P<e>\d{1,4})(?:-E?P?(?P<e2>\d{1,4})(?![0-9pi]))?(?![0-9])", 0
)
_E_ONLY_I_RE = re.compile(_B + r"(?P<tag>e|ep)(?P<e>\d{1,4})(?:-e?p?(?P<e2>\d{1,4}))?(?![0-9])", _I)
_PART_RE = re.compile(_B + r"(?:Part|PART)[ .]?(?P<e>\d{1,2})(?![0-9])")
_OF_EP_RE = re.compile(_B + r"(?P<e>\d{1,2})of(?P<t>\d{1,2})(?![0-9])", _I)
_SPECIAL_WORD_RE = re.compile(
    r"(?:^|\s-\s|[ ._])(?:NCOP|NCED|OVA|OAD|ONA)(?:\d{0,2})(?=$|[ ._\[(-])", re.UNICODE
)

_ABS_DASH_RE = re.compile(
    r"(?:^|[ .])-[ .](?:Episode\s|EP?\s?)?(?P<a>\d{1,4})(?P<dec>\.\d(?:\.\d)?)?(?:v\d)?"
    r"(?:(?:\s?~\s?|-)(?P<a2>\d{1,4})(?![0-9]))?(?=$|[ .\[(_-]|v\d|END|Fin)",
    _I,
)
_ABS_BRACKET_RE = re.compile(
    r"[\[{](?P<a>\d{1,4})(?:-(?P<a2>\d{1,4}))?(?:\s?(?:END|Fin|完|集|话))?[\]}]", _I
)
_ABS_WORD_RE = re.compile(
    _B + r"(?:Episode|Ep\.?|EP|E|#)\s?(?P<a>\d{1,4})(?:v\d)?(?:-(?P<a2>\d{1,4}))?(?![0-9])", 0
)
_ABS_WORD_I_RE = re.compile(r"(?<![A-Za-z0-9])(?:episode|ep|e)\s?(?P<a>\d{1,4})(?![0-9])", _I)
_ABS_PAREN_RANGE_RE = re.compile(r"\((?P<a>\d{1,4})(?:-(?P<a2>\d{1,4}))?\)")
_ABS_TURKISH_RE = re.compile(r"(?<![0-9])(?P<a>\d{1,4})\.?\s?(?:Bölüm|Bolum|Blm|BLM)(?![a-z])", _I)
_ABS_BARE_RE = re.compile(
    r"(?<=[ ._])(?P<a>\d{1,4})(?P<dec>\.\d)?(?:v\d)?(?:\s?-\s?(?P<a2>\d{1,4}))?"
    r"(?=\s*$|\s?[\[({]|[ ._](?:\d{3,4}p|VOSTFR|vostfr|x26|HEVC|DVD|\[|\(|BLM|Role|END)"
    r"|\.$|\.\[|\.mkv|_)",
    _I,
)
_SEE_RE = re.compile(
    r"(?<=[._ ])(?!(?:19|20)\d\d(?![0-9]))(?P<n>\d{3,6})(?:[._ ](?P<n2>\d{3,4}))?(?=[._ -]|$)"
)
_KOREAN_DATE_PREFIX_RE = re.compile(r"^(?P<d>\d{6})\s+")
_LEADING_GROUP_RE = re.compile(r"^\s*(?:\[[^\[\]]*\]\s*[-._]?\s*)(?:\[[A-Za-z0-9-]{1,12}\][ _.]*)?")
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
_TITLE_YEAR_RE = re.compile(r"^(?P<t>.*?)[ .(\-]*\(?(?P<y>(?:19|20)\d\d)\)?$")
_PAREN_YEAR_SLASH_RE = re.compile(r"\((?P<y>(?:19|20)\d\d)/?$")
_MINISERIE_RE = re.compile(r"\s*\((?:Miniserie|Mini-?series)\)", _I)
_QUALITY_BETWEEN_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:web[ .-]?rip|webrip|web[ .-]?dl|hdtv|bluray|\d{3,4}p|x26[45])"
    r"(?![A-Za-z0-9])",
    _I,
)
_ANIME_RANGE_LIMIT = 2000
_CJK_RE = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_TITLE_SPLIT_RE = re.compile(r"\s*(?:/|\||·|_)\s*")
_UNICODE_BLOCK_RE = re.compile(r"\[([^\[\]]*)\]")
_UNICODE_NUM_RE = re.compile(
    r"^(?:第)?(?P<a>\d{1,4})(?:-(?P<a2>\d{1,4}))?\s?(?:END|Fin|完|集|话|話)?$", _I
)
_TRAILING_TITLE_JUNK_RE = re.compile(r"[\s\-–~,.|/\[({]+$")
_TITLE_JUNK_ENDS = frozenset("-–~,.|/[({")  # and whitespace: what the pattern can end on


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    info: EpisodeInfo


def _rng(a: int, b: int | None) -> tuple[int, ...]:
    """Episode range ``a..b``; implausible ranges collapse to ``a`` alone."""
    if b is None or b <= a or b - a > _ANIME_RANGE_LIMIT:
        return (a,)
    return tuple(range(a, b + 1))


def _valid_date(y: int, m: int, d: int) -> str | None:
    """ISO date when real and not in the future (a future "date" is a title number)."""
    try:
        date = _dt.date(y, m, d)
    except ValueError:
        return None
    if date > _dt.date.today() + _dt.timedelta(days=1) or y < 1900:
        return None
    return date.isoformat()


def _is_future(y: int, m: int, d: int) -> bool:
    """A real calendar date after tomorrow."""
    try:
        return _dt.date(y, m, d) > _dt.date.today() + _dt.timedelta(days=1)
    except ValueError:
        return False


def _sxxexx(work: str) -> _Hit | None:
    """First ``S01E02`` marker and its continuation (``-E03``, ``E04``, ``-05``, ``of 10``).

    A continuation without its own ``E`` must follow a tight dash and go up, so
    episode titles such as "S02E21 - 18-5-4" are not read as episode ranges.
    """
    m = (
        _SXXEXX_RE.search(work)
        or _SXXEXX_TIGHT_RE.search(work)
        or _SEASON_EPISODE_WORDS_RE.search(work)
    )
    if m is None:
        m2 = _S_DOT_EE_RE.search(work)
        if m2 is None:
            return None
        info = EpisodeInfo(season=int(m2.group("s")), episodes=(int(m2.group("e")),))
        return _Hit(m2.start(), m2.end(), info)
    season = int(m.group("s"))
    first = int(m.group("e"))
    last = first
    pos = m.end()
    suffix = (m.group("suffix") or "").lower()
    explicit: list[int] = [first]
    while not suffix:
        c = _CONT_RE.match(work, pos)
        if c is None:
            break
        sep, s2, ep, n = c.group("sep"), c.group("s2"), c.group("ep"), int(c.group("n"))
        if s2 is not None and (ep is None or int(s2[1:]) != season):
            break
        if ep is None and sep not in ("-", "&", "+", ","):
            break
        if n <= last or n - last > 500:
            break
        if ep is None and work[c.end() : c.end() + 1].isalpha():
            break
        last = n
        explicit.append(n)
        pos = c.end()
    episodes = tuple(range(first, last + 1)) if last > first else (first,)
    info = EpisodeInfo(season=season, episodes=episodes)
    of = _OF_RE.match(work, pos) if work[pos : pos + 1] in (" ", ".") else None
    if of is not None:
        total = of.group("total")
        if first == 1 and last > first and total.isdigit() and int(total) == last:
            info = EpisodeInfo(season=season, full_season=True)
        pos = of.end()
    if suffix == ".5":
        info = replace(info, special=True)
    elif suffix:
        info = replace(info, split_episode=True)
    return _Hit(m.start(), pos, info)


def _nxm(work: str) -> _Hit | None:
    """First ``1x02`` marker (not a ``1280x720`` resolution) and its continuation."""
    if not _DIGIT_X_DIGIT_RE.search(work):
        return None  # most names have no "digit x digit" at all ("x264" has no digit before)
    for m in _NXM_RE.finditer(work):
        s, e = m.group("s"), m.group("e")
        if len(e) >= 3 and len(s) >= 3:
            continue
        if len(e) > 3 and len(s) < 4:
            continue
        season, first = int(s), int(e)
        last = first
        pos = m.end()
        while True:
            c = _NXM_CONT_RE.match(work, pos)
            if c is None:
                break
            sep, s2, n = c.group("sep"), c.group("s2"), int(c.group("n"))
            end = c.end()
            if s2 is not None and sep.lower() == "x":
                # "1x01x02x03": the "02x" is the next episode, not a season.
                s2, n, end = None, int(c.group("s2")), c.end("s2")
            if s2 is not None and int(s2) != season:
                break
            if (sep == "" or " " in sep) and s2 is None:
                break
            if n <= last or n - last > 100:
                break
            last = n
            pos = end
        episodes = tuple(range(first, last + 1)) if last > first else (first,)
        return _Hit(m.start(), pos, EpisodeInfo(season=season, episodes=episodes))
    return None


def _daily(work: str) -> tuple[_Hit | None, bool]:
    """Return the first air-date marker, and whether an ambiguous date was seen."""
    if "19" not in work and "20" not in work:
        return None, False  # every date form has a 19xx or 20xx year
    best: _Hit | None = None
    ambiguous = False
    for m in _DATE_YMD_RE.finditer(work):
        y, a, b = int(m.group("y")), int(m.group("a")), int(m.group("b"))
        date = _valid_date(y, a, b) or _valid_date(y, b, a)
        if date:
            best = _Hit(m.start(), m.end(), EpisodeInfo(air_date=date))
            break
        if _is_future(y, a, b):
            ambiguous = True  # an air date that has not happened yet is refused
    for m in _DATE_DMY_RE.finditer(work):
        if best is not None and m.start() >= best.start:
            break
        y, a, b = int(m.group("y")), int(m.group("a")), int(m.group("b"))
        if a > 12:
            date = _valid_date(y, b, a)
        elif b > 12 or a == b:
            date = _valid_date(y, a, b)
        else:
            ambiguous = True
            continue
        if date:
            best = _Hit(m.start(), m.end(), EpisodeInfo(air_date=date))
            break
    for rx in (_DATE_COMPACT_RE, _DATE_WORDS_RE, _DATE_MONTH_FIRST_RE):
        dm = rx.search(work)
        if dm is None or (best is not None and dm.start() >= best.start):
            continue
        if rx is not _DATE_COMPACT_RE:
            month = _MONTHS[dm.group("m")[:3].lower()]
            date = _valid_date(int(dm.group("y")), month, int(dm.group("d")))
        else:
            date = _valid_date(int(dm.group("y")), int(dm.group("a")), int(dm.group("b")))
        if date:
            best = _Hit(dm.start(), dm.end(), EpisodeInfo(air_date=date))
    if best is not None:
        pm = _DAILY_PART_RE.match(work, best.end)
        if pm is not None:
            best = _Hit(best.start, pm.end(), replace(best.info, daily_part=int(pm.group("p"))))
    return best, ambiguous


def _short_daily(work: str) -> _Hit | None:
    """A six-digit ``yymmdd`` date after the title (Korean and scene daily names)."""
    for m in _DATE_SHORT_RE.finditer(work):
        if m.start() == 0:
            continue
        y = 2000 + int(m.group("y"))
        date = _valid_date(y, int(m.group("a")), int(m.group("b")))
        if date and work[m.start() - 1] in "._ ":
            return _Hit(m.start(), m.end(), EpisodeInfo(air_date=date))
    return None


def _season(work: str) -> tuple[_Hit | None, int]:
    """Season packs; returns (hit, anime_title_end) where anime_title_end > 0 means
    the ``Sxx`` belongs to an anime title followed by an absolute number."""
    candidates: list[tuple[int, int, int, int | None]] = []
    for m in _SEASON_RE.finditer(work):
        tail = work[m.end() :]
        if _ANIME_AFTER_SEASON_RE.match(work[m.start() + 1 + len(m.group("s")) :]):
            return None, m.start() + 1 + len(m.group("s"))
        s2 = m.group("s2")
        if s2 is not None and tail[:1] not in ("", " ", "(", "[", ".") and not tail.startswith(" "):
            s2 = None
        candidates.append((m.start(), m.end(), int(m.group("s")), int(s2) if s2 else None))
        break
    spaced = _SEASON_SPACED_RE.search(work)
    if spaced is not None and not candidates:
        candidates.append((spaced.start(), spaced.end(), int(spaced.group("s")), None))
    word = _SEASON_WORD_RE.search(work)
    if word is not None:
        s2w = word.group("s2")
        start = word.start()
        if start > 0 and work[start - 1] == "(":
            start -= 1
        candidates.append((start, word.end(), int(word.group("s")), int(s2w) if s2w else None))
    if not candidates:
        return None, 0
    start, end, season, s2v = min(candidates, key=lambda c: c[0])
    info = EpisodeInfo(season=season, full_season=True)
    if s2v is not None and s2v > season:
        info = replace(info, multi_season=True)
    rest = work[end:]
    if rest.startswith(")"):
        end += 1
        rest = work[end:]
    if _EXTRAS_RE.match(rest):
        info = replace(info, season_extra=True)
    pm = _PART_AFTER_SEASON_RE.match(rest)
    if pm is not None:
        info = replace(info, partial_season=True, season_part=int(pm.group("p")))
    return _Hit(start, end, info), 0


def _year_before(work: str, pos: int) -> bool:
    """Whether a year ends the text before ``pos``."""
    return bool(_YEAR_AT_END_RE.search(work[:pos]))


def _e_only(work: str, korean: bool) -> _Hit | None:
    """Episode-only markers (``E05``) of mini-series, numbered in season 1.

    An ``E`` number counts as a mini-series episode when a year precedes it, or a
    date, a resolution or the end of the name follows it; otherwise it is left to
    the absolute-number rules (anime and soap releases number episodes that way).
    """
    rx = _E_ONLY_I_RE if korean else _E_ONLY_RE
    for m in rx.finditer(work):
        if m.start() == 0:
            continue
        tag = m.group("tag")
        first = int(m.group("e"))
        e2 = m.group("e2")
        after = work[m.end() :]
        if korean:
            return _Hit(
                m.start(),
                m.end(),
                EpisodeInfo(season=1, episodes=_rng(first, int(e2) if e2 else None)),
            )
        if tag.upper() == "EP":
            continue
        after_ok = bool(_MINI_AFTER_RE.match(after))
        if len(m.group("e")) > 3:
            continue
        if _year_before(work, m.start()) or after_ok or e2 is not None:
            episodes = _rng(first, int(e2) if e2 else None)
            return _Hit(m.start(), m.end(), EpisodeInfo(season=1, episodes=episodes))
    return None


def _part_or_of(work: str) -> _Hit | None:
    """Mini-series "Part 2" and "5of9" markers (season 1)."""
    m = _OF_EP_RE.search(work)
    if m is not None and m.start() > 0:
        return _Hit(m.start(), m.end(), EpisodeInfo(season=1, episodes=(int(m.group("e")),)))
    m = _PART_RE.search(work)
    if m is not None and m.start() > 0:
        return _Hit(m.start(), m.end(), EpisodeInfo(season=1, episodes=(int(m.group("e")),)))
    return None


def _is_year(num: str) -> bool:
    """Whether a number string reads as a year (1900-2099)."""
    return len(num) == 4 and bool(_YEAR_RE.match(num))


def _absolute(work: str, anime: bool) -> _Hit | None:
    """Absolute (anime) episode numbers, by decreasing reliability of the form."""
    hits: list[_Hit] = []
    for rx in (
        _ABS_DASH_RE,
        _ABS_TIGHT_DASH_RE,
        _ABS_TURKISH_RE,
        _ABS_BRACKET_RE,
        _ABS_WORD_RE,
        _ABS_PAREN_RANGE_RE,
        _ABS_WORD_I_RE,
    ):
        for m in rx.finditer(work):
            a = m.group("a")
            if _is_year(a) or (m.start() == 0 and rx is not _ABS_DASH_RE):
                continue
            groups = m.groupdict()
            a2 = groups.get("a2")
            dec = groups.get("dec")
            if dec:
                value = float(a + dec[:2])
                info = EpisodeInfo(special_absolute_episodes=(value,))
            else:
                info = EpisodeInfo(absolute_episodes=_rng(int(a), int(a2) if a2 else None))
            hits.append(_Hit(m.start(), m.end(), info))
            break
        if hits:
            break
    if not hits:
        for m in _ABS_BARE_RE.finditer(work):
            a = m.group("a")
            if _is_year(a):
                continue
            if len(a) < 2 and m.group("a2") is None:
                continue
            if not anime and work[m.start() - 1] == "." and len(a) >= 3:
                continue
            dec = m.group("dec")
            if dec:
                info = EpisodeInfo(special_absolute_episodes=(float(a + dec),))
            else:
                a2 = m.group("a2")
                info = EpisodeInfo(absolute_episodes=_rng(int(a), int(a2) if a2 else None))
            hits.append(_Hit(m.start() - 1, m.end(), info))
            break
    return hits[0] if hits else None


def _see(work: str) -> _Hit | None:
    """Compact scene numbers: ``103`` is S1E03, ``1013`` S10E13, ``10708`` S1E07-08.

    Only before the technical tags and never after ``H.`` (``H.264``).
    """
    tm = _QUALITY_BETWEEN_RE.search(work)
    tech_pos = tm.start() if tm else -1
    for m in _SEE_RE.finditer(work):
        n = m.group("n")
        if _is_year(n) or (m.start() == 0 and work[:1].isdigit() is False):
            continue
        n2 = m.group("n2")
        if len(n) == 3:
            season, first, last = int(n[0]), int(n[1:]), int(n[1:])
            if n2 and len(n2) == 3 and n2[0] == n[0]:
                last = int(n2[1:])
        elif len(n) == 4:
            season, first, last = int(n[:2]), int(n[2:]), int(n[2:])
            if n2 and len(n2) == 4 and n2[:2] == n[:2]:
                last = int(n2[2:])
        elif len(n) == 5:
            season, first, last = int(n[0]), int(n[1:3]), int(n[3:])
        else:
            season, first, last = int(n[:2]), int(n[2:4]), int(n[4:])
            if last != first + 1:
                continue
        if first == 0 or season > 50 or (tech_pos >= 0 and m.start() > tech_pos):
            continue
        if work[max(0, m.start() - 2) : m.start()].lower() in ("h.", "x.", "h ", "d."):
            continue
        episodes = tuple(range(first, last + 1)) if last > first else (first,)
        return _Hit(m.start(), m.end(), EpisodeInfo(season=season, episodes=episodes))
    return None


def _anime_before(title_raw: str) -> tuple[str, EpisodeInfo | None]:
    """Absolute number written before an ``S01E02`` marker ("Title - 05 - S01E05")."""
    m = _ANIME_BEFORE_RE.search(title_raw) if "-" in title_raw else None
    if m is None or _is_year(m.group(1)):
        return title_raw, None
    if m.group(2):
        return title_raw[: m.start()], EpisodeInfo(
            special_absolute_episodes=(float(m.group(1) + m.group(2)),)
        )
    return title_raw[: m.start()], EpisodeInfo(absolute_episodes=(int(m.group(1)),))


def _abs_after(work: str, pos: int) -> tuple[int, ...]:
    """Absolute number written right after an ``S01E02`` marker ("S10E14 214")."""
    m = _ABS_AFTER_RE.match(work, pos) if work[pos : pos + 1].isspace() else None
    if m is None or _is_year(m.group(1)):
        return ()
    return (int(m.group(1)),)


def _finish_title(raw: str) -> str:
    """Readable series title from the raw text before the marker.

    Keeps the last of several slash-separated titles (native and English names),
    turns "(2024/" into "(2024)" and drops the CJK prefix of bracketed names.
    """
    # The patterns below run only when the character each one needs is there: this runs
    # for every release of an RSS sync.
    if "(" in raw:
        raw = _MINISERIE_RE.sub("", raw)
    close = raw.rfind("]")
    if close > 0 and _LATIN_RE.search(raw[close:]) and _CJK_RE.search(raw[:close]):
        raw = raw[close + 1 :]
    ym = _PAREN_YEAR_SLASH_RE.search(raw) if "(" in raw else None
    if ym is not None:
        raw = raw[: ym.start()] + f"({ym.group('y')})"
    if "/" in raw or "|" in raw:
        parts = [p for p in _ALT_SPLIT_RE.split(raw) if p.strip(" -")]
        if len(parts) > 1:
            raw = parts[-1]
    raw = raw.replace("?", "")
    title = clean_title(raw)
    if not title.endswith(")") and (title[-1:] in _TITLE_JUNK_ENDS or title[-1:].isspace()):
        title = _TRAILING_TITLE_JUNK_RE.sub("", title)
    if title.startswith("(") and ")" not in title:
        title = title[1:].strip()
    return title


def _split_year(title: str) -> tuple[str, int]:
    """Split a trailing year off a title ("Series (2022)" -> "Series", 2022)."""
    m = _TITLE_YEAR_RE.match(title) if "19" in title or "20" in title else None
    if m is None or not m.group("t").strip():
        return title, 0
    return m.group("t").strip(" -"), int(m.group("y"))


def _unicode_brackets(text: str) -> tuple[str, EpisodeInfo] | None:
    """Chinese fansub style: ``[Group][Title][Number][tags]``."""
    blocks = list(_UNICODE_BLOCK_RE.finditer(text))
    if len(blocks) < 3 or blocks[0].start() != 0:
        return None
    number: re.Match[str] | None = None
    num_index = -1
    for i, b in enumerate(blocks[1:], start=1):
        nm = _UNICODE_NUM_RE.match(b.group(1).strip())
        if nm is not None and not _is_year(nm.group("a")):
            number, num_index = nm, i
            break
    if number is None:
        return None
    candidates: list[str] = []
    # Text between the group block and the next block counts as a title block too.
    between = text[blocks[0].end() : blocks[1].start()].strip()
    if between and not between.startswith("★"):
        candidates.append(between)
    candidates.extend(b.group(1) for b in blocks[1:num_index])
    pure = [c for c in candidates if _LATIN_RE.search(c) and not _CJK_RE.search(c)]
    title = ""
    if pure:
        title = pure[0]
    else:
        mixed = [c for c in candidates if _LATIN_RE.search(c)]
        if mixed:
            parts = [p for p in _TITLE_SPLIT_RE.split(mixed[0]) if _LATIN_RE.search(p)]
            title = parts[-1] if parts else mixed[0]
            title = _CJK_RE.sub("", title).strip()
        elif candidates:
            title = candidates[-1]
    title = clean_title(title.replace("_", " ")).strip(" -")
    sm = _S0X_END_RE.search(title)
    if sm is not None:
        title = title[: sm.start()] + "S" + sm.group(1)
    a = int(number.group("a"))
    a2 = number.group("a2")
    return title, EpisodeInfo(absolute_episodes=_rng(a, int(a2) if a2 else None))


@dataclass(frozen=True, slots=True)
class _Body:
    """The part of a name after prefixes (group tag, Korean air-date prefix).

    ``original`` keeps underscores (they separate scene numbers such as
    ``8x01_02``); ``work`` has them turned into spaces for everything else.
    """

    offset: int
    original: str
    work: str
    anime: bool
    korean: bool


_Parsed = tuple[EpisodeInfo, int]
# Marker found, but the name must be refused (an ambiguous day/month date).
_REFUSED: _Parsed = (EpisodeInfo(), -1)


def _body(text: str) -> _Body:
    """Strip the group tag and air-date prefixes that precede the title."""
    offset = 0
    korean = False
    km = _KOREAN_DATE_PREFIX_RE.match(text)
    if km is not None:
        offset = km.end()
        korean = True
    lead = _LEADING_GROUP_RE.match(text, offset)
    anime = lead is not None and lead.end() > offset
    if lead is not None:
        offset = lead.end()
    if offset < len(text) and text[offset] == "(" and ")" not in text[offset : offset + 60]:
        offset += 1
    original = text[offset:]
    return _Body(offset, original, original.replace("_", " "), anime, korean)


def _season_episode_marker(b: _Body) -> _Hit | None:
    """``S01E02`` or ``1x02`` (the earlier one outside anime names)."""
    body = b.work
    sx = _sxxexx(body)
    nx = _nxm(b.original)
    if sx is None:
        sx = nx
    elif nx is not None and nx.start < sx.start and not b.anime:
        sx = nx if body[nx.start - 1 : nx.start] in (" ", ".", "[", "-") else sx
    if (
        sx is not None
        and _ALT_TITLE_RE.match(body, sx.end)
        and body[sx.start - 1 : sx.start] == "("
    ):
        # "Native Title (S2E1-4) / Latin Title (S2E1-4)": the latin title wins.
        later = _sxxexx(body[sx.end :])
        if later is not None:
            sx = _Hit(sx.end + later.start, sx.end + later.end, later.info)
    return sx


def _with_anime_numbers(b: _Body, sx: _Hit, daily: _Hit | None) -> EpisodeInfo:
    """Title and absolute number around an ``S01E02`` marker ("Title - 05 - S01E05")."""
    body = b.work
    title_raw, before = _anime_before(body[: sx.start])
    if daily is not None and daily.start < sx.start:
        title_raw = title_raw[: daily.start]
    sm = _SEASON_TOKEN_RE.search(title_raw) if "-" in title_raw else None
    if sm is not None and sx.info.episodes and body[sx.start : sx.start + 1] in "Ss":
        title_raw = title_raw[: sm.start()]
    info = sx.info
    if before is not None:
        if before.special_absolute_episodes:
            info = replace(info, special_absolute_episodes=before.special_absolute_episodes)
        else:
            info = replace(info, absolute_episodes=before.absolute_episodes)
    else:
        after = _abs_after(body, sx.end)
        if after:
            info = replace(info, absolute_episodes=after)
    return _finalize(title_raw, info)


def _explicit(b: _Body) -> _Parsed | None:
    """Season+episode markers, Turkish episode words and air dates."""
    body, offset = b.work, b.offset
    sx = _season_episode_marker(b)
    if sx is None:
        lm = _LEADING_SE_RE.match(body)
        if lm is not None and int(lm.group("e")) > 0:
            info = EpisodeInfo(season=int(lm.group("s")), episodes=(int(lm.group("e")),))
            return _finalize("", info), offset + lm.end()
        turkish = _ABS_TURKISH_RE.search(body)
        if turkish is not None and turkish.start() > 0:
            info = EpisodeInfo(absolute_episodes=(int(turkish.group("a")),))
            return _finalize(body[: turkish.start()], info), offset + turkish.end()
    daily, ambiguous = _daily(body)
    leading_date = daily is not None and daily.start == 0
    if sx is not None and leading_date and not _SXXEXX_RE.match(body, sx.start):
        sx = None  # a leading date beats a later "21x41"
    if sx is not None:
        date_first = daily is not None and daily.start < sx.start
        if not (date_first and daily and _QUALITY_BETWEEN_RE.search(body[daily.end : sx.start])):
            return _with_anime_numbers(b, sx, daily), offset + sx.end
    else:
        dutch = _DUTCH_RE.search(body)
        if dutch is not None:
            e2 = dutch.group("e2")
            episodes = _rng(int(dutch.group("e")), int(e2) if e2 else None)
            info = EpisodeInfo(season=int(dutch.group("s")), episodes=episodes)
            return _finalize(body[: dutch.start()], info), offset + dutch.end()
    if daily is not None:
        title_raw = _TRAILING_EP_RE.sub("", body[: daily.start].rstrip(" .-"))
        return _finalize(title_raw, daily.info), offset + daily.end
    return _REFUSED if ambiguous else None


def _packs(b: _Body) -> tuple[_Parsed | None, int]:
    """Spanish ``[Cap.101]`` and season packs; also where an anime "Title S2" ends."""
    body, offset = b.work, b.offset
    cap = _CAP_RE.search(body)
    if cap is not None:
        info = EpisodeInfo(season=int(cap.group("s")), episodes=(int(cap.group("e")),))
        title_end = min(
            (m.start() for m in (_SEASON_WORD_RE.search(body), _OPEN_BRACKET_RE.search(body)) if m),
            default=cap.start(),
        )
        return (_finalize(body[:title_end], info), offset + cap.end()), 0
    season_hit, anime_title_end = _season(body)
    if season_hit is None:
        return None, anime_title_end
    info = season_hit.info
    am = _DASH_NUMBER_RE.match(body, season_hit.end)
    if am is not None and _SEASON_WORD_START_RE.match(body, season_hit.start):
        number = int(am.group(1))
        if b.anime or body[season_hit.start] == "(":
            # "[Group] Title (Season 2) - 33": an absolute number within a named season.
            info = EpisodeInfo(season=info.season, absolute_episodes=(number,))
            return (_finalize(body[: season_hit.start], info), offset + season_hit.end), 0
        if number > info.season:
            info = replace(info, multi_season=True)  # "Season 1 - 3"
    title_raw = _COMPLETE_RE.sub("", body[: season_hit.start])
    cn = _CN_RANGE_RE.search(body)
    if cn is not None:
        episodes = _rng(int(cn.group("a")), int(cn.group("b")))
        info = replace(info, full_season=False, episodes=episodes)
    return (_finalize(title_raw, info), offset + season_hit.end), 0


def _implicit(b: _Body, anime_title_end: int) -> _Parsed | None:
    """Episode-only, specials, absolute numbers, compact ``SEE`` and short dates."""
    body, offset = b.work, b.offset
    hit = _e_only(body, b.korean) or _part_or_of(body)
    if hit is None:
        special = _SPECIAL_WORD_RE.search(body)
        absolute = _absolute(body, b.anime)
        if special is not None and (absolute is None or special.start() < absolute.start):
            info = EpisodeInfo(special=True)
            return _finalize(body[: special.start()], info), offset + special.end()
        if absolute is not None and anime_title_end and absolute.start >= anime_title_end:
            title = body[: absolute.start]
            if not _LATIN_RE.search(body[absolute.start : absolute.end]):
                title = _S0X_TAIL_RE.sub(r"S\1\2", title)  # "Title S02 - 01" -> "Title S2"
            return _finalize(title, absolute.info), offset + absolute.end
        see = _see(b.original) if not b.anime else None
        spaced = see is not None and b.original[see.start - 1 : see.start] == " "
        if see is not None and spaced and not _QUALITY_AFTER_RE.match(b.original, see.end):
            see = None  # "Title 103 720p HDTV" is a scene number; "Title 484 VOSTFR" is not
        if absolute is not None and see is not None and see.start <= absolute.start + 1:
            hit = see
        hit = hit or absolute or see
    hit = hit or _short_daily(body)
    if hit is None:
        return None
    return _finalize(body[: hit.start], hit.info), offset + hit.end


def has_unusable_date(text: str) -> bool:
    """Whether the name carries an air date the apps refuse (ambiguous or future)."""
    return _daily(text.replace("_", " "))[1]


def parse_episode(text: str) -> tuple[EpisodeInfo, int] | None:
    """Parse the TV structure of a cleaned name.

    Returns the episode info and the offset in ``text`` where the title ends (the
    tail after it holds the tags), or None when no episode marker was found or
    the marker is ambiguous.
    """
    if "[" in text or "(" in text:
        text = _HASH_RE.sub("", text)
    text = text.rstrip(" ._-")
    if text.startswith("[") and not _SXXEXX_RE.search(text):
        uni = _unicode_brackets(text)
        if uni is not None:
            title, info = uni
            return replace(info, series_title=title, title_without_year=title), len(text)
    b = _body(text)
    if not b.work.strip():
        return None
    found = _explicit(b)
    if found is _REFUSED:
        return None
    if found is None:
        found, anime_title_end = _packs(b)
        if found is None:
            found = _implicit(b, anime_title_end)
    return found


def _finalize(title_raw: str, info: EpisodeInfo) -> EpisodeInfo:
    """Attach title, alternative titles (``AKA``) and year to an episode info."""
    title = _finish_title(title_raw)
    titles: tuple[str, ...] = ()
    if not title.isascii() or "aka" in title.lower():  # non-ASCII: case folds beyond lower()
        parts = [p.strip() for p in _AKA_RE.split(title) if p.strip()]
        if len(parts) > 1:
            titles = tuple(parts)
    without_year, year = _split_year(title)
    return replace(
        info, series_title=title, series_titles=titles, title_without_year=without_year, year=year
    )
