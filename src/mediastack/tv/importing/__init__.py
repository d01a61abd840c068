"""The TV import path: files of a finished download become episode files of the library."""

from mediastack.tv.importing.service import DownloadInfo, TvImporter

__all__ = ["DownloadInfo", "TvImporter"]
