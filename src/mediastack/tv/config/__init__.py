"""The TV service's file-handling settings: ``config/naming`` and ``config/mediamanagement``.

Stored in the database (table ``tv_config``, one JSON document per section) rather than in
``config.yaml`` because clients (Recyclarr, pyarr, the UI) change them through the API and
a backup of the database must carry them.
"""

from mediastack.tv.config.media_management import MediaManagementConfig
from mediastack.tv.config.naming import NamingConfig
from mediastack.tv.config.store import TvConfigStore

__all__ = ["MediaManagementConfig", "NamingConfig", "TvConfigStore"]
