"""Import decisions: every specification runs, every rejection keeps its reason.

All specifications run even after one rejects, so the manual-import screen can list every
reason a file was refused at once (the originals do the same). A *temporary* rejection
(still unpacking, not enough free space) means "try again later"; a *permanent* one means
the file will never import as it is.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

log = logging.getLogger(__name__)

C = TypeVar("C")
C_contra = TypeVar("C_contra", contravariant=True)


class RejectionType(StrEnum):
    PERMANENT = "permanent"
    TEMPORARY = "temporary"


@dataclass(frozen=True, slots=True)
class Rejection:
    reason: str
    type: RejectionType = RejectionType.PERMANENT

    def resource(self) -> dict[str, str]:
        return {"reason": self.reason, "type": self.type.value}


class ImportSpecification(Protocol[C_contra]):
    """One rule: ``None`` accepts, a :class:`Rejection` refuses with a reason."""

    def __call__(self, candidate: C_contra) -> Rejection | None: ...


@dataclass(frozen=True, slots=True)
class ImportDecision(Generic[C]):
    candidate: C
    rejections: tuple[Rejection, ...] = field(default_factory=tuple)

    @property
    def approved(self) -> bool:
        return not self.rejections

    @property
    def temporarily_rejected(self) -> bool:
        return bool(self.rejections) and all(
            r.type == RejectionType.TEMPORARY for r in self.rejections
        )


class ImportDecisionMaker(Generic[C]):
    """Runs the specifications over candidates; a crashing rule rejects, never aborts."""

    def __init__(self, specifications: Sequence[ImportSpecification[C]]) -> None:
        self._specs = list(specifications)

    def decide(self, candidate: C) -> ImportDecision[C]:
        rejections: list[Rejection] = []
        for spec in self._specs:
            try:
                rejection = spec(candidate)
            except Exception as exc:  # a bug in one rule must not stop the whole import
                log.exception("import specification %r failed", spec)
                rejection = Rejection(f"Unable to check the file: {exc}")
            if rejection is not None:
                rejections.append(rejection)
        return ImportDecision(candidate, tuple(rejections))

    def decide_all(self, candidates: Sequence[C]) -> list[ImportDecision[C]]:
        return [self.decide(c) for c in candidates]
