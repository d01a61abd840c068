"""Periodic and on-demand work as persisted commands."""

from mediastack.core.jobs.commands import (
    CommandHandler,
    CommandQueue,
    CommandRecord,
    UnknownCommandError,
)
from mediastack.core.jobs.lease import Lease
from mediastack.core.jobs.models import CommandStatus, CommandTrigger
from mediastack.core.jobs.scheduler import Scheduler, TaskState

__all__ = [
    "CommandHandler",
    "CommandQueue",
    "CommandRecord",
    "CommandStatus",
    "CommandTrigger",
    "Lease",
    "Scheduler",
    "TaskState",
    "UnknownCommandError",
]
