"""Remote path mappings: translate a download client's paths into the manager's.

A client often sees the shared storage under another name than the manager does
(``D:\\Downloads\\tv`` on a Windows box, ``/downloads`` in one container and ``/data/downloads``
in another). The client reports *its* path; before importing, the manager rewrites the
longest matching remote prefix registered for that client's host into the local prefix.

Remote paths are parsed by their own shape, not by the OS we run on: a drive letter or a
``\\\\server\\share`` prefix means Windows (case-insensitive, either slash), anything
starting with ``/`` means POSIX. ``pathlib``'s pure path classes do the component
arithmetic and the case rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath, PureWindowsPath

_WINDOWS = re.compile(r"^(?:[A-Za-z]:(?:[\\/]|$)|\\\\[^\\/]+[\\/][^\\/]+)")


def parse_client_path(path: str) -> PurePath:
    """A path as a client reported it, typed by its shape (Windows or POSIX)."""
    if _WINDOWS.match(path):
        return PureWindowsPath(path)
    return PurePosixPath(path)


def is_rooted(path: PurePath) -> bool:
    """Absolute in its own flavour (a Windows path needs a drive or UNC share)."""
    return path.is_absolute()


@dataclass(frozen=True, slots=True)
class RemotePathMapping:
    """``remote_path`` on ``host`` (as the client reports it) is ``local_path`` for us."""

    host: str
    remote_path: str
    local_path: str

    @property
    def remote(self) -> PurePath:
        return parse_client_path(self.remote_path)

    @property
    def local(self) -> PurePath:
        return parse_client_path(self.local_path)


def _under(path: PurePath, prefix: PurePath) -> bool:
    # is_relative_to compares with the flavour's case rules; flavours must agree first.
    return type(path) is type(prefix) and path.is_relative_to(prefix)


def _depth(path: PurePath) -> int:
    return len(path.parts)


class RemotePathMapper:
    """Applies a set of mappings; the longest matching prefix for the host wins.

    Longest-prefix matters when mappings nest (``/downloads`` and ``/downloads/tv`` mapped
    to different shares): the more specific one must apply. ``mappings`` is a fixed set or
    a function returning the current one (the stored mappings, which users change live).
    """

    def __init__(
        self,
        mappings: Iterable[RemotePathMapping] | Callable[[], Sequence[RemotePathMapping]] = (),
    ) -> None:
        if callable(mappings):
            self._source: Callable[[], Sequence[RemotePathMapping]] = mappings
        else:
            fixed = tuple(mappings)
            self._source = lambda: fixed

    @property
    def mappings(self) -> Sequence[RemotePathMapping]:
        return self._source()

    def _best(self, host: str, path: PurePath, side: str) -> tuple[PurePath, PurePath] | None:
        best: tuple[PurePath, PurePath] | None = None
        for mapping in self.mappings:
            if mapping.host.casefold() != host.casefold():
                continue
            source, target = (
                (mapping.remote, mapping.local)
                if side == "remote"
                else (mapping.local, mapping.remote)
            )
            if _under(path, source) and (best is None or _depth(source) > _depth(best[0])):
                best = (source, target)
        return best

    def remote_to_local(self, host: str, path: str | PurePath | None) -> PurePath | None:
        """Map a client path to ours; unmapped paths come back parsed but unchanged.

        ``None`` or an empty string stays ``None`` (a client that does not know the path
        yet, such as a magnet still fetching metadata).
        """
        if path is None or str(path) in ("", "."):
            return None
        parsed = parse_client_path(path) if isinstance(path, str) else path
        best = self._best(host, parsed, "remote")
        if best is None:
            return parsed
        source, target = best
        return target.joinpath(*parsed.relative_to(source).parts)

    def local_to_remote(self, host: str, path: str | PurePath) -> PurePath:
        """Map one of our paths to the client's view (for a save path we send)."""
        parsed = parse_client_path(path) if isinstance(path, str) else path
        best = self._best(host, parsed, "local")
        if best is None:
            return parsed
        source, target = best
        return target.joinpath(*parsed.relative_to(source).parts)
