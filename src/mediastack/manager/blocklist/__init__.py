"""The blocklist: releases that failed or were refused, never to be grabbed again."""

from mediastack.manager.blocklist.store import (
    BlocklistEntry,
    BlocklistPage,
    BlocklistStore,
    NewBlocklistEntry,
)

__all__ = ["BlocklistEntry", "BlocklistPage", "BlocklistStore", "NewBlocklistEntry"]
