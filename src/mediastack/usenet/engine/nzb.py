"""NZB parsing: untrusted XML in, typed and sanity-checked models out.

An NZB comes from an indexer or a user upload, so it is hostile until proven otherwise.
defusedxml refuses entity declarations and external references (billion laughs, XXE); the
size caps below refuse NZBs that would make the engine allocate or schedule absurd amounts of
work. Everything the rest of the engine needs (file names, the job password, par2 roles) is
derived here once, so later stages never look at raw subjects again.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

# defusedxml ships no type hints; types-defusedxml is optional, hence "unused-ignore".
from defusedxml import DefusedXmlException  # type: ignore[import-untyped, unused-ignore]
from defusedxml.ElementTree import (  # type: ignore[import-untyped, unused-ignore]
    iterparse as _defused_iterparse,
)

from mediastack.core.fs import safe_name

__all__ = [
    "InvalidNzbError",
    "Nzb",
    "NzbFile",
    "NzbLimits",
    "Segment",
    "filename_from_subject",
    "parse_nzb",
    "split_password",
]


class InvalidNzbError(ValueError):
    """The NZB cannot be used; the message says why in words a user can act on."""


@dataclass(frozen=True, slots=True)
class NzbLimits:
    """Caps that keep a hostile or broken NZB from exhausting memory, disk or time.

    The defaults are far above any real release (a 100 GB post at 700 KB per article has
    about 150 000 segments) and far below what would hurt the process.
    """

    max_nzb_bytes: int = 64 * 1024 * 1024
    max_files: int = 20_000
    max_segments: int = 2_000_000
    max_segments_per_file: int = 500_000
    max_segment_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 4 * 1024**4
    max_message_id_length: int = 250


@dataclass(frozen=True, slots=True)
class Segment:
    """One article: its position in the file, its encoded size and its message-id (no <>)."""

    number: int
    bytes: int
    message_id: str


_PAR2_VOLUME = re.compile(r"\.vol\d+[+-](\d+)\.par2$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NzbFile:
    """One posted file: the subject it was posted under and its segments in order."""

    subject: str
    poster: str
    date: int
    groups: tuple[str, ...]
    segments: tuple[Segment, ...]
    filename: str = field(default="")
    bytes: int = field(init=False)
    """Encoded size on the wire (the NZB does not know the decoded size)."""

    def __post_init__(self) -> None:
        # Computed once: the pipeline asks for it per article.
        object.__setattr__(self, "bytes", sum(s.bytes for s in self.segments))

    @property
    def is_par2(self) -> bool:
        return self.filename.lower().endswith(".par2")

    @property
    def par2_volume_blocks(self) -> int | None:
        """Recovery blocks a ``.volNN+MM.par2`` file carries; None for other files."""
        match = _PAR2_VOLUME.search(self.filename)
        return int(match.group(1)) if match else None


@dataclass(frozen=True, slots=True)
class Nzb:
    """A parsed NZB: ``<head>`` metadata (first value per type) and the posted files."""

    meta: dict[str, str]
    files: tuple[NzbFile, ...]

    @property
    def password(self) -> str | None:
        return self.meta.get("password") or None

    @property
    def category(self) -> str | None:
        return self.meta.get("category") or None

    @property
    def title(self) -> str | None:
        return self.meta.get("title") or None

    @property
    def total_bytes(self) -> int:
        return sum(f.bytes for f in self.files)

    @property
    def segment_count(self) -> int:
        return sum(len(f.segments) for f in self.files)


# `"name.ext"` anywhere in the subject is the convention every poster follows.
_QUOTED = re.compile(r'"([^"]+\.[^"]+)"')
# `name.ext yEnc (1/20)` and `name.ext (1/20)` without quotes.
_YENC = re.compile(r"(?:^|[\s\]\-])([^\s\"\[\]]+\.[A-Za-z0-9]{1,10})\s+(?:yEnc\s*)?\(\d+/\d+\)")
_PASSWORD_IN_NAME = re.compile(r"^(?P<name>.*?)\s*\{\{(?P<password>.+?)\}\}\s*$", re.DOTALL)
# RFC 5536: printable US-ASCII only, and never the angle brackets that delimit it on the wire.
_MESSAGE_ID_BAD = re.compile(r"[^\x21-\x7e]|[<>]")


def filename_from_subject(subject: str) -> str:
    """The file name a subject announces, made safe to create; the subject itself otherwise."""
    match = _QUOTED.search(subject) or _YENC.search(subject)
    if match is None:
        return safe_name(subject.strip())
    # Posters sometimes include directories; only the last component is a file name.
    return safe_name(match.group(1).replace("\\", "/").rsplit("/", 1)[-1].strip())


def split_password(job_name: str) -> tuple[str, str | None]:
    """Split SABnzbd's ``Name{{password}}`` convention into (name, password)."""
    match = _PASSWORD_IN_NAME.match(job_name)
    if not match:
        return job_name, None
    return match.group("name").strip(), match.group("password")


def _events(data: bytes) -> Iterator[tuple[str, Element]]:
    """defusedxml's incremental parser with entities and external references forbidden.

    A DOCTYPE naming the newzbin DTD is normal in NZBs; entity declarations are not.
    """
    events: Iterator[tuple[str, Element]] = _defused_iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        forbid_dtd=False,
        forbid_entities=True,
        forbid_external=True,
    )
    return events


def _local(tag: str) -> str:
    """Tag name without its namespace: NZBs appear with and without the newzbin xmlns."""
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> Iterable[Element]:
    return (child for child in element if _local(child.tag) == name)


def _int_attr(element: Element, name: str, default: int | None = None) -> int:
    raw = element.get(name)
    if raw is None:
        if default is None:
            raise InvalidNzbError(f"<{_local(element.tag)}> lacks the {name!r} attribute")
        return default
    try:
        return int(raw.strip())
    except ValueError:
        raise InvalidNzbError(f"{name}={raw!r} is not a whole number") from None


def _parse_segments(file_el: Element, limits: NzbLimits, subject: str) -> tuple[Segment, ...]:
    by_number: dict[int, Segment] = {}
    for segments_el in _children(file_el, "segments"):
        for seg_el in _children(segments_el, "segment"):
            if len(by_number) >= limits.max_segments_per_file:
                raise InvalidNzbError(
                    f"file {subject!r} has more than {limits.max_segments_per_file} segments"
                )
            number = _int_attr(seg_el, "number")
            size = _int_attr(seg_el, "bytes", default=0)
            if number < 1 or number > limits.max_segments_per_file:
                raise InvalidNzbError(f"segment number {number} out of range in {subject!r}")
            if size < 0 or size > limits.max_segment_bytes:
                raise InvalidNzbError(f"segment size {size} out of range in {subject!r}")
            message_id = (seg_el.text or "").strip()
            if message_id.startswith("<") and message_id.endswith(">"):
                message_id = message_id[1:-1]
            if not message_id or len(message_id) > limits.max_message_id_length:
                raise InvalidNzbError(f"segment {number} of {subject!r} has no valid message-id")
            if _MESSAGE_ID_BAD.search(message_id):
                raise InvalidNzbError(f"message-id {message_id!r} contains forbidden characters")
            # Duplicate numbers happen in sloppy NZBs; the first one wins, like SABnzbd.
            by_number.setdefault(number, Segment(number, size, message_id))
    return tuple(by_number[n] for n in sorted(by_number))


def _unique(name: str, taken: set[str]) -> str:
    if name.lower() not in taken:
        taken.add(name.lower())
        return name
    stem, dot, ext = name.rpartition(".")
    base, suffix = (stem, f".{ext}") if dot else (name, "")
    n = 1
    while f"{base}.{n}{suffix}".lower() in taken:
        n += 1
    unique = f"{base}.{n}{suffix}"
    taken.add(unique.lower())
    return unique


def parse_nzb(data: bytes, limits: NzbLimits | None = None) -> Nzb:
    """Parse and validate NZB bytes; raises :class:`InvalidNzbError` with a clear reason.

    The XML is read incrementally and every ``<file>`` element is dropped once converted,
    so a large NZB never exists twice in memory (as a tree and as models).
    """
    limits = limits or NzbLimits()
    if len(data) > limits.max_nzb_bytes:
        raise InvalidNzbError(f"NZB is {len(data)} bytes, more than the {limits.max_nzb_bytes} cap")
    if not data.strip():
        raise InvalidNzbError("NZB is empty")
    try:
        return _build(_events(data), limits)
    except DefusedXmlException as exc:
        raise InvalidNzbError(f"NZB refused: forbidden XML construct ({exc})") from None
    except ParseError as exc:
        raise InvalidNzbError(f"NZB is not well-formed XML: {exc}") from None
    except LookupError as exc:  # an XML declaration naming an unknown encoding
        raise InvalidNzbError(f"NZB is not readable XML: {exc}") from None


def _build(events: Iterator[tuple[str, Element]], limits: NzbLimits) -> Nzb:
    meta: dict[str, str] = {}
    files: list[NzbFile] = []
    taken: set[str] = set()
    segment_total = 0
    byte_total = 0
    seen_root = False
    for event, element in events:
        name = _local(element.tag)
        if event == "start":
            if not seen_root and name != "nzb":
                raise InvalidNzbError(f"root element is <{name}>, expected <nzb>")
            seen_root = True
            continue
        if name == "meta":
            key = (element.get("type") or "").strip().lower()
            if key and key not in meta:
                meta[key] = (element.text or "").strip()
        elif name == "file":
            if len(files) >= limits.max_files:
                raise InvalidNzbError(f"NZB lists more than {limits.max_files} files")
            nzb_file = _build_file(element, limits, taken)
            element.clear()
            if nzb_file is None:
                continue  # an empty <file> carries nothing to download; SABnzbd skips it too
            segment_total += len(nzb_file.segments)
            byte_total += nzb_file.bytes
            if segment_total > limits.max_segments:
                raise InvalidNzbError(f"NZB lists more than {limits.max_segments} segments")
            if byte_total > limits.max_total_bytes:
                raise InvalidNzbError(f"NZB announces more than {limits.max_total_bytes} bytes")
            files.append(nzb_file)
    if not files:
        raise InvalidNzbError("NZB contains no files with segments")
    return Nzb(meta=meta, files=tuple(files))


def _build_file(file_el: Element, limits: NzbLimits, taken: set[str]) -> NzbFile | None:
    subject = (file_el.get("subject") or "").strip()
    segments = _parse_segments(file_el, limits, subject)
    if not segments:
        return None
    groups = tuple(
        (g.text or "").strip() for gs in _children(file_el, "groups") for g in gs if g.text
    )
    return NzbFile(
        subject=subject,
        poster=(file_el.get("poster") or "").strip(),
        date=_int_attr(file_el, "date", default=0),
        groups=groups,
        segments=segments,
        filename=_unique(filename_from_subject(subject or "unnamed"), taken),
    )
