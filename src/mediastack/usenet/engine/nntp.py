"""One NNTP client connection: greeting, AUTHINFO, optional TLS, pipelined ``BODY``.

A connection is a blocking socket owned by one thread (see :mod:`pool`). Commands are
written in batches, one ``send`` for every ``BODY`` that fits in the pipeline; the socket
receives straight into the decoder's buffer, and the decoder writes each article into its
file. Every step of that (``recv``, decode, ``pwrite``) releases the GIL, so connections on
their own threads use every core the machine has, with no hand-off between a network loop
and a decoding or writing pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import select
import socket
import ssl
from collections.abc import Sequence

import sabctools

from mediastack.usenet.engine.decoder import NntpReply, ResponseDecoder
from mediastack.usenet.engine.servers import ServerConfig, make_ssl_context

__all__ = [
    "NntpAuthError",
    "NntpConnectError",
    "NntpConnection",
    "NntpError",
    "test_server",
]

BodyCommand = tuple[str, object, "sabctools.FileWriter | None"]
"""``(message_id, context, sink)`` for one pipelined ``BODY``."""


class NntpError(Exception):
    """A server answered something the client cannot work with."""


class NntpConnectError(NntpError):
    """The server could not be reached, refused us, or failed the TLS handshake."""


class NntpAuthError(NntpError):
    """The server rejected the credentials (or demands credentials we do not have)."""


class NntpConnection:
    """One client connection; blocking, used by one thread at a time."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self._decoder = ResponseDecoder()
        self._sock: socket.socket | None = None
        self._poller: select.poll | None = None
        """Set once a TLS connection is switched to non-blocking reads (see _recv)."""

    @property
    def in_flight(self) -> int:
        return self._decoder.in_flight

    @property
    def connected(self) -> bool:
        return self._sock is not None

    def connect(self) -> str:
        """Open the socket, read the greeting and log in; returns the greeting text."""
        cfg = self.config
        try:
            context = make_ssl_context(cfg) if cfg.ssl else None
        except (OSError, ssl.SSLError) as exc:
            raise NntpConnectError(f"cannot load CA file {cfg.ssl_ca_file}: {exc}") from exc
        try:
            sock = socket.create_connection((cfg.host, cfg.port), timeout=cfg.timeout)
            self._sock = sock
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if context is not None:
                self._sock = context.wrap_socket(sock, server_hostname=cfg.host)
            greeting = self._command(None)
            if greeting.status not in (200, 201):
                raise NntpConnectError(
                    f"server refused the connection: {greeting.status} {greeting.message}"
                )
            if cfg.username:
                self._login(cfg.username, cfg.password or "")
            if context is not None and sabctools.openssl_linked:
                # sabctools reads every TLS record already received in one call, without
                # the GIL; Python's own read returns one 16 KiB record per call. It needs a
                # non-blocking socket, so waiting moves to poll (with the same timeout).
                self._sock.setblocking(False)
                self._poller = select.poll()
                self._poller.register(self._sock, select.POLLIN)
        except ssl.SSLCertVerificationError as exc:
            self.abort()
            raise NntpConnectError(
                f"TLS certificate of {cfg.host} could not be verified ({exc.verify_message})"
            ) from exc
        except ssl.SSLError as exc:
            self.abort()
            raise NntpConnectError(f"TLS handshake with {cfg.host} failed: {exc}") from exc
        except TimeoutError as exc:
            self.abort()
            raise NntpConnectError(f"timed out connecting to {cfg.host}:{cfg.port}") from exc
        except OSError as exc:
            self.abort()
            raise NntpConnectError(
                f"cannot connect to {cfg.host}:{cfg.port}: {exc.strerror or exc}"
            ) from exc
        except NntpError:
            self.abort()
            raise
        return greeting.message

    def _login(self, username: str, password: str) -> None:
        reply = self._command(f"AUTHINFO USER {username}")
        if reply.status == 381:
            reply = self._command(f"AUTHINFO PASS {password}")
        if reply.status != 281:
            raise NntpAuthError(f"authentication failed: {reply.status} {reply.message}")

    def _command(self, line: str | None) -> NntpReply:
        """Send one command (None: just await the greeting) and wait for its reply."""
        self._decoder.expect(line)
        if line is not None:
            self._send(line.encode("utf-8") + b"\r\n")
        return self.receive()[0]

    def _socket(self) -> socket.socket:
        if self._sock is None:
            raise ConnectionResetError("connection is closed")
        return self._sock

    def send_bodies(self, commands: Sequence[BodyCommand]) -> None:
        """Pipeline ``BODY`` for each command in one write; replies carry the contexts."""
        for _, context, sink in commands:
            self._decoder.expect(context, sink)
        payload = b"".join(b"BODY <" + m.encode("ascii") + b">\r\n" for m, _, _ in commands)
        self._send(payload)

    def _send(self, payload: bytes) -> None:
        sock = self._socket()
        if self._poller is None:
            sock.sendall(payload)
            return
        view = memoryview(payload)
        while view:
            try:
                view = view[sock.send(view) :]
            except (ssl.SSLWantWriteError, BlockingIOError):
                self._wait(select.POLLOUT)
            except ssl.SSLWantReadError:
                self._wait(select.POLLIN)

    def _wait(self, events: int) -> None:
        poller = select.poll()
        poller.register(self._socket(), events)
        if not poller.poll(self.config.timeout * 1000):
            raise TimeoutError(f"no answer from {self.config.host} in {self.config.timeout} s")

    def _recv(self, sock: socket.socket, free: memoryview) -> int:
        if self._poller is None:
            return sock.recv_into(free)
        while True:
            try:
                return sabctools.unlocked_ssl_recv_into(sock, free)  # type: ignore[arg-type]
            except ssl.SSLWantReadError:
                if not self._poller.poll(self.config.timeout * 1000):
                    raise TimeoutError(
                        f"no answer from {self.config.host} in {self.config.timeout} s"
                    ) from None
            except ssl.SSLWantWriteError:
                self._wait(select.POLLOUT)

    def receive(self) -> list[NntpReply]:
        """Block until at least one reply is decoded (the socket's timeout applies)."""
        sock = self._socket()
        while True:
            with self._decoder.buffer() as free:
                if not len(free):
                    raise NntpError("a reply overflowed the decoder's buffer")
                received = self._recv(sock, free)
            if not received:
                raise ConnectionResetError("server closed the connection")
            replies = self._decoder.process(received)
            if replies:
                return replies

    def interrupt(self) -> None:
        """Wake a thread blocked in :meth:`receive` (from another thread): it sees EOF."""
        sock = self._sock
        if sock is not None:
            with contextlib.suppress(OSError):
                # The plain socket's shutdown: the TLS layer's would tear its state down
                # under the reading thread.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def abort(self) -> list[object]:
        """Drop the socket at once; returns the contexts of commands left unanswered."""
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
        self._sock = None
        self._poller = None
        return [c for c in self._decoder.reset() if c is not None]

    def close(self) -> None:
        """Say QUIT politely when nothing is in flight, then close."""
        sock = self._sock
        if sock is None:
            return
        if self.in_flight == 0:
            with contextlib.suppress(OSError):
                self._send(b"QUIT\r\n")
        self.abort()


def probe(config: ServerConfig) -> tuple[bool, str]:
    """Connect and log in once (blocking); the check behind :func:`test_server`."""
    conn = NntpConnection(config)
    try:
        conn.connect()
    except NntpError as exc:
        return False, str(exc)
    finally:
        conn.close()
    return True, "Connection successful!"


async def test_server(config: ServerConfig) -> tuple[bool, str]:
    """SABnzbd's ``mode=config&name=test_server``: connect and log in, off the event loop."""
    return await asyncio.to_thread(probe, config)


# The name is SABnzbd's; tell pytest it is not a test when a test module imports it.
test_server.__test__ = False  # type: ignore[attr-defined]
