"""The music side of the grab path: Lidarr's search commands and API words."""
