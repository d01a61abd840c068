"""Library logic shared by every media kind: monitoring options, folders, files on disk."""
