"""A small asyncio NNTP server for tests: an in-memory article store with fault injection.

It speaks the reader subset a downloader needs (greeting, CAPABILITIES, MODE READER,
AUTHINFO USER/PASS, BODY/ARTICLE/STAT by message-id, DATE, QUIT), answers pipelined
commands in order, and can require auth, speak TLS, answer 430 for chosen articles, cut the
connection half-way through chosen articles (once each), never answer chosen articles
(once each), slow every body down, and count
every BODY request per message-id so tests can prove what was fetched and how often.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import subprocess
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

__all__ = ["NntpTestServer", "make_self_signed_cert", "server_tls_context"]


def dot_stuff(body: bytes) -> bytes:
    """RFC 3977 3.1.1: a line starting with "." gets another one."""
    stuffed = body.replace(b"\r\n.", b"\r\n..")
    return b"." + stuffed if stuffed.startswith(b".") else stuffed


def make_self_signed_cert(directory: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A throwaway certificate for ``host`` (as IP SAN) made with the openssl CLI."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", f"/CN={host}", "-addext", f"subjectAltName=IP:{host}",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def server_tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


class NntpTestServer:
    """Serves ``articles`` (message-id without <> -> article body, CRLF lines, not stuffed)."""

    def __init__(
        self,
        articles: Mapping[str, bytes],
        *,
        username: str | None = None,
        password: str | None = None,
        tls: ssl.SSLContext | None = None,
        missing: Iterable[str] = (),
        drop_once: Iterable[str] = (),
        stall_once: Iterable[str] = (),
        body_delay: float = 0.0,
    ) -> None:
        self._store = {mid.encode(): dot_stuff(body) for mid, body in articles.items()}
        self.username = username
        self.password = password
        self.tls = tls
        self.missing = {m.encode() for m in missing}
        self.drop_once = {m.encode() for m in drop_once}
        self.stall_once = {m.encode() for m in stall_once}
        self.body_delay = body_delay
        self.body_requests: Counter[str] = Counter()
        self.connections = 0
        self.drops = 0
        self.host = "127.0.0.1"
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> NntpTestServer:
        self._server = await asyncio.start_server(self._handle, self.host, 0, ssl=self.tls)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for writer in list(self._writers):
                writer.transport.abort()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> NntpTestServer:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def fetched(self) -> set[str]:
        return set(self.body_requests)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(writer)
        need_auth = self.username is not None
        authed = not need_auth
        user: bytes | None = None
        try:
            writer.write(b"200 test server ready\r\n")
            while line := await reader.readline():
                parts = line.strip().split(None, 2)
                if not parts:
                    continue
                cmd = parts[0].upper()
                arg = parts[1] if len(parts) > 1 else b""
                if cmd in (b"BODY", b"ARTICLE", b"STAT"):
                    if not authed:
                        writer.write(b"480 Authentication required\r\n")
                        continue
                    key = arg[1:-1] if arg.startswith(b"<") and arg.endswith(b">") else arg
                    if cmd == b"BODY":
                        self.body_requests[key.decode()] += 1
                    body = None if key in self.missing else self._store.get(key)
                    if body is None:
                        writer.write(b"430 No such article\r\n")
                        continue
                    if cmd == b"STAT":
                        writer.write(b"223 0 <" + key + b">\r\n")
                        continue
                    if key in self.stall_once:
                        self.stall_once.discard(key)
                        await asyncio.sleep(3600)  # never answer; the client must time out
                    if self.body_delay:
                        await asyncio.sleep(self.body_delay)
                    writer.write(b"222 0 <" + key + b">\r\n")
                    if key in self.drop_once:
                        self.drop_once.discard(key)
                        self.drops += 1
                        writer.write(body[: len(body) // 2])
                        await writer.drain()
                        writer.transport.abort()
                        return
                    writer.write(body)
                    writer.write(b"\r\n.\r\n" if not body.endswith(b"\r\n") else b".\r\n")
                    await writer.drain()
                elif cmd == b"AUTHINFO":
                    sub, value = arg.upper(), parts[2] if len(parts) > 2 else b""
                    if sub == b"USER":
                        user = value
                        writer.write(b"381 Password required\r\n")
                    elif sub == b"PASS" and user is not None:
                        if not need_auth or (
                            user.decode() == self.username and value.decode() == self.password
                        ):
                            authed = True
                            writer.write(b"281 Authentication accepted\r\n")
                        else:
                            writer.write(b"481 Authentication failed\r\n")
                    else:
                        writer.write(b"482 Authentication commands issued out of sequence\r\n")
                elif cmd == b"CAPABILITIES":
                    writer.write(b"101 Capability list:\r\nVERSION 2\r\nREADER\r\n.\r\n")
                elif cmd == b"MODE":
                    writer.write(b"201 Reader mode, posting prohibited\r\n")
                elif cmd == b"DATE":
                    writer.write(b"111 20260101000000\r\n")
                elif cmd == b"QUIT":
                    writer.write(b"205 Bye\r\n")
                    await writer.drain()
                    break
                else:
                    writer.write(b"500 Unknown command\r\n")
        except (ConnectionError, ssl.SSLError, asyncio.IncompleteReadError):
            pass
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.close()
