"""``config/naming``: the formats and rules files and folders are named by (Sonarr v4 defaults)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mediastack.manager.naming import ColonReplacement, MultiEpisodeStyle, NamingOptions

DEFAULT_STANDARD = "{Series Title} - S{season:00}E{episode:00} - {Episode Title} {Quality Full}"
DEFAULT_DAILY = "{Series Title} - {Air-Date} - {Episode Title} {Quality Full}"
DEFAULT_ANIME = (
    "{Series Title} - S{season:00}E{episode:00} - {absolute:000} - {Episode Title} {Quality Full}"
)


@dataclass(frozen=True, slots=True)
class NamingConfig:
    """The naming section; field names follow ``NamingConfigResource``."""

    rename_episodes: bool = False
    replace_illegal_characters: bool = True
    colon_replacement_format: ColonReplacement = ColonReplacement.SMART
    custom_colon_replacement_format: str = ""
    multi_episode_style: MultiEpisodeStyle = MultiEpisodeStyle.PREFIXED_RANGE
    standard_episode_format: str = DEFAULT_STANDARD
    daily_episode_format: str = DEFAULT_DAILY
    anime_episode_format: str = DEFAULT_ANIME
    series_folder_format: str = "{Series Title}"
    season_folder_format: str = "Season {season}"
    specials_folder_format: str = "Specials"

    def options(self, truncatable: frozenset[str] = frozenset()) -> NamingOptions:
        return NamingOptions(
            replace_illegal_characters=self.replace_illegal_characters,
            colon_replacement=self.colon_replacement_format,
            custom_colon_replacement=self.custom_colon_replacement_format,
            truncatable=truncatable,
        )

    def resource(self) -> dict[str, Any]:
        return {
            "renameEpisodes": self.rename_episodes,
            "replaceIllegalCharacters": self.replace_illegal_characters,
            "colonReplacementFormat": int(self.colon_replacement_format),
            "customColonReplacementFormat": self.custom_colon_replacement_format,
            "multiEpisodeStyle": int(self.multi_episode_style),
            "standardEpisodeFormat": self.standard_episode_format,
            "dailyEpisodeFormat": self.daily_episode_format,
            "animeEpisodeFormat": self.anime_episode_format,
            "seriesFolderFormat": self.series_folder_format,
            "seasonFolderFormat": self.season_folder_format,
            "specialsFolderFormat": self.specials_folder_format,
            "id": 1,
        }


FIELDS: dict[str, str] = {
    "renameEpisodes": "rename_episodes",
    "replaceIllegalCharacters": "replace_illegal_characters",
    "colonReplacementFormat": "colon_replacement_format",
    "customColonReplacementFormat": "custom_colon_replacement_format",
    "multiEpisodeStyle": "multi_episode_style",
    "standardEpisodeFormat": "standard_episode_format",
    "dailyEpisodeFormat": "daily_episode_format",
    "animeEpisodeFormat": "anime_episode_format",
    "seriesFolderFormat": "series_folder_format",
    "seasonFolderFormat": "season_folder_format",
    "specialsFolderFormat": "specials_folder_format",
}
