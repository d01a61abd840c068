"""Importing audio files: read them, group them into albums, match them to tracks, decide.

Lidarr's track import in four pure steps, so each is testable on its own and the service
(``service.py`` wiring) only adds the library and the file system: ``local`` (tags, with
file and folder names as the fallback), ``grouping`` (which files are one release),
``identify`` (which edition and which track, by weighted distance) and ``decide`` (the
thresholds, and the reasons given for manual import).
"""
