"""The tokens a media file gives every original's names: ``{Quality Full}``,
``{Release Group}``, ``{Original Title}``, ``{Custom Formats}`` and the ``{MediaInfo ...}``
family (empty without media info, so their optional prefixes and suffixes vanish)."""

from __future__ import annotations

from collections.abc import Callable

from mediastack.manager.importing.media_info import MediaInfo
from mediastack.manager.naming.engine import TokenHandler, TokenMatch
from mediastack.manager.naming.facts import FileFacts, proper_text


def constant(value: str) -> Callable[[TokenMatch], str]:
    return lambda m: value


def file_tokens(file: FileFacts, with_real: bool = True) -> dict[str, TokenHandler]:
    proper = proper_text(file.revision, with_real)
    return {
        "Quality Full": constant(f"{file.quality} {proper}".strip()),
        "Quality Title": constant(file.quality),
        "Quality Proper": constant(proper),
        "Quality Real": constant("REAL" if with_real and file.revision.real > 0 else ""),
        "Release Group": constant(file.release_group or ""),
        "Original Title": constant(file.scene_name or file.original_name or ""),
        "Original Filename": constant(file.original_name or ""),
        "Custom Formats": constant(" ".join(file.custom_formats)),
    }


def media_info_tokens(info: MediaInfo | None) -> dict[str, TokenHandler]:
    values = info.tokens() if info is not None else MediaInfo.EMPTY_TOKENS
    return {f"MediaInfo {name}": constant(value) for name, value in values.items()}
