"""The release, queue, history and blocklist routes of every manager, in the original's words."""
