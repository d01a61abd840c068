"""The music service (stands in for Lidarr)."""
