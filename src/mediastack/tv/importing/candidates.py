"""From a file on disk to "this is episodes 3 and 4 of that series".

The grab history wins when there is one (the download was grabbed *for* that series);
otherwise the file (or its release folder) is parsed and the series found by title, as the
originals do for a folder dropped in by hand. A manual import may dictate everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mediastack.manager.importing.discovery import DiscoveredFile
from mediastack.manager.parser import ParsedRelease, parse
from mediastack.manager.parser.text import normalize_title
from mediastack.tv.library.model import Episode, Series


def parse_file(file: DiscoveredFile) -> ParsedRelease | None:
    """Parse the file name; when it says too little, the release folder and the file together."""
    own = parse(file.path.name, "sonarr")
    if own is not None and own.episode is not None and own.quality.source != "unknown":
        return own
    joined = parse(f"{file.folder_name}/{file.relative_path}", "sonarr")
    if joined is not None and joined.episode is not None:
        return joined
    return own or joined


def find_series(parsed: ParsedRelease | None, library: Sequence[Series]) -> Series | None:
    """The series whose title (with or without its year) the parsed title names."""
    if parsed is None or parsed.episode is None:
        return None
    wanted = {
        normalize_title(t)
        for t in (parsed.episode.series_title, *parsed.episode.series_titles)
        if t
    }
    wanted.add(normalize_title(parsed.episode.title_without_year or parsed.title))
    year = parsed.episode.year
    for series in library:
        names = {normalize_title(series.title)}
        if series.year:
            names.add(normalize_title(f"{series.title} {series.year}"))
        if names & wanted and (
            not year
            or not series.year
            or year == series.year
            or normalize_title(f"{series.title} {series.year}") in wanted
        ):
            return series
    return None


def find_episodes(
    parsed: ParsedRelease | None, series: Series, episodes: Sequence[Episode]
) -> tuple[Episode, ...]:
    """The series' episodes the parse names: S/E numbers, an air date, or absolute numbers."""
    info = parsed.episode if parsed is not None else None
    if info is None:
        return ()
    if info.air_date and not info.episodes:
        day = date.fromisoformat(info.air_date)
        return tuple(e for e in episodes if e.air_date == day)
    if info.episodes:
        wanted = {(info.season, n) for n in info.episodes}
        return tuple(e for e in episodes if (e.season_number, e.episode_number) in wanted)
    if info.absolute_episodes:
        absolute = set(info.absolute_episodes)
        return tuple(e for e in episodes if e.absolute_episode_number in absolute)
    return ()
