"""Newznab/Torznab documents in, plain values out: caps, feeds and error documents.

Torznab is Newznab with torrent attributes, so this one parser serves both: an ``attr``
element counts whatever its namespace (``newznab:``, ``torznab:``, or both in one item, as
Anime Tosho sends), and the torrent-only values are picked out later, in
``torznab.mapping``.

Every body is untrusted. It is parsed with defusedxml only (entity declarations and external
references are refused, which stops billion-laughs and XXE documents), and every failure,
from an empty body to an HTML login page, becomes an ``IndexerResponseError`` that says what
was wrong instead of a stack trace. Real indexers send slightly broken documents (a UTF-8
BOM, blank lines before the XML declaration, a stray ``>`` after the root tag, whitespace
inside URLs); those are accepted.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from xml.etree.ElementTree import Element, ParseError

# defusedxml's stubs (types-defusedxml) are optional, hence "unused-ignore".
from defusedxml import DefusedXmlException  # type: ignore[import-untyped, unused-ignore]
from defusedxml.ElementTree import (  # type: ignore[import-untyped, unused-ignore]
    fromstring as _defused_fromstring,
)

from mediastack.core.collector import collector_paused
from mediastack.manager.indexers.errors import (
    IndexerAuthError,
    IndexerError,
    IndexerRateLimitedError,
    IndexerResponseError,
)
from mediastack.manager.indexers.models import (
    DEFAULT_AUDIO_SEARCH,
    DEFAULT_MOVIE_SEARCH,
    DEFAULT_PAGE_SIZE,
    DEFAULT_SEARCH,
    DEFAULT_TV_SEARCH,
    UNAVAILABLE,
    CapsCategory,
    IndexerCapabilities,
    SearchCapability,
)

__all__ = [
    "ApiLimits",
    "Enclosure",
    "Feed",
    "FeedItem",
    "error_for",
    "parse_caps",
    "parse_date",
    "parse_document",
    "parse_feed",
    "raise_for_error_document",
]

_BOM = b"\xef\xbb\xbf"


@lru_cache(maxsize=1024)
def _local(tag: object) -> str:
    """Tag name without namespace; comments and processing instructions have no str tag.

    Cached: a feed repeats a dozen tag names over thousands of items, and expat hands
    the same name out each time."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _children(element: Element, name: str) -> Iterator[Element]:
    return (child for child in element if _local(child.tag) == name)


def _child(element: Element, name: str) -> Element | None:
    return next(_children(element, name), None)


def _text(element: Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    text = element.text.strip()
    return text or None


def _int(raw: str | None) -> int | None:
    if raw is None:
        return None
    try:
        return int(raw.strip())
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------
# documents and error documents


def parse_document(data: bytes) -> Element:
    """Parse an indexer response body with defusedxml; raise ``IndexerResponseError``.

    A BOM and leading blank lines are dropped first: several indexers emit whitespace before
    the XML declaration, which strict XML forbids but every RSS reader tolerates.
    """
    body = data.removeprefix(_BOM).lstrip()
    if not body:
        raise IndexerResponseError("the indexer returned an empty response")
    try:
        with collector_paused():  # an RSS page of thousands of items is a large tree
            root: Element = _defused_fromstring(
                body, forbid_dtd=False, forbid_entities=True, forbid_external=True
            )
    except DefusedXmlException as exc:
        raise IndexerResponseError(
            f"refused the indexer's response: it declares XML entities or external "
            f"references ({type(exc).__name__}), which a Newznab feed never needs"
        ) from exc
    except ParseError as exc:
        snippet = body[:80].decode("utf-8", "replace")
        raise IndexerResponseError(
            f"the indexer's response is not valid XML ({exc}); it starts with {snippet!r}"
        ) from exc
    if _local(root.tag) == "html":
        raise IndexerResponseError(
            "the indexer returned an HTML page instead of a Newznab response "
            "(wrong URL or API path, a login page, or a bot challenge)"
        )
    return root


_RATE_LIMIT = re.compile(
    r"request limit|limit reached|rate limit|too many requests|api limit|daily limit", re.I
)


def error_for(
    code: int | None,
    description: str,
    *,
    api_key_sent: bool = True,
    retry_after: timedelta | None = None,
) -> IndexerError:
    """The typed exception for a Newznab ``<error code description>``.

    Mirrors Sonarr's ``CheckError``: codes 100-199 are account problems; "Missing parameter"
    when we sent no key means the indexer needs one; request-limit wording (or code 429, which
    some indexers use) is a rate limit; everything else is a plain indexer error.
    """
    message = f"indexer error {code}: {description}" if code is not None else description
    if code == 429 or _RATE_LIMIT.search(description):
        return IndexerRateLimitedError(message, code=code, retry_after=retry_after)
    if code is not None and 100 <= code <= 199:
        return IndexerAuthError(f"invalid API key or account problem ({message})", code=code)
    lowered = description.lower()
    if (
        "apikey" in lowered
        or "api key" in lowered
        or (not api_key_sent and lowered.strip() == "missing parameter")
    ):
        return IndexerAuthError(f"the indexer requires an API key ({message})", code=code)
    return IndexerError(message, code=code)


def raise_for_error_document(
    root: Element, *, api_key_sent: bool = True, retry_after: timedelta | None = None
) -> None:
    """Raise if the document is, or contains, a Newznab ``<error>`` element."""
    for element in root.iter():
        if _local(element.tag) == "error" and (
            element is root or "code" in element.attrib or "description" in element.attrib
        ):
            raise error_for(
                _int(element.get("code")),
                element.get("description") or (element.text or "").strip() or "unknown error",
                api_key_sent=api_key_sent,
                retry_after=retry_after,
            )


# ---------------------------------------------------------------------------------------
# caps


def _search_capability(element: Element | None, default: SearchCapability) -> SearchCapability:
    if element is None:
        return default
    available = (element.get("available") or "yes").strip().lower() == "yes"
    if not available:
        return UNAVAILABLE
    raw = element.get("supportedParams")
    if raw is None:
        return default
    params = frozenset(p.strip().lower() for p in raw.split(",") if p.strip())
    return SearchCapability(True, params, True)


def _category(element: Element) -> CapsCategory | None:
    category_id = _int(element.get("id"))
    if category_id is None:
        return None
    subcategories = tuple(
        sub for sub in (_category(s) for s in _children(element, "subcat")) if sub is not None
    )
    return CapsCategory(
        id=category_id,
        name=(element.get("name") or "").strip(),
        description=element.get("description"),
        subcategories=subcategories,
    )


def parse_caps(root: Element) -> IndexerCapabilities:
    """The ``t=caps`` document as ``IndexerCapabilities``, defaults where it is silent."""
    raise_for_error_document(root)
    if _local(root.tag) != "caps":
        raise IndexerResponseError(f"expected a <caps> document, got <{_local(root.tag)}>")
    limits = _child(root, "limits")
    limits_max = _int(limits.get("max")) if limits is not None else None
    limits_default = _int(limits.get("default")) if limits is not None else None
    retention = _child(root, "retention")
    server = _child(root, "server")
    searching = _child(root, "searching")

    def capability(name: str, default: SearchCapability) -> SearchCapability:
        if searching is None:
            return default
        return _search_capability(_child(searching, name), default)

    categories_element = _child(root, "categories")
    categories = tuple(
        category
        for category in (
            _category(c)
            for c in (
                _children(categories_element, "category") if categories_element is not None else ()
            )
        )
        if category is not None
    )
    tags = _child(root, "tags")
    flags = tuple(
        name.strip().lower()
        for name in (t.get("name") for t in (_children(tags, "tag") if tags is not None else ()))
        if name and name.strip()
    )
    audio = capability("audio-search", DEFAULT_AUDIO_SEARCH)
    if searching is not None and _child(searching, "audio-search") is None:
        # Jackett names it music-search; SceneNZBs sends neither (then audio is unavailable).
        music = _child(searching, "music-search")
        audio = _search_capability(music, UNAVAILABLE) if music is not None else UNAVAILABLE
    return IndexerCapabilities(
        limits_max=limits_max or limits_default or DEFAULT_PAGE_SIZE,
        limits_default=limits_default or limits_max or DEFAULT_PAGE_SIZE,
        retention_days=_int(retention.get("days")) if retention is not None else None,
        server_title=server.get("title") if server is not None else None,
        search_engine=(
            (searching.get("searchEngine") if searching is not None else None) or "sphinx"
        ).lower(),
        search=capability("search", DEFAULT_SEARCH),
        tv_search=capability("tv-search", DEFAULT_TV_SEARCH),
        movie_search=capability("movie-search", DEFAULT_MOVIE_SEARCH),
        audio_search=audio,
        book_search=capability("book-search", UNAVAILABLE),
        categories=categories,
        flags=flags,
    )


# ---------------------------------------------------------------------------------------
# feeds


@dataclass(frozen=True, slots=True)
class Enclosure:
    url: str
    length: int | None
    type: str | None


@dataclass(frozen=True, slots=True)
class ApiLimits:
    """``<newznab:apilimits>``: how much of the day's API and grab allowance is used."""

    api_current: int | None = None
    api_max: int | None = None
    grab_current: int | None = None
    grab_max: int | None = None
    api_oldest_time: datetime | None = None

    @property
    def exhausted(self) -> bool:
        return (
            self.api_current is not None
            and self.api_max is not None
            and self.api_max > 0
            and self.api_current >= self.api_max
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    """One ``<item>`` as sent, before any interpretation (that is ``mapping``'s job)."""

    title: str | None
    guid: str | None
    guid_is_permalink: bool
    link: str | None
    comments: str | None
    pub_date: str | None
    size: str | None  # the <size> element some torznab feeds carry
    grabs: str | None
    files: str | None
    enclosures: tuple[Enclosure, ...]
    categories: tuple[str, ...]  # <category> texts: names ("TV > HD") or ids ("5040")
    attrs: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def attr(self, *names: str) -> str | None:
        """The first non-empty value of the first of ``names`` the item has."""
        attrs = self.attrs
        for name in names:
            values = attrs.get(name)
            if values:
                for value in values:
                    if value:
                        return value
        return None


@dataclass(frozen=True, slots=True)
class Feed:
    items: tuple[FeedItem, ...]
    offset: int | None = None
    total: int | None = None
    api_limits: ApiLimits | None = None


def _add_attr(collected: dict[str, list[str]], child: Element) -> None:
    name = (child.get("name") or "").strip().lower()
    if name:
        collected.setdefault(name, []).append((child.get("value") or "").strip())


def _attrs(element: Element) -> dict[str, tuple[str, ...]]:
    collected: dict[str, list[str]] = {}
    for child in _children(element, "attr"):
        _add_attr(collected, child)
    return {name: tuple(values) for name, values in collected.items()}


def _rss_item(element: Element) -> FeedItem:
    """One pass over the item's children: an RSS sync reads thousands of items, and
    looking each field up among the children apart cost more than the XML parse."""
    first: dict[str, Element] = {}
    enclosures: list[Enclosure] = []
    categories: list[str] = []
    attrs: dict[str, list[str]] = {}
    for child in element:
        name = _local(child.tag)
        if name == "attr":
            _add_attr(attrs, child)
        elif name == "enclosure":
            url = child.get("url")
            if url and url.strip():
                enclosures.append(
                    Enclosure(url.strip(), _int(child.get("length")), child.get("type"))
                )
        elif name == "category":
            text = _text(child)
            if text:
                categories.append(text)
        if name not in first:
            first[name] = child
    guid = first.get("guid")
    return FeedItem(
        title=_text(first.get("title")),
        guid=_text(guid),
        guid_is_permalink=(guid.get("isPermaLink", "true") if guid is not None else "false")
        .strip()
        .lower()
        != "false",
        link=_text(first.get("link")),
        comments=_text(first.get("comments")),
        pub_date=_text(first.get("pubdate")),
        size=_text(first.get("size")),
        grabs=_text(first.get("grabs")),
        files=_text(first.get("files")),
        enclosures=tuple(enclosures),
        categories=tuple(categories),
        attrs={name: tuple(values) for name, values in attrs.items()},
    )


def _atom_entry(element: Element) -> FeedItem:
    """Atom ``<entry>``: the few indexers that answer in Atom carry the same attrs."""
    enclosures: list[Enclosure] = []
    alternate: str | None = None
    for link in _children(element, "link"):
        href = (link.get("href") or "").strip()
        rel = (link.get("rel") or "alternate").lower()
        if href and rel == "enclosure":
            enclosures.append(Enclosure(href, _int(link.get("length")), link.get("type")))
        elif href and rel == "alternate":
            alternate = href
    return FeedItem(
        title=_text(_child(element, "title")),
        guid=_text(_child(element, "id")),
        guid_is_permalink=False,
        link=alternate,
        comments=alternate,
        pub_date=_text(_child(element, "published")) or _text(_child(element, "updated")),
        size=None,
        grabs=None,
        files=None,
        enclosures=tuple(enclosures),
        categories=tuple(term for c in _children(element, "category") if (term := c.get("term"))),
        attrs=_attrs(element),
    )


def _find_first(root: Element, *names: str) -> list[Element | None]:
    """The first element (document order) of each local name, in one walk of the tree."""
    found: dict[str, Element] = {}
    for element in root.iter():
        name = _local(element.tag)
        if name in names and name not in found:
            found[name] = element
            if len(found) == len(names):
                break
    return [found.get(name) for name in names]


def parse_feed(root: Element, *, api_key_sent: bool = True) -> Feed:
    """An RSS (or Atom) result document as a ``Feed``; error documents raise."""
    raise_for_error_document(root, api_key_sent=api_key_sent)
    kind = _local(root.tag)
    if kind == "rss":
        channel = _child(root, "channel")
        if channel is None:
            raise IndexerResponseError("the RSS document has no <channel>")
        items: Iterable[FeedItem] = (_rss_item(e) for e in _children(channel, "item"))
        meta = channel
    elif kind == "feed":
        items = (_atom_entry(e) for e in _children(root, "entry"))
        meta = root
    else:
        raise IndexerResponseError(f"expected an RSS document, got <{kind}>")
    response, limits = _find_first(meta, "response", "apilimits")
    api_limits = None
    if limits is not None:
        api_limits = ApiLimits(
            api_current=_int(limits.get("apiCurrent")),
            api_max=_int(limits.get("apiMax")),
            grab_current=_int(limits.get("grabCurrent")),
            grab_max=_int(limits.get("grabMax")),
            api_oldest_time=parse_date(limits.get("apiOldestTime")),
        )
    with collector_paused():
        read = tuple(items)
    return Feed(
        items=read,
        offset=_int(response.get("offset")) if response is not None else None,
        total=_int(response.get("total")) if response is not None else None,
        api_limits=api_limits,
    )


# ---------------------------------------------------------------------------------------
# dates

# Zone names RFC 822 parsers do not know but indexers send; RFC 822's own (EST, PDT, GMT,
# UT, Z...) are already handled by email.utils.
_ZONES = {
    "CET": 1,
    "CEST": 2,
    "MET": 1,
    "MEST": 2,
    "BST": 1,
    "WET": 0,
    "WEST": 1,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "JST": 9,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
}
_TRAILING_ZONE = re.compile(r"\s([A-Za-z]{2,5})$")
_COMMENT = re.compile(r"\s*\([^)]*\)\s*$")
# The form nearly every indexer sends (``Mon, 27 Feb 2012 11:09:39 -0500``), read without
# email.utils' general parser, which costs more than the rest of an item; anything else,
# or anything this reading refuses, takes the general path.
_RFC822 = re.compile(
    r"(?:[A-Za-z]{3},\s*)?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) "
    r"(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})"
)
_DAY = timedelta(days=1)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


def _rfc822(text: str) -> datetime | None:
    found = _RFC822.fullmatch(text)
    if found is None:
        return None
    day, month_name, year, hour, minute, second, sign, zone_h, zone_m = found.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    offset = timedelta(hours=int(zone_h), minutes=int(zone_m))
    if offset >= _DAY:
        return None  # no such zone: the general path refuses it
    try:
        moment = datetime(
            int(year), month, int(day), int(hour), int(minute), int(second), tzinfo=UTC
        )
    except ValueError:
        return None
    return moment - offset if sign == "+" else moment + offset


def parse_date(raw: str | None) -> datetime | None:
    """An indexer date as an aware UTC datetime, or ``None`` when it cannot be read.

    RFC 822 (``Mon, 27 Feb 2012 11:09:39 -0500``) is the norm; also accepted: named zones
    beyond RFC 822's list, a trailing ``(UTC)`` comment, ISO 8601 and Unix timestamps. A date
    without a zone is taken as UTC, which is what the indexers that omit it mean.
    """
    if raw is None:
        return None
    text = raw.strip()
    if ")" in text:
        text = _COMMENT.sub("", text)
    if not text:
        return None
    quick = _rfc822(text)
    if quick is not None:
        return quick
    if text.isdigit():
        try:
            return datetime.fromtimestamp(int(text), UTC)
        except (OverflowError, OSError, ValueError):
            return None
    zone = _TRAILING_ZONE.search(text)
    if zone and zone.group(1).upper() in _ZONES:
        hours = _ZONES[zone.group(1).upper()]
        text = f"{text[: zone.start()]} {'+' if hours >= 0 else '-'}{abs(hours):02d}00"
    parsed: datetime | None = None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
