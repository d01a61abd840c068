"""File-handling settings every manager keeps in its database: ``config/naming`` and
``config/mediamanagement`` (one JSON document per section, validated before saving).

Stored in the database rather than ``config.yaml`` because clients (Recyclarr, pyarr, the
UI) change them through the API and a backup of the database must carry them. The domain
supplies the sections' dataclasses (each original has its own fields) and the checks that
differ; the store, the type checks and the routes are shared.
"""
