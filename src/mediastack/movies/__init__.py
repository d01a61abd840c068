"""The movie service (stands in for Radarr)."""
