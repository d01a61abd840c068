"""Typed wrapper around sabctools' streaming NNTP/yEnc decoder.

``sabctools.Decoder`` consumes the raw byte stream of an NNTP connection: it splits
responses, undoes dot-stuffing, decodes yEnc (SIMD) and checks the part CRC in one C pass.
The socket receives straight into its buffer (:meth:`ResponseDecoder.buffer`), so bytes are
copied once, by the kernel. A reply whose command was given a *sink* (a
``sabctools.FileWriter``) is decoded straight into that file at the offset its yEnc header
declares: the decoded article never exists as a Python object. The whole pass releases the
GIL, which is what lets every connection thread decode and write on its own core. This
module is the only place that touches sabctools' decoder, so the rest of the engine sees
plain typed values.
"""

from __future__ import annotations

from dataclasses import dataclass

import sabctools

__all__ = ["DecodedPart", "NntpReply", "ResponseDecoder", "decode_article"]

_DEFAULT_BUFFER = 1024 * 1024


@dataclass(frozen=True, slots=True)
class DecodedPart:
    """One decoded article: where it belongs in the posted file, and whether it is sound.

    ``data`` holds the bytes only when no sink took them; ``size`` is the decoded length
    either way. ``write_error`` is the sink's failure (a full disk, a closed file): the
    bytes were lost, not damaged.
    """

    offset: int
    data: bytearray | None
    crc_ok: bool
    file_size: int
    file_name: str | None
    size: int = 0
    write_error: BaseException | None = None

    @property
    def end(self) -> int:
        return self.offset + self.size


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
    if response.status_code in (220, 222) and response.format is not None:
        size = len(data) if data is not None else response.bytes_decoded
        crc_ok = (
            response.crc is not None
            and response.crc_expected is not None
            and response.bytes_decoded == size
            and not response.baddata
            and not response.sink_failed
        )
        failure = response.sink_error if response.sink_failed else None
        part = DecodedPart(
            offset=response.part_begin,
            data=data,
            crc_ok=crc_ok,
            file_size=response.file_size,
            file_name=response.file_name,
            size=size,
            write_error=failure or (OSError("write failed") if response.sink_failed else None),
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
        self._pending = 0

    def expect(self, context: object, sink: sabctools.FileWriter | None = None) -> None:
        """Record that a command was sent; its reply will carry ``context``.

        With a ``sink`` the decoded body goes into that file at its yEnc offset instead of
        into ``DecodedPart.data``.
        """
        self._decoder.expect(context, sink)
        self._pending += 1

    @property
    def in_flight(self) -> int:
        """Commands sent whose replies have not been decoded yet."""
        return self._pending

    @property
    def pending(self) -> tuple[object, ...]:
        """Contexts of commands sent whose replies have not been decoded yet, oldest first."""
        return tuple(self._decoder.pending)

    def buffer(self) -> memoryview:
        """The decoder's free space, for a socket to receive into directly (no copy)."""
        return memoryview(self._decoder)

    def process(self, nbytes: int) -> list[NntpReply]:
        """Decode ``nbytes`` just written into :meth:`buffer`; returns the completed replies."""
        self._decoder.process(nbytes)
        replies = [_to_reply(response) for response in self._decoder]
        self._pending -= len(replies)
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
        lost = list(self._decoder.pending)
        self._decoder = sabctools.Decoder(self._buffer_size)
        self._pending = 0
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
