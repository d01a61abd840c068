"""History: what was grabbed, imported, failed or deleted, per library item.

The engine's record of events users read in Activity > History, and the link between a
download in a client and the library items it was grabbed for (``download_id``).
"""

from mediastack.manager.history.store import (
    HistoryEvent,
    HistoryEventType,
    HistoryFilter,
    HistoryPage,
    HistoryStore,
    NewHistoryEvent,
)

__all__ = [
    "HistoryEvent",
    "HistoryEventType",
    "HistoryFilter",
    "HistoryPage",
    "HistoryStore",
    "NewHistoryEvent",
]
