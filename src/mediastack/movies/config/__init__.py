"""The movie service's file-handling settings: Radarr's ``config/naming`` and
``config/mediamanagement``, on the engine's settings store (table ``movies_config``)."""
