"""What a file's name and folders say about a track when its tags say nothing.

Rips without tags are common ("01 - Title.flac", "1-01 Title.mp3", "Artist - Album - 03 -
Title.mp3", folders "CD1"/"Disc 2"). One name alone is ambiguous ("Foo - Bar": artist and
title, or title with a dash?), so names are read per file and then settled per folder:
a leading part that every file of the folder shares is the artist (or album), not part of
each title, and three-digit numbers (101, 102, 201) are disc and track only when the
whole folder numbers that way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

_DISC_FOLDER = re.compile(
    r"^(?:.*?[\s._(\[-])?(?:cd|dis[ck]|medium)[\s._-]*(\d{1,2})(?:\b|$)", re.IGNORECASE
)
# "1-01", "1.01", "01", "101"; then the separator (" - ", ". ", "_", " ")
_NUMBER = re.compile(r"^(?:(?P<disc>\d{1,2})[-.](?=\d{2}))?(?P<track>\d{1,3})(?!\d)")
_AFTER_NUMBER = re.compile(r"^\s*(?:[-._)\]]\s*)*")
_SPLIT = re.compile(r"\s+[-–]\s+")
_UNDERSCORES = re.compile(r"_+")


@dataclass(frozen=True, slots=True)
class NameInfo:
    """What one file name says; None where it says nothing."""

    track: int | None = None
    disc: int | None = None
    title: str | None = None
    artist: str | None = None
    album: str | None = None
    raw_number: str | None = None  # the digits as written ("101"), for folder-wide settling


def disc_from_folder(name: str) -> int | None:
    """``CD1``, ``Disc 2``, ``Album (Disk 03)`` -> the disc number; other names -> None."""
    match = _DISC_FOLDER.match(name.strip())
    return int(match.group(1)) if match else None


def _tidy(text: str) -> str:
    return " ".join(_UNDERSCORES.sub(" ", text).split()).strip(" -")


def parse_name(stem: str) -> NameInfo:
    """One file name without extension: ``[Artist - [Album - ]]NN[ -] Title``, or the
    scene's ``NN-artist_name-title_words``."""
    text = stem.strip()
    scene = " " not in text and "-" in text
    parts = [_tidy(p) for p in text.split("-")] if scene else _SPLIT.split(_tidy(text))
    for index, part in enumerate(parts):
        match = _NUMBER.match(part.strip())
        if match is None:
            continue
        rest = _AFTER_NUMBER.sub("", part.strip()[match.end() :], count=1)
        title = " - ".join([rest, *parts[index + 1 :]] if rest else parts[index + 1 :])
        before = [p.strip() for p in parts[:index] if p.strip()]
        if not title and not before and index == 0 and not rest:
            return NameInfo(track=int(match.group("track")), raw_number=match.group("track"))
        return NameInfo(
            track=int(match.group("track")),
            disc=int(match.group("disc")) if match.group("disc") else None,
            title=_tidy(title) or None,
            artist=before[0] if before else None,
            album=before[1] if len(before) > 1 else None,
            raw_number=match.group("track"),
        )
    return NameInfo(title=_tidy(text) or None)


def _shared_prefix(titles: Sequence[str | None]) -> str | None:
    """A ``"X - "`` part every title starts with (an artist or album in every name)."""
    heads = {(_SPLIT.split(t, maxsplit=1)[0] if t and _SPLIT.search(t) else None) for t in titles}
    if len(heads) == 1:
        head = heads.pop()
        return head if head else None
    return None


def settle_folder(infos: Sequence[NameInfo]) -> list[NameInfo]:
    """Names of one folder read together (see the module docstring)."""
    out = list(infos)
    if len(out) > 1:
        prefix = _shared_prefix([i.title for i in out])
        if prefix is not None:
            out = [
                replace(
                    i,
                    title=_SPLIT.split(i.title or "", maxsplit=1)[1],
                    artist=i.artist or prefix,
                    album=i.album if i.artist is None else i.album or prefix,
                )
                for i in out
            ]
    raws = [i.raw_number for i in out if i.raw_number]
    if raws and len(raws) == len(out) and all(len(r) == 3 and r[0] != "0" for r in raws):
        discs = {int(r[0]) for r in raws}
        if len(discs) > 1 or (len(out) > 1 and all(int(r[1:]) > 0 for r in raws)):
            out = [
                replace(i, disc=i.disc or int(i.raw_number[0]), track=int(i.raw_number[1:]))
                if i.raw_number
                else i
                for i in out
            ]
    return out
