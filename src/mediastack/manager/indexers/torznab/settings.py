"""Torznab settings: Newznab's plus what only torrents need (seeders, seed goals)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from mediastack.manager.indexers.newznab.settings import NewznabSettings

__all__ = ["MINIMUM_SEEDERS", "SeedCriteria", "TorznabSettings"]

MINIMUM_SEEDERS = 1  # the originals' IndexerDefaults.MINIMUM_SEEDERS


class SeedCriteria(BaseModel):
    """Seeding goals handed to the torrent client with each grab; ``None`` = client default.

    Times are minutes, as in the originals' ``seedCriteria.*`` fields. Season packs (Sonarr)
    and discographies (Lidarr) may be kept longer than single releases.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    seed_ratio: float | None = Field(default=None, ge=0)
    seed_time: int | None = Field(default=None, ge=0)
    season_pack_seed_time: int | None = Field(default=None, ge=0)
    discography_seed_time: int | None = Field(default=None, ge=0)


class TorznabSettings(NewznabSettings):
    minimum_seeders: int = Field(default=MINIMUM_SEEDERS, ge=0)
    seed_criteria: SeedCriteria = SeedCriteria()
    reject_blocklisted_torrent_hashes_while_grabbing: bool = False
