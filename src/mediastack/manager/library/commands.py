"""The library commands every media kind has (Refresh*, Rescan*).

Which items a command covers (``movieId``/``movieIds``, ``seriesId``/``seriesIds``, or the
whole library when the schedule queues it bare), how per-item failures add up (the
command fails only if every item failed) and what it reports are the same rules for each
kind. Handlers run in a command worker thread (``core.jobs``), so the async provider
calls get a private event loop per command.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from mediastack.core.http import ServiceContext
from mediastack.core.jobs import CommandHandler
from mediastack.manager.metadata import MetadataError

log = logging.getLogger(__name__)


def command_targets(
    body: Mapping[str, Any], single: str, plural: str, everything: Callable[[], list[int]]
) -> list[int]:
    """The ids a command names (``single`` or ``plural`` key), or all of them."""
    value = body.get(single)
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    ids = body.get(plural)
    if isinstance(ids, list) and ids:
        return [int(i) for i in ids if isinstance(i, int) and not isinstance(i, bool)]
    return everything()


def run_each(
    targets: Sequence[int],
    work: Callable[[int], object],
    expected: tuple[type[Exception], ...],
    what: str,
) -> list[str]:
    """Run ``work`` per id; ``expected`` failures are collected (and logged), others raise.

    Raises ``RuntimeError`` when every target failed, so the command shows as failed.
    """
    failures: list[str] = []
    for item_id in targets:
        try:
            work(item_id)
        except expected as exc:
            log.warning("%s %s failed: %s", what, item_id, exc)
            failures.append(f"{item_id}: {exc}")
    if failures and len(failures) == len(targets):
        raise RuntimeError("; ".join(failures))
    return failures


class Rescanned(Protocol):
    """What a rescan of one item reports (``media_files.ScanResult``)."""

    @property
    def added(self) -> int: ...

    @property
    def removed(self) -> int: ...


@dataclass(frozen=True)
class LibraryCommands:
    """``Refresh<Item>`` and ``Rescan<Item>`` for one media kind."""

    id_key: str  # "seriesId"
    ids_key: str  # "seriesIds"
    noun: str  # "series": what a log line calls one item
    nouns: str  # "series": what the command's message counts
    ids: Callable[[], list[int]]  # the whole library
    not_found: type[Exception]  # an id that names no item

    def register(
        self,
        ctx: ServiceContext,
        item: str,
        refresh: Callable[[int, Mapping[str, Any]], Coroutine[Any, Any, object]],
        rescan: Callable[[int], Rescanned],
        every_hours: float,
    ) -> None:
        """``Refresh<item>`` and ``Rescan<item>`` as commands; the schedule refreshes the
        whole library every ``every_hours``."""
        ctx.commands.register(f"Refresh{item}", self.refresh(refresh))
        ctx.commands.register(f"Rescan{item}", self.rescan(rescan))
        ctx.scheduler.add(f"Refresh{item}", timedelta(hours=every_hours))

    def _targets(self, body: Mapping[str, Any]) -> list[int]:
        return command_targets(body, self.id_key, self.ids_key, self.ids)

    def refresh(
        self, work: Callable[[int, Mapping[str, Any]], Coroutine[Any, Any, object]]
    ) -> CommandHandler:
        """New metadata for each item (``work(item_id, body)``); an unreachable provider or
        a vanished item fails that item only."""

        def run(body: Mapping[str, Any]) -> str:
            targets = self._targets(body)
            failures = run_each(
                targets,
                lambda item_id: asyncio.run(work(item_id, body)),
                (MetadataError, self.not_found),
                f"refresh of {self.noun}",
            )
            done = len(targets) - len(failures)
            return f"Refreshed {done} {self.nouns}" + (
                f", {len(failures)} failed" if failures else ""
            )

        return run

    def rescan(self, work: Callable[[int], Rescanned]) -> CommandHandler:
        def run(body: Mapping[str, Any]) -> str:
            targets = self._targets(body)
            added = removed = 0

            def scan(item_id: int) -> None:
                nonlocal added, removed
                result = work(item_id)
                added, removed = added + result.added, removed + result.removed

            failures = run_each(targets, scan, (self.not_found,), f"rescan of {self.noun}")
            done = len(targets) - len(failures)
            return f"Rescanned {done} {self.nouns}: {added} files added, {removed} removed"

        return run
