"""The movie grab path: Radarr's words for the engine's routes, and its search commands."""
