"""What an import candidate contributes to its new name, the same for every media kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from mediastack.manager.importing.candidate import ImportCandidate
from mediastack.manager.naming.facts import FileFacts

FactsT = TypeVar("FactsT", bound=FileFacts)


def candidate_facts(
    candidate: ImportCandidate[Any, Any], kind: Callable[..., FactsT], **own: Any
) -> FactsT:
    """The file's naming facts (``kind``: ``FileFacts`` or a domain's subclass, ``own``:
    its extra facts): quality, group and scene name as decided, the name it came with, and
    the custom formats the user wants in names."""
    return kind(
        quality=candidate.quality.name,
        revision=candidate.revision,
        release_group=candidate.release_group,
        scene_name=candidate.scene_name,
        original_name=candidate.file.path.stem,
        custom_formats=tuple(
            cf.name for cf in candidate.custom_formats if cf.include_when_renaming
        ),
        **own,
    )
