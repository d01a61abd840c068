"""Which files fall short of their profile's cutoff, as one SQL condition.

``wanted/cutoff`` and the cutoff-unmet searches page in SQL with one ``COUNT`` (exportarr
reads only ``totalRecords``). Whether a quality meets a cutoff is the profile's own
decision (``quality_cutoff_met``), asked once per catalogue quality and profile; the
database then matches file quality names per profile. Profiles that do not allow
upgrades want nothing, as the originals.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, false, or_

from mediastack.manager.quality.definitions import AppName, catalogue
from mediastack.manager.quality.store import ProfileStore


def below_cutoff(
    profiles: ProfileStore | None, app: AppName, profile_column: Any, quality_column: Any
) -> ColumnElement[bool]:
    """``profile_column`` (the subject's profile id) and ``quality_column`` (the file's
    quality name) name a file below its profile's cutoff."""
    if profiles is None:
        return false()
    clauses = []
    for record in profiles.records():
        profile = record.profile
        if not profile.upgrade_allowed:
            continue
        below = [q.name for q in catalogue(app) if not profile.quality_cutoff_met(q)]
        if below:
            clauses.append((profile_column == record.id) & quality_column.in_(below))
    return or_(*clauses) if clauses else false()
