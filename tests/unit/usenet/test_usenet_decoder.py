"""yEnc decoding through sabctools: CRC checks, dot-unstuffing, pipelined replies."""

from __future__ import annotations

import zlib

import pytest
import sabctools

from mediastack.usenet.engine.decoder import ResponseDecoder, decode_article


def article(
    data: bytes, *, begin: int = 0, size: int | None = None, crc: int | None = None
) -> bytes:
    encoded, real_crc = sabctools.yenc_encode(data)
    crc = real_crc if crc is None else crc
    size = len(data) if size is None else size
    return (
        (
            f"=ybegin part=1 total=1 line=128 size={size} name=x.bin\r\n"
            f"=ypart begin={begin + 1} end={begin + len(data)}\r\n"
        ).encode()
        + bytes(encoded)
        + f"\r\n=yend size={len(data)} part=1 pcrc32={crc:08x}\r\n".encode()
    )


def test_good_article_decodes_with_offset_and_crc() -> None:
    data = bytes(range(256)) * 40
    part = decode_article(article(data, begin=5000, size=20000))
    assert part is not None
    assert bytes(part.data) == data
    assert (part.offset, part.file_size, part.file_name, part.crc_ok) == (
        5000,
        20000,
        "x.bin",
        True,
    )


def test_bad_crc_is_reported() -> None:
    data = b"payload" * 1000
    part = decode_article(article(data, crc=zlib.crc32(data) ^ 1))
    assert part is not None and not part.crc_ok


def test_corrupted_body_fails_the_crc() -> None:
    raw = bytearray(article(b"payload" * 1000))
    middle = len(raw) // 2
    raw[middle] = ord("A") if raw[middle] != ord("A") else ord("B")
    part = decode_article(bytes(raw))
    assert part is not None and not part.crc_ok


def test_article_without_crc_is_not_trusted() -> None:
    raw = article(b"payload" * 10).replace(b" pcrc32=", b" nocrc=")
    part = decode_article(raw)
    assert part is not None and not part.crc_ok


def test_dot_stuffed_lines_are_unstuffed() -> None:
    # Byte 4 encodes to "." (4 + 42 = 46); at the start of a line NNTP doubles it.
    data = bytes([4, 4, 65])
    crc = zlib.crc32(data)
    body = (
        b"=ybegin part=1 total=1 line=128 size=3 name=d.bin\r\n=ypart begin=1 end=3\r\n"
        + b"...k\r\n"
        + f"=yend size=3 part=1 pcrc32={crc:08x}\r\n".encode()
    )
    part = decode_article(body)
    assert part is not None and part.crc_ok and bytes(part.data) == data


@pytest.mark.parametrize("chunk", [1, 7, 4096, 1 << 20])
def test_pipelined_replies_come_back_in_order_whatever_the_chunking(chunk: int) -> None:
    data = b"\x00\r\n.=" * 5000
    stuffed = article(data).replace(b"\r\n.", b"\r\n..")
    stream = (
        b"200 hello\r\n430 No such article\r\n222 0 <a@b>\r\n" + stuffed + b".\r\n"
        b"423 no such number\r\n480 auth required\r\n"
    )
    decoder = ResponseDecoder(64 * 1024)
    for context in ("greeting", "gone", "body", "number", "auth"):
        decoder.expect(context)
    replies = []
    for start in range(0, len(stream), chunk):
        replies += decoder.feed(stream[start : start + chunk])
    assert [(r.context, r.status) for r in replies] == [
        ("greeting", 200),
        ("gone", 430),
        ("body", 222),
        ("number", 423),
        ("auth", 480),
    ]
    assert [r.is_missing for r in replies] == [False, True, False, True, False]
    body = replies[2].part
    assert body is not None and body.crc_ok and bytes(body.data) == data
    assert decoder.pending == ()


def test_reset_returns_unanswered_contexts() -> None:
    decoder = ResponseDecoder()
    decoder.expect("one")
    decoder.expect("two")
    assert decoder.feed(b"430 gone\r\n222 0 <x>\r\n=ybegin part=1 ")[0].context == "one"
    assert decoder.reset() == ["two"]
    assert decoder.pending == ()
