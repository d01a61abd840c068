"""Database access shared by every service."""

from mediastack.core.db.base import CoreBase, UTCDateTime, utcnow
from mediastack.core.db.engine import Database, DatabaseOptions, normalise_url

__all__ = ["CoreBase", "Database", "DatabaseOptions", "UTCDateTime", "normalise_url", "utcnow"]
