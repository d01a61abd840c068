"""SABnzbd's ``output=xml``: the same data as the JSON replies, in SABnzbd's XML shapes.

SABnzbd builds its XML from the very dict it would send as JSON, by one recursive rule: a
dict becomes an element per key, a list becomes one child per item, named after the list
(``categories`` -> ``category``, ``warnings`` -> ``warning``, ...; ``slot`` for dicts and
``item`` for plain values otherwise), and a value becomes escaped text (``True``/``False``
for booleans, nothing for null). The root is the reply's keyword (``<queue>``,
``<history>``, ``<version>``...) or ``<result>`` for replies that have none, such as
``{"status": true, "nzo_ids": [...]}`` and errors.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

__all__ = ["to_xml"]

_SINGULAR = {
    "categories": "category",
    "servers": "server",
    "rss": "feed",
    "scripts": "script",
    "warnings": "warning",
    "files": "file",
    "jobs": "job",
}

# Single-key replies whose key SABnzbd uses as the XML root (report(keyword=...)).
_KEYWORDS = frozenset(
    {
        "queue",
        "history",
        "config",
        "version",
        "categories",
        "scripts",
        "warnings",
        "auth",
        "position",
        "value",
        "files",
    }
)
# Modes that answer report(keyword="status", data=bool): ``<status>True</status>``.
_STATUS_KEYWORD_MODES = frozenset({"change_cat", "change_script", "change_opts"})

_DECLARATION = '<?xml version="1.0" encoding="UTF-8" ?>\n'


def _text(value: Any) -> str:
    return "" if value is None else escape(str(value))


def _element(tag: str, value: Any) -> str:
    if isinstance(value, dict):
        inner = "".join(_element(str(key), item) for key, item in value.items())
        return f"<{tag}>{inner}</{tag}>\n"
    if isinstance(value, list | tuple):
        children = []
        for item in value:
            if isinstance(item, dict):
                children.append(_element(_SINGULAR.get(tag, "slot"), item))
            elif isinstance(item, list | tuple):
                children.append(_element(_SINGULAR.get(tag, "list"), list(item)))
            else:
                name = _SINGULAR.get(tag, "item")
                children.append(f"<{name}>{_text(item)}</{name}>\n")
        return f"<{tag}>{''.join(children)}</{tag}>\n"
    return f"<{tag}>{_text(value)}</{tag}>\n"


def _root(mode: str, reply: dict[str, Any]) -> tuple[str, Any]:
    if len(reply) == 1:
        [(key, value)] = reply.items()
        if key in _KEYWORDS or (key == "status" and isinstance(value, dict)):
            return key, value
        if key == "result" and isinstance(value, dict):
            return key, value
        if key == "status" and mode in _STATUS_KEYWORD_MODES:
            return key, value
    return "result", reply


def to_xml(mode: str, reply: dict[str, Any]) -> bytes:
    """The XML document SABnzbd sends for ``reply`` (the dict its JSON would hold)."""
    tag, value = _root(mode, reply)
    return (_DECLARATION + _element(tag, value) + "\n").encode("utf-8")
