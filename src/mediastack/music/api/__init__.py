"""Lidarr v1 library routes: artist, album, track, trackfile, wanted, calendar,
metadataprofile and MediaCover."""
