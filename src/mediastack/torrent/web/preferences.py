"""The torrent preferences page: the settings people change in qBittorrent's Options
dialog (port, speed limits, queueing, seeding limits, save paths) and the categories.

The form is rendered from ``app/preferences`` (``preferences_json``) and saved through the
very functions ``app/setPreferences`` uses (``engine_changes`` then
``apply_engine_changes``): applied to the running session at once and kept across
restarts, with the API's refusals. Only fields the person changed are sent, so saving an
untouched form changes nothing (a random listen port stays random). A refused form is
shown again with what was typed and the reason, and nothing is applied.

Speed limits are shown in KiB/s as qBittorrent's dialog shows them (the API speaks
bytes/s). The alternative limits appear as soon as the engine maps ``alt_dl_limit`` and
``alt_up_limit`` (they are probed through ``engine_changes``, never guessed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from mediastack.core.http import ApiError, context_of
from mediastack.torrent.api.adding import confined_path
from mediastack.torrent.api.deps import TorrentApiState, api_state, engine_of
from mediastack.torrent.api.forms import read_params
from mediastack.torrent.api.preferences import (
    apply_engine_changes,
    engine_changes,
    preferences_json,
)
from mediastack.torrent.engine import CategoryError, TorrentEngine
from mediastack.torrent.web.common import PAGE, PREFERENCES, back_to, checked
from mediastack.web.pages import User, page_context, redirect_back, require_same_origin, templates

__all__ = ["SECTIONS", "Field", "alt_mode", "preferences_router"]

Kind = Literal["bool", "int", "kib", "ratio", "path", "choice", "time"]
KIB = 1024
_MAX_COUNT = 1_000_000


@dataclass(frozen=True, slots=True)
class Field:
    """One control of the form, named by its ``app/preferences`` key."""

    key: str
    label: str
    kind: Kind
    hint: str = ""
    minimum: int = 0
    maximum: int = _MAX_COUNT
    choices: tuple[tuple[str, str], ...] = ()
    needs: str = ""
    """For a value that only counts when a box is ticked: that box's key."""


_DAYS = (
    ("0", "Every day"),
    ("1", "Weekdays"),
    ("2", "Weekends"),
    ("3", "Monday"),
    ("4", "Tuesday"),
    ("5", "Wednesday"),
    ("6", "Thursday"),
    ("7", "Friday"),
    ("8", "Saturday"),
    ("9", "Sunday"),
)


def _count(key: str, label: str) -> Field:
    return Field(key, label, "int", "−1 for no limit", minimum=-1)


SECTIONS: list[tuple[str, str, list[Field]]] = [
    (
        "downloads",
        "Downloads",
        [
            Field("save_path", "Default save path", "path", "inside the downloads folder"),
            Field("temp_path_enabled", "Keep incomplete torrents in another folder", "bool"),
            Field("temp_path", "Folder for incomplete torrents", "path", needs="temp_path_enabled"),
            Field("start_paused_enabled", "Add torrents paused", "bool"),
            Field(
                "torrent_content_layout",
                "Torrent content layout",
                "choice",
                choices=(
                    ("Original", "Original"),
                    ("Subfolder", "Create subfolder"),
                    ("NoSubfolder", "Don't create subfolder"),
                ),
            ),
        ],
    ),
    (
        "connection",
        "Connection",
        [
            Field(
                "listen_port",
                "Port used for incoming connections",
                "int",
                "0 picks a random port",
                maximum=65535,
            ),
            Field("upnp", "Use UPnP / NAT-PMP port forwarding from my router", "bool"),
            _count("max_connec", "Global maximum number of connections"),
            _count("max_connec_per_torrent", "Maximum number of connections per torrent"),
            _count("max_uploads", "Global maximum number of upload slots"),
            _count("max_uploads_per_torrent", "Maximum number of upload slots per torrent"),
        ],
    ),
    (
        "speed",
        "Speed",
        [
            Field("dl_limit", "Download limit", "kib", "KiB/s, 0 for no limit"),
            Field("up_limit", "Upload limit", "kib", "KiB/s, 0 for no limit"),
            Field("limit_lan_peers", "Apply rate limits to peers on the LAN", "bool"),
        ],
    ),
    (
        "alternative",
        "Alternative speed limits",
        [
            Field("alt_dl_limit", "Alternative download limit", "kib", "KiB/s, 0 for no limit"),
            Field("alt_up_limit", "Alternative upload limit", "kib", "KiB/s, 0 for no limit"),
            Field("scheduler_enabled", "Use the alternative limits on a schedule", "bool"),
            Field("schedule_from", "From", "time", "local time", needs="scheduler_enabled"),
            Field(
                "schedule_to", "To", "time", "before From: over midnight", needs="scheduler_enabled"
            ),
            Field("scheduler_days", "When", "choice", choices=_DAYS),
        ],
    ),
    (
        "bittorrent",
        "BitTorrent",
        [
            Field("dht", "Enable DHT (decentralised network) to find more peers", "bool"),
            Field("pex", "Enable peer exchange (PeX) to find more peers", "bool"),
            Field("lsd", "Enable local peer discovery to find more peers", "bool"),
            Field(
                "encryption",
                "Encryption mode",
                "choice",
                choices=(
                    ("0", "Allow encryption"),
                    ("1", "Require encryption"),
                    ("2", "Disable encryption"),
                ),
            ),
            Field("anonymous_mode", "Enable anonymous mode", "bool"),
        ],
    ),
    (
        "queueing",
        "Torrent queueing",
        [
            Field("queueing_enabled", "Queue torrents", "bool"),
            _count("max_active_downloads", "Maximum active downloads"),
            _count("max_active_uploads", "Maximum active uploads"),
            _count("max_active_torrents", "Maximum active torrents"),
            Field("dont_count_slow_torrents", "Do not count slow torrents in these limits", "bool"),
        ],
    ),
    (
        "seeding",
        "Seeding limits",
        [
            Field("max_ratio_enabled", "Stop seeding when the ratio reaches a limit", "bool"),
            Field("max_ratio", "Ratio", "ratio", needs="max_ratio_enabled"),
            Field("max_seeding_time_enabled", "Stop seeding after a seeding time", "bool"),
            Field(
                "max_seeding_time",
                "Seeding time",
                "int",
                "minutes",
                needs="max_seeding_time_enabled",
            ),
            Field(
                "max_ratio_act",
                "Then",
                "choice",
                choices=(
                    ("0", "Pause the torrent"),
                    ("1", "Remove the torrent"),
                    ("3", "Remove the torrent and its files"),
                ),
            ),
        ],
    ),
]
_SCHEDULE = ("scheduler_enabled", "schedule_from", "schedule_to", "scheduler_days")


class FormProblem(ValueError):
    """A field of the form that cannot be read; the message names the field."""


def _maps(state: TorrentApiState, probe: dict[str, Any]) -> bool:
    """True when ``setPreferences`` turns ``probe`` into an engine change, i.e. the engine
    has the setting: a field is offered only when saving it does something."""
    try:
        return bool(engine_changes(probe, state.engine.settings, state))
    except ApiError:
        return False


def _fields(state: TorrentApiState, prefs: dict[str, Any]) -> list[tuple[str, str, list[Field]]]:
    """The sections shown: the alternative limits and their schedule only once the engine
    has them."""
    alt = _maps(state, {k: int(prefs.get(k, 0)) + KIB for k in ("alt_dl_limit", "alt_up_limit")})
    schedule = alt and _maps(state, {"scheduler_enabled": not prefs.get("scheduler_enabled")})
    shown = []
    for section, title, fields in SECTIONS:
        if section == "alternative" and not alt:
            continue
        kept = [f for f in fields if schedule or f.key not in _SCHEDULE]
        shown.append((section, title, kept))
    return shown


def alt_mode(state: TorrentApiState) -> bool | None:
    """Whether the alternative limits are in force (qBittorrent's ``speedLimitsMode``), or
    None while the engine has no such switch."""
    value = getattr(state.engine.settings, "alt_speed_enabled", None)
    return value if isinstance(value, bool) else None


def _as_prefs(field: Field, value: Any) -> dict[str, Any]:
    """A control's value as ``setPreferences`` keys: a time is an hour and a minute."""
    if field.kind == "time":
        hour, minute = value
        return {f"{field.key}_hour": hour, f"{field.key}_min": minute}
    return {field.key: value}


def _shown(field: Field, prefs: dict[str, Any]) -> Any:
    """A preference as its control shows it: a bool, or the text of the input."""
    value = prefs.get(field.key)
    if field.kind == "time":
        hour, minute = prefs.get(f"{field.key}_hour", 0), prefs.get(f"{field.key}_min", 0)
        return f"{int(hour):02d}:{int(minute):02d}"
    if field.kind == "bool":
        return bool(value)
    if field.kind == "kib":
        return str(round(int(value or 0) / KIB))
    if field.kind == "ratio" or field.key == "max_seeding_time":
        return "" if value is None or float(value) < 0 else f"{value:g}"
    return "" if value is None else str(value)


def _read(field: Field, raw: Any) -> Any:
    """The preference value a control's text stands for; FormProblem names what is wrong."""
    if field.kind == "bool":
        return raw is True or (isinstance(raw, str) and raw.strip().lower() in ("on", "true", "1"))
    text = raw.strip() if isinstance(raw, str) else ""
    if field.kind == "path":
        return text or None
    if field.kind == "choice":
        if text not in {value for value, _ in field.choices}:
            raise FormProblem(f"{field.label}: choose one of the offered values.")
        return int(text) if text.lstrip("-").isdigit() else text
    if not text:
        return None
    if field.kind == "time":
        hour, _, minute = text.partition(":")
        if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
            raise FormProblem(f"{field.label}: enter a time such as 08:00.")
        return int(hour), int(minute)
    if field.kind == "ratio":
        try:
            ratio = float(text)
        except ValueError:
            raise FormProblem(f"{field.label}: enter a number such as 1.5.") from None
        if not 0 <= ratio <= 9998:
            raise FormProblem(f"{field.label}: enter a number from 0 to 9998.")
        return ratio
    try:
        number = int(text)
    except ValueError:
        raise FormProblem(f"{field.label}: enter a whole number.") from None
    if not field.minimum <= number <= field.maximum:
        raise FormProblem(
            f"{field.label}: enter a whole number from {field.minimum} to {field.maximum}."
        )
    return number * KIB if field.kind == "kib" else number


def _changed_prefs(
    form: dict[str, Any], fields: list[Field], prefs: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """The ``setPreferences`` object for the fields whose value differs from what the
    page showed, and the problems found (every field is read, so all of them show at once).

    Comparing what the controls show means a limit set to 1000 B/s through the API, shown
    as 1 KiB/s, is left alone unless its field was edited.
    """
    wanted: dict[str, Any] = {}
    problems: list[str] = []
    for field in fields:
        try:
            value = _read(field, form.get(field.key))
        except FormProblem as exc:
            problems.append(str(exc))
            continue
        if value is None:
            if not field.needs or checked(form, field.needs):
                problems.append(f"{field.label}: enter a value.")
            continue  # the value of a switched-off limit may stay empty
        try:
            current = _read(field, _shown(field, prefs))
        except FormProblem:
            current = None
        if value != current:
            wanted |= _as_prefs(field, value)
    return wanted, problems


def _category_path(state: TorrentApiState, engine: TorrentEngine, raw: str) -> str:
    """A category's save path as ``createCategory`` stores it: "" (the default folder) or
    an absolute path inside the downloads tree."""
    if not raw.strip():
        return ""
    downloads = state.settings.downloads_dir.resolve()
    return str(confined_path(raw, engine, downloads, "Save path"))


def preferences_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    same_origin = [Depends(require_same_origin)]

    def render(
        request: Request,
        user: str,
        *,
        values: dict[str, Any] | None = None,
        message: str = "",
        error: str = "",
        status_code: int = 200,
    ) -> Response:
        state = api_state(request)
        engine = engine_of(request)
        prefs = preferences_json(state)
        sections = _fields(state, prefs)
        shown = {f.key: _shown(f, prefs) for _, _, fs in sections for f in fs}
        categories = sorted(engine.categories().values(), key=lambda c: c.name.casefold())
        return templates.TemplateResponse(
            request,
            "torrent/preferences.html",
            page_context(
                context_of(request),
                request,
                user=user,
                message=message,
                error=error,
                sections=sections,
                values=shown | (values or {}),
                listening_on=engine.listen_port,
                alt_mode=alt_mode(state),
                default_save_path=str(engine.settings.save_path),
                torrent_categories=categories,
            ),
            status_code=status_code,
        )

    @router.get(PREFERENCES)
    def preferences_page(
        request: Request, user: User, message: str = "", error: str = ""
    ) -> Response:
        return render(request, user, message=message, error=error)

    @router.post(PREFERENCES, dependencies=same_origin)
    async def save(request: Request, user: User) -> Response:
        state = api_state(request)
        engine = engine_of(request)
        form = dict((await read_params(request)).values)
        prefs = preferences_json(state)
        fields = [f for _, _, fs in _fields(state, prefs) for f in fs]
        typed = {
            f.key: (f.key in form) if f.kind == "bool" else form.get(f.key, "") for f in fields
        }
        wanted, problems = _changed_prefs(form, fields, prefs)
        try:
            if problems:
                raise ApiError(400, " ".join(problems))
            await apply_engine_changes(state, engine_changes(wanted, engine.settings, state))
        except ApiError as exc:
            return render(request, user, values=typed, error=exc.message, status_code=400)
        return redirect_back(
            PREFERENCES, message="Preferences saved." if wanted else "Nothing was changed."
        )

    async def save_category(request: Request, *, new: bool) -> Response:
        """``createCategory`` (``new``) or ``editCategory``: a name and its save path, ""
        for the default folder; an edited path does not move torrents already added."""
        state = api_state(request)
        engine = engine_of(request)
        form = await read_params(request)
        name = form.text("name", "").strip()
        verb = "create" if new else "edit"
        if not name:
            return redirect_back(PREFERENCES, error="Category cannot be empty")
        if new == (name in engine.categories()):
            problem = "it exists" if new else "it does not exist"
            return redirect_back(PREFERENCES, error=f"Unable to {verb} category {name}: {problem}")
        try:
            path = _category_path(state, engine, form.text("save_path", ""))
            (engine.create_category if new else engine.edit_category)(name, path)
        except ApiError as exc:
            return redirect_back(PREFERENCES, error=exc.message)
        except CategoryError as exc:
            return redirect_back(PREFERENCES, error=f"Unable to {verb} category {name}: {exc}")
        return redirect_back(PREFERENCES, message=f"Category {name} {'added' if new else 'saved'}.")

    @router.post(f"{PREFERENCES}/alternative-limits", dependencies=same_origin)
    async def switch_alt_limits(request: Request, _user: User) -> Response:
        """``setSpeedLimitsMode``: the alternative limits in force (``use=1``) or not, from
        the list or from this page, back to where the button was."""
        state = api_state(request)
        engine_of(request)
        back = back_to(request, PAGE, PREFERENCES)
        if alt_mode(state) is None:
            return redirect_back(back, error="This engine has no alternative speed limits.")
        use = (await read_params(request)).text("use", "") == "1"
        try:
            await apply_engine_changes(state, {"alt_speed_enabled": use})
        except ApiError as exc:
            return redirect_back(back, error=exc.message)
        which = "alternative" if use else "normal"
        return redirect_back(back, message=f"The {which} speed limits are in force.")

    @router.post(f"{PREFERENCES}/categories/add", dependencies=same_origin)
    async def add_category(request: Request, _user: User) -> Response:
        return await save_category(request, new=True)

    @router.post(f"{PREFERENCES}/categories/edit", dependencies=same_origin)
    async def edit_category(request: Request, _user: User) -> Response:
        return await save_category(request, new=False)

    @router.post(f"{PREFERENCES}/categories/delete", dependencies=same_origin)
    async def delete_category(request: Request, _user: User) -> Response:
        """``removeCategories``: its torrents become uncategorised; no file moves."""
        engine = engine_of(request)
        form = await read_params(request)
        name = form.text("name", "").strip()
        if name not in engine.categories():
            return redirect_back(PREFERENCES, error="That category does not exist.")
        engine.remove_categories([name])
        return redirect_back(PREFERENCES, message=f"Category {name} removed.")

    return router
