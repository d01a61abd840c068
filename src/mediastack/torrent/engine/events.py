"""Engine events for listeners (the WebAPI's sync ids, the manager's completion hooks).

Listeners are called on the alert-pump thread and must return quickly; an asyncio consumer
should hand the event to its loop with ``loop.call_soon_threadsafe``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class EventKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    METADATA_RECEIVED = "metadata_received"
    FINISHED = "finished"
    ERROR = "error"
    SHARE_LIMIT_REACHED = "share_limit_reached"
    MOVED = "moved"


@dataclass(frozen=True, slots=True)
class EngineEvent:
    kind: EventKind
    info_hash: str
    message: str = ""


EventListener = Callable[[EngineEvent], None]
