"""Typed wrapper around sabctools' streaming NNTP/yEnc decoder.

``sabctools.Decoder`` consumes the raw byte stream of an NNTP connection: it splits
responses, undoes dot-stuffing, decodes yEnc (SIMD) and checks the part CRC in one C pass.
The socket receives straight into its buffer (:meth:`ResponseDecoder.buffer`), so bytes are
copied once, by the kernel. The pass releases the GIL, so a caller may run it on a thread;
the connection runs it inline because at ~4 GB/s per core a thread hand-off costs as much
as the decode itself (see ``docs/benchmarks-usenet.md``). This module is the only place that
touches sabctools' decoder, so the rest of the engine sees plain typed values.
"""

from __future__ import annotations

from dataclasses import dataclass

import sabctools

__all__ = ["DecodedPart", "NntpReply", "ResponseDecoder", "decode_article"]

_DEFAULT_BUFFER = 1024 * 1024


@dataclass(frozen=True, slots=True)
class DecodedPart:
    """Decoded bytes of one article and where they belong in the posted file."""

    offset: int
    data: bytearray
    crc_ok: bool
    file_size: int
    file_name: str | None


@dataclass(frozen=True, slots=True)
class NntpReply:
    """One server response, paired with the context given when the command was sent."""

    context: object
    status: int
    message: str
    part: DecodedPart | None

    @property
    def is_missing(self) -> bool:
        """430 (no such message-id) and 423 (no such number) mean the server lacks it."""
        return self.status in (430, 423)


def _to_reply(response: sabctools.NNTPResponse) -> NntpReply:
    part: DecodedPart | None = None
    data = response.data
    if response.status_code in (220, 222) and data is not None and response.format is not None:
        crc_ok = response.crc is not None and response.crc_expected is not None
        part = DecodedPart(
            offset=response.part_begin,
            data=data,
            crc_ok=crc_ok and response.bytes_decoded == len(data) and not response.baddata,
            file_size=response.file_size,
            file_name=response.file_name,
        )
    return NntpReply(
        context=response.context,
        status=response.status_code,
        message=response.message or "",
        part=part,
    )


class ResponseDecoder:
    """Decodes one connection's byte stream into replies, in the order commands were sent.

    Not thread-safe: one connection owns it and feeds it from one thread at a time.
    """

    def __init__(self, buffer_size: int = _DEFAULT_BUFFER) -> None:
        self._buffer_size = buffer_size
        self._decoder = sabctools.Decoder(buffer_size)
        self._pending: list[object] = []

    def expect(self, context: object) -> None:
        """Record that a command was sent; its reply will carry ``context``."""
        self._decoder.expect(context)
        self._pending.append(context)

    @property
    def pending(self) -> tuple[object, ...]:
        """Contexts of commands sent whose replies have not been decoded yet, oldest first."""
        return tuple(self._pending)

    def buffer(self) -> memoryview:
        """The decoder's free space, for a socket to receive into directly (no copy)."""
        return memoryview(self._decoder)

    def process(self, nbytes: int) -> list[NntpReply]:
        """Decode ``nbytes`` just written into :meth:`buffer`; returns the completed replies."""
        self._decoder.process(nbytes)
        replies = [_to_reply(response) for response in self._decoder]
        del self._pending[: len(replies)]
        return replies

    def feed(self, data: bytes | bytearray | memoryview) -> list[NntpReply]:
        """Copy received bytes into the decoder and decode them (for callers without a socket)."""
        replies: list[NntpReply] = []
        view = memoryview(data)
        pos = 0
        while pos < len(view):
            with memoryview(self._decoder) as free:
                n = min(len(free), len(view) - pos)
                free[:n] = view[pos : pos + n]
            pos += n
            replies += self.process(n)
        return replies

    def reset(self) -> list[object]:
        """Forget the stream (the connection died); returns the contexts left unanswered."""
        lost = self._pending
        self._pending = []
        self._decoder = sabctools.Decoder(self._buffer_size)
        return lost


def decode_article(body: bytes) -> DecodedPart | None:
    """Decode one dot-stuffed article body (as a BODY reply carries it, without status line).

    A convenience for tests and tools; the download path streams through
    :class:`ResponseDecoder` instead.
    """
    decoder = ResponseDecoder(max(64 * 1024, len(body) + 1024))
    decoder.expect(None)
    terminated = body if body.endswith(b"\r\n") else body + b"\r\n"
    replies = decoder.feed(b"222 0 <article>\r\n" + terminated + b".\r\n")
    return replies[0].part if replies else None
