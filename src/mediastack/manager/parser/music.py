"""Album structure (Lidarr semantics): artist, album, year, discography, disc.

Music posts are "Artist - Album (Year) [Format]" or scene style
"Artist-Album-WEB-2018-GROUP". The album ends at the first bracket, year or
format word; a discography is recognised by its keyword in any language.
"""

from __future__ import annotations

import re

from mediastack.manager.parser.model import MusicInfo
from mediastack.manager.parser.text import clean_title

_I = re.IGNORECASE
_OPEN_BEFORE_RE = re.compile(r"[-(\[]\s*$")
_ARTIST_TAIL_RE = re.compile(r"\s+(?:Complete|Studio|The)\s*$", _I)
_WS_RE = re.compile(r"\s+")
_PREFIX_RE = re.compile(r"^\s*(?:(?:\([^()]{1,40}\)|\[[^\[\]]{0,40}\])\s*)+")
_DISCO_RE = re.compile(
    r"(?<![A-Za-z])(?:discography|discografia|discographie|diskografie)(?![A-Za-z])", _I
)
_DISCO_RANGE_RE = re.compile(r"(?<![0-9])((?:19|20)\d\d)\s*-\s*((?:19|20)\d\d)(?![0-9])")
_YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)\d\d)(?![0-9])")
_FORMAT_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:flac|mp3|aac|m4a|alac|ape|ogg|wav|wavpack|lossless|web|cd|cdrip|vinyl|"
    r"\d{2,3}\s?kbps|320|256|224|192|160|128|2cd|\d+cd|24bit|16bit|itunes|single|ep|album|deluxe|remaster(?:ed)?|"
    r"discography)(?![A-Za-z0-9])",
    _I,
)
_ALBUM_END_RE = re.compile(r"\s*[\[({]|\s+-\s+(?=(?:19|20)\d\d|lossless|flac|mp3|web|cd)", _I)
_SEP_DASH_RE = re.compile(r"\s+[-–]\s*|\s*[-–]\s+")
_DISC_RE = re.compile(r"(?<![A-Za-z0-9])(\d)CD(?![A-Za-z])", _I)


def _cut_album(raw: str) -> str:
    """End the album name at the first bracket, year or format word."""
    m = _ALBUM_END_RE.search(raw)
    if m is not None and m.start() > 0:
        raw = raw[: m.start()]
    ym = _YEAR_RE.search(raw)
    if ym is not None and ym.start() > 0:
        raw = raw[: ym.start()]
    fm = _FORMAT_RE.search(raw)
    while fm is not None and fm.start() > 0:
        word = fm.group(0).lower()
        if word in ("album", "single", "ep", "deluxe") and not _OPEN_BEFORE_RE.search(
            raw[: fm.start()]
        ):
            fm = _FORMAT_RE.search(raw, fm.end())
            continue
        if word.isdigit() and raw[fm.end() :].strip() != "" and len(word) == 3:
            fm = _FORMAT_RE.search(raw, fm.end())
            continue
        raw = raw[: fm.start()]
        break
    return raw.strip(" -_.~,")


def parse_music(text: str) -> tuple[MusicInfo, int] | None:
    """Parse a cleaned name as an album post; return the info and where tags start."""
    m = _PREFIX_RE.match(text)
    body = text[m.end() :] if m else text
    offset = len(text) - len(body)
    disco = _DISCO_RE.search(body)
    disc_m = _DISC_RE.search(body)
    disc = int(disc_m.group(1)) if disc_m else 0
    if disco is not None:
        before = body[: disco.start()]
        artist = _SEP_DASH_RE.split(before)[0] if _SEP_DASH_RE.search(before) else before
        artist = _ARTIST_TAIL_RE.sub("", artist.strip(" -"))
        artist = clean_title(artist)
        rng = _DISCO_RANGE_RE.search(body)
        start = int(rng.group(1)) if rng else 0
        end = int(rng.group(2)) if rng else 0
        if not artist:
            return None
        info = MusicInfo(
            artist=artist,
            album="Discography",
            discography=True,
            discography_start=start,
            discography_end=end,
            disc=disc,
        )
        return info, offset + disco.end()
    dash = _SEP_DASH_RE.search(body)
    year = 0
    if dash is not None:
        artist = body[: dash.start()]
        rest = body[dash.end() :]
    else:
        scene = body.replace("_", " ")
        parts = scene.split("-")
        if len(parts) < 2:
            return None
        artist = parts[0]
        rest_parts = parts[1:]
        if rest_parts and _YEAR_RE.fullmatch(rest_parts[0].strip()):
            year = int(rest_parts[0])
            rest_parts = rest_parts[1:]
        rest = rest_parts[0] if rest_parts else ""
    ym = _YEAR_RE.search(rest)
    if ym is not None and not year:
        year = int(ym.group(1))
    if not year:
        any_year = _YEAR_RE.search(body[len(artist) :])
        year = int(any_year.group(1)) if any_year else 0
    album = _cut_album(rest.replace("_", " ") if "_" in body else rest)
    artist = clean_title(artist.replace("_", " "))
    album = album.replace("_", " ").strip()
    album = _WS_RE.sub(" ", album)
    if not artist or not album:
        return None
    return MusicInfo(artist=artist, album=album, year=year, disc=disc), offset + len(body)
