"""Helpers for the library commands every media kind has (Refresh*, Rescan*).

Which items a command covers (``movieId``/``movieIds``, ``seriesId``/``seriesIds``, or the
whole library when the schedule queues it bare) and how per-item failures add up (the
command fails only if every item failed) are the same rules for each kind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

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
