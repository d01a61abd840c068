"""The TV service (stands in for Sonarr)."""
