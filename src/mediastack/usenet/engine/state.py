"""Durable per-job progress, so a restart or ``kill -9`` never fetches a finished article twice.

The record is an append-only log of message-ids, one per line: ``D <id>`` for an article
whose bytes are on disk, ``M <id>`` for one no server could provide. The ordering rule is
what makes it safe: records are appended only *after* the data files are fsync'd, and the
log is fsync'd after appending, in batches (one fsync pair per batch instead of per
article). A crash loses at most the last uncommitted batch, which is simply fetched again; it
can never mark an article finished whose bytes were lost. A torn last line is ignored.

The interface is deliberately small (load, record, commit) so the lead can move it into the
database without touching the pipeline.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

__all__ = ["JobProgress", "forget_missing"]

_DONE = "D"
_MISSING = "M"


class JobProgress:
    """Finished and missing articles of one job, persisted as an append-only log."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.done: set[str] = set()
        self.missing: set[str] = set()
        self._pending: list[str] = []
        path.parent.mkdir(parents=True, exist_ok=True)
        self._load()
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def _load(self) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        # Everything after the last newline is a torn write from a crash: drop it, so the
        # next record starts on a line of its own.
        complete, newline, torn = raw.rpartition(b"\n")
        if torn:
            os.truncate(self.path, len(complete) + len(newline))
        for line in complete.decode("utf-8", errors="replace").splitlines():
            kind, _, message_id = line.partition(" ")
            if kind == _DONE and message_id:
                self.done.add(message_id)
                self.missing.discard(message_id)
            elif kind == _MISSING and message_id and message_id not in self.done:
                self.missing.add(message_id)

    @property
    def uncommitted(self) -> int:
        return len(self._pending)

    def record_done(self, message_id: str) -> None:
        """Note an article as written; durable only after the next :meth:`commit`."""
        self._pending.append(f"{_DONE} {message_id}\n")

    def record_missing(self, message_id: str) -> None:
        self._pending.append(f"{_MISSING} {message_id}\n")

    def commit(self, sync_data: Callable[[], None]) -> None:
        """Flush data (``sync_data``), then append and fsync the pending records. Blocking."""
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        sync_data()
        payload = "".join(batch).encode("utf-8")
        view = memoryview(payload)
        while view:
            view = view[os.write(self._fd, view) :]
        os.fsync(self._fd)
        for line in batch:
            kind, message_id = line[0], line[2:-1]
            (self.done if kind == _DONE else self.missing).add(message_id)

    def close(self) -> None:
        os.close(self._fd)


def forget_missing(path: Path) -> int:
    """Drop the ``M`` records of a progress log so a retry asks the servers again.

    A retried job may have a new (backup) server that has what the others lacked; finished
    articles (``D``) stay recorded and are not fetched again. The log is rewritten whole and
    renamed into place, so a crash leaves the old log or the new one. Returns how many
    missing articles were forgotten.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return 0
    complete, _, _torn = raw.rpartition(b"\n")
    lines = complete.split(b"\n") if complete else []
    kept = [line for line in lines if not line.startswith(_MISSING.encode() + b" ")]
    dropped = len(lines) - len(kept)
    if dropped:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(b"".join(line + b"\n" for line in kept))
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    return dropped
