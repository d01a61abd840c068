"""NZB parsing: valid input, hostile XML, absurd sizes, names and passwords."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mediastack.usenet.engine.nzb import (
    InvalidNzbError,
    NzbLimits,
    filename_from_subject,
    parse_nzb,
    split_password,
)

VALID = b"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE nzb PUBLIC "-//newzBin//DTD NZB 1.1//EN" "http://www.newzbin.com/DTD/nzb/nzb-1.1.dtd">
<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">
  <head>
    <meta type="title">Some.Show.S01E01</meta>
    <meta type="password">hunter2</meta>
    <meta type="category">TV &gt; HD</meta>
  </head>
  <file poster="p &lt;p@x&gt;" date="1700000000" subject='[1/2] - "show.part01.rar" yEnc (1/3)'>
    <groups><group>alt.binaries.test</group><group>alt.binaries.misc</group></groups>
    <segments>
      <segment bytes="1000" number="2">b@x</segment>
      <segment bytes="1100" number="1">&lt;a@x&gt;</segment>
      <segment bytes="900" number="3">c@x</segment>
      <segment bytes="999" number="3">duplicate@x</segment>
    </segments>
  </file>
  <file poster="p" date="1700000000" subject='[2/2] - "show.vol03+04.PAR2" yEnc (1/1)'>
    <groups><group>alt.binaries.test</group></groups>
    <segments><segment bytes="500" number="1">d@x</segment></segments>
  </file>
  <file poster="p" date="1700000000" subject="empty file">
    <groups><group>alt.binaries.test</group></groups>
    <segments/>
  </file>
</nzb>
"""


def nzb_with(segments: str, subject: str = '"a.bin" yEnc (1/1)') -> bytes:
    return (
        f'<nzb><file subject=\'{subject}\' poster="p" date="1"><groups><group>g</group></groups>'
        f"<segments>{segments}</segments></file></nzb>"
    ).encode()


def test_valid_nzb_is_parsed_into_typed_models() -> None:
    nzb = parse_nzb(VALID)
    assert nzb.meta == {"title": "Some.Show.S01E01", "password": "hunter2", "category": "TV > HD"}
    assert (nzb.password, nzb.category, nzb.title) == ("hunter2", "TV > HD", "Some.Show.S01E01")
    first, volume = nzb.files  # the file without segments is dropped
    assert first.filename == "show.part01.rar"
    assert first.poster == "p <p@x>"
    assert first.date == 1700000000
    assert first.groups == ("alt.binaries.test", "alt.binaries.misc")
    assert [(s.number, s.bytes, s.message_id) for s in first.segments] == [
        (1, 1100, "a@x"),
        (2, 1000, "b@x"),
        (3, 900, "c@x"),
    ]
    assert first.bytes == 3000 and nzb.total_bytes == 3500 and nzb.segment_count == 4
    assert not first.is_par2 and first.par2_volume_blocks is None
    assert volume.is_par2 and volume.par2_volume_blocks == 4


def test_namespace_is_optional() -> None:
    nzb = parse_nzb(nzb_with('<segment bytes="10" number="1">a@b</segment>'))
    assert nzb.files[0].filename == "a.bin" and nzb.meta == {}


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE nzb [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<nzb><head><meta type="title">&lol3;</meta></head></nzb>
"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE nzb [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<nzb><head><meta type="title">&xxe;</meta></head></nzb>
"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BILLION_LAUGHS, "forbidden XML construct"),
        (XXE, "forbidden XML construct"),
        (b"<nzb><file>", "not well-formed XML"),
        (b"\x00\x01garbage", "not well-formed XML"),
        (b"", "NZB is empty"),
        (b"<html><body/></html>", "root element is <html>"),
        (b"<nzb><head/></nzb>", "no files with segments"),
        (nzb_with('<segment bytes="10" number="x">a@b</segment>'), "'x' is not a whole number"),
        (nzb_with('<segment bytes="10" number="0">a@b</segment>'), "out of range"),
        (nzb_with('<segment bytes="-5" number="1">a@b</segment>'), "out of range"),
        (nzb_with('<segment bytes="99999999999" number="1">a@b</segment>'), "out of range"),
        (nzb_with('<segment bytes="10">a@b</segment>'), "lacks the 'number' attribute"),
        (nzb_with('<segment bytes="10" number="1"></segment>'), "no valid message-id"),
        (nzb_with('<segment bytes="10" number="1">a b@c</segment>'), "forbidden characters"),
        (nzb_with('<segment bytes="10" number="1">a&gt;b@c</segment>'), "forbidden characters"),
        (nzb_with('<segment bytes="10" number="1">café@c</segment>'), "forbidden characters"),
        (b'<?xml version="1.0" encoding="bogus"?><nzb/>', "unknown encoding: bogus"),
    ],
)
def test_bad_nzbs_are_refused_with_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(InvalidNzbError, match=message):
        parse_nzb(data)


def test_absurd_sizes_and_counts_are_refused() -> None:
    many = "".join(f'<segment bytes="1" number="{n}">m{n}@x</segment>' for n in range(1, 12))
    with pytest.raises(InvalidNzbError, match="more than 10 segments"):
        parse_nzb(nzb_with(many), NzbLimits(max_segments_per_file=10))
    with pytest.raises(InvalidNzbError, match="more than 5 segments"):
        parse_nzb(nzb_with(many), NzbLimits(max_segments=5))
    with pytest.raises(InvalidNzbError, match="more than 10 bytes"):
        parse_nzb(nzb_with(many), NzbLimits(max_total_bytes=10))
    with pytest.raises(InvalidNzbError, match="cap"):
        parse_nzb(nzb_with(many), NzbLimits(max_nzb_bytes=100))
    two_files = nzb_with(many).replace(b"</nzb>", b"") + nzb_with(many)[5:]
    with pytest.raises(InvalidNzbError, match="more than 1 files"):
        parse_nzb(two_files, NzbLimits(max_files=1))


def test_duplicate_file_names_are_made_unique() -> None:
    seg = '<segment bytes="1" number="1">{}@x</segment>'
    file = "<file subject='\"a.bin\" yEnc (1/1)'><segments>{}</segments></file>"
    data = f"<nzb>{file.format(seg.format(1))}{file.format(seg.format(2))}</nzb>".encode()
    assert [f.filename for f in parse_nzb(data).files] == ["a.bin", "a.1.bin"]


@pytest.mark.parametrize(
    ("subject", "name"),
    [
        ('[01/18] - "Show.S01E01.part01.rar" yEnc (1/150)', "Show.S01E01.part01.rar"),
        ('Re: "name with spaces.mkv" (3/9)', "name with spaces.mkv"),
        ("Show.S01E01.nfo yEnc (1/1)", "Show.S01E01.nfo"),
        ("[PRiVATE]-[#a.b.x]- Show.S01E01.mkv (01/99)", "Show.S01E01.mkv"),
        ("no name at all", "no name at all"),
        ('"../../etc/passwd.txt" yEnc (1/1)', "passwd.txt"),
        ('"C:\\Windows\\evil.exe" yEnc (1/1)', "evil.exe"),
        ('"CON.txt" yEnc (1/1)', "_CON.txt"),
        ('"a\x01b.bin" yEnc (1/1)', "a_b.bin"),
        ('".." yEnc (1/1)', "_.._ yEnc (1_1)"),
        ("", "_"),
    ],
)
def test_file_names_come_from_subjects_and_are_safe(subject: str, name: str) -> None:
    result = filename_from_subject(subject)
    assert result == name
    assert "/" not in result and "\\" not in result and result not in (".", "..")


@pytest.mark.parametrize(
    ("job", "expected"),
    [
        ("Some.Movie.2026{{s3cret}}", ("Some.Movie.2026", "s3cret")),
        ("Some Movie {{pass word}} ", ("Some Movie", "pass word")),
        ("Some.Movie.2026", ("Some.Movie.2026", None)),
        ("{{only}}", ("", "only")),
        ("Odd{{}}", ("Odd{{}}", None)),
    ],
)
def test_password_in_job_name(job: str, expected: tuple[str, str | None]) -> None:
    assert split_password(job) == expected


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_only_ever_raise_invalid_nzb(data: bytes) -> None:
    with contextlib.suppress(InvalidNzbError):
        parse_nzb(data)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_subject_gives_a_safe_single_component_name(subject: str) -> None:
    name = filename_from_subject(subject)
    assert name and "/" not in name and "\x00" not in name and name not in (".", "..")
