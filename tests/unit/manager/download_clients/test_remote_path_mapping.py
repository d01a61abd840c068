"""Remote path mappings: Windows and POSIX client paths, longest prefix wins."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath

import pytest

from mediastack.manager.download_clients.path_mapping_store import as_directory
from mediastack.manager.download_clients.remote_path_mapping import (
    RemotePathMapper,
    RemotePathMapping,
    parse_client_path,
)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("/downloads/tv", PurePosixPath),
        ("C:\\Downloads\\tv", PureWindowsPath),
        ("c:/Downloads/tv", PureWindowsPath),
        ("D:", PureWindowsPath),
        ("\\\\nas\\share\\tv", PureWindowsPath),
        ("relative/dir", PurePosixPath),
    ],
)
def test_paths_are_typed_by_their_shape(raw: str, kind: type) -> None:
    assert type(parse_client_path(raw)) is kind


def test_longest_prefix_wins_whatever_the_order() -> None:
    mapper = RemotePathMapper(
        [
            RemotePathMapping("qbt", "/downloads", "/mnt/a"),
            RemotePathMapping("qbt", "/downloads/tv", "/mnt/b"),
        ]
    )
    assert mapper.remote_to_local("qbt", "/downloads/tv/Show") == PurePosixPath("/mnt/b/Show")
    assert mapper.remote_to_local("qbt", "/downloads/movies/M") == PurePosixPath("/mnt/a/movies/M")
    assert mapper.remote_to_local("qbt", "/downloads") == PurePosixPath("/mnt/a")


def test_mapping_is_per_host_case_insensitively() -> None:
    mapper = RemotePathMapper([RemotePathMapping("QBT", "/downloads", "/mnt/a")])
    assert mapper.remote_to_local("qbt", "/downloads/x") == PurePosixPath("/mnt/a/x")
    assert mapper.remote_to_local("other", "/downloads/x") == PurePosixPath("/downloads/x")


def test_prefix_matches_whole_components_only() -> None:
    mapper = RemotePathMapper([RemotePathMapping("h", "/down", "/mnt")])
    assert mapper.remote_to_local("h", "/downloads/x") == PurePosixPath("/downloads/x")


def test_windows_remote_paths_ignore_case_and_slash_style() -> None:
    mapper = RemotePathMapper([RemotePathMapping("win", "D:\\Downloads\\", "/mnt/win")])
    assert mapper.remote_to_local("win", "d:/downloads/TV/Show.S01") == PurePosixPath(
        "/mnt/win/TV/Show.S01"
    )
    unc = RemotePathMapper([RemotePathMapping("win", "\\\\nas\\media", "/media")])
    assert unc.remote_to_local("win", "\\\\NAS\\Media\\tv\\a.mkv") == PurePosixPath(
        "/media/tv/a.mkv"
    )


def test_posix_paths_are_case_sensitive_and_flavours_do_not_mix() -> None:
    mapper = RemotePathMapper([RemotePathMapping("h", "/Downloads", "/mnt")])
    assert mapper.remote_to_local("h", "/downloads/x") == PurePosixPath("/downloads/x")
    windows = RemotePathMapper([RemotePathMapping("h", "C:\\dl", "/mnt")])
    assert windows.remote_to_local("h", "/dl/x") == PurePosixPath("/dl/x")


def test_empty_paths_stay_unknown() -> None:
    mapper = RemotePathMapper()
    assert mapper.remote_to_local("h", "") is None
    assert mapper.remote_to_local("h", None) is None


def test_local_to_remote_is_the_inverse() -> None:
    mapper = RemotePathMapper([RemotePathMapping("win", "D:\\Downloads", "/mnt/win")])
    assert mapper.local_to_remote("win", "/mnt/win/tv") == PureWindowsPath("D:/Downloads/tv")


def test_a_live_source_is_read_on_every_use() -> None:
    current: list[RemotePathMapping] = []
    mapper = RemotePathMapper(lambda: current)
    assert mapper.remote_to_local("sab", "/remote/tv/x") == PurePosixPath("/remote/tv/x")
    current.append(RemotePathMapping("sab", "/remote/", "/data/"))
    assert mapper.remote_to_local("sab", "/remote/tv/x") == PurePosixPath("/data/tv/x")


def test_stored_paths_get_one_trailing_separator_of_their_style() -> None:
    assert as_directory("/downloads") == "/downloads/"
    assert as_directory("/downloads/") == "/downloads/"
    assert as_directory("D:\\Downloads") == "D:\\Downloads\\"
    assert as_directory("\\\\nas\\share\\tv") == "\\\\nas\\share\\tv\\"
