"""The download engine: no HTTP, no database, just NZB in and finished folders out.

Stages, each in its own module: :mod:`.nzb` (parse and check), :mod:`.nntp` (one
connection), :mod:`.pool` (connection threads and server routing), :mod:`.decoder` (yEnc
via sabctools), :mod:`.assembler` (parts at their offsets), :mod:`.state` (resume),
:mod:`.job` (the bounded download pipeline), :mod:`.pipeline` (a whole job through
post-processing) and :mod:`.postprocess`.
"""

from mediastack.usenet.engine.job import DownloadJob, DownloadResult, DownloadStats
from mediastack.usenet.engine.nntp import NntpConnection, test_server
from mediastack.usenet.engine.nzb import InvalidNzbError, Nzb, NzbFile, Segment, parse_nzb
from mediastack.usenet.engine.pipeline import JobPipeline, JobResult, JobSettings, JobStatus
from mediastack.usenet.engine.pool import ServerPool
from mediastack.usenet.engine.servers import ServerConfig

__all__ = [
    "DownloadJob",
    "DownloadResult",
    "DownloadStats",
    "InvalidNzbError",
    "JobPipeline",
    "JobResult",
    "JobSettings",
    "JobStatus",
    "NntpConnection",
    "Nzb",
    "NzbFile",
    "Segment",
    "ServerConfig",
    "ServerPool",
    "parse_nzb",
    "test_server",
]
