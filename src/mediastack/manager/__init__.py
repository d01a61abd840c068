"""Sonarr/Radarr/Lidarr-compatible media managers: parsing, quality model, decisions."""
