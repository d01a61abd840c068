"""Pages every service has: first-run setup, login, logout, home, and general settings.

Forms post back to the same origin; the session cookie is HttpOnly and SameSite=Strict, and
a form post whose Origin or Referer names another host is refused, so a page elsewhere in
the user's browser cannot drive the service. Failed logins count towards the same ban as
the APIs' logins.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from mediastack import __version__
from mediastack.core.auth import SESSION_COOKIE, KeyPinnedError
from mediastack.core.health import run_checks
from mediastack.core.http import ApiError, ServiceContext, client_address, context_of
from mediastack.core.roles import MANAGER_ROLES, ROLE_FACTS

if TYPE_CHECKING:
    from fastapi.templating import Jinja2Templates
    from jinja2 import Environment

HERE = Path(__file__).parent

NAV_KEY = "web_nav"
"""``ctx.extras`` key of the role's own navigation entries: a list of (label, href)."""


def human_size(nbytes: float) -> str:
    """Bytes for people (``0 B``, ``1.5 KB``, ``3.2 GB``, powers of 1024 as both originals
    show them), so every page writes sizes the same way."""
    value = float(nbytes)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(value) < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} PB"  # pragma: no cover - the loop returns at TB


def human_rate(bytes_per_second: float) -> str:
    """A transfer rate; nothing moving reads as a dash rather than a noisy ``0 B/s``."""
    return f"{human_size(bytes_per_second)}/s" if bytes_per_second > 0 else "–"


def human_duration(seconds: float) -> str:
    """A remaining time such as ``2h 05m`` or ``45s``; negative/unknown is ``∞``."""
    total = int(seconds)
    if total < 0:
        return "∞"
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours:02d}h"
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


def percent(fraction: float) -> int:
    """0..1 as a whole percentage clamped to 0..100 (a bar must never overflow)."""
    return max(0, min(100, int(fraction * 100)))


def unix_time(seconds: float, iso: bool = False) -> str:
    """A unix timestamp as UTC text (``iso`` for a ``<time datetime>`` attribute)."""
    moment = datetime.fromtimestamp(seconds, UTC)
    return moment.isoformat() if iso else moment.strftime("%Y-%m-%d %H:%M UTC")


class LazyTemplates:
    """The pages' Jinja2 templates, loaded when the first page is rendered.

    Most of a service's life is API traffic: importing Jinja2 (and compiling its
    environment) at start would hold ~2 MiB of every process for pages that may never be
    opened (``docs/benchmarks.md``, torrent service memory). The first page pays ~20 ms.
    """

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._loaded: Jinja2Templates | None = None
        self._lock = threading.Lock()  # sync page handlers run in a thread pool

    def _templates(self) -> Jinja2Templates:
        loaded = self._loaded
        if loaded is None:
            with self._lock:
                loaded = self._loaded
                if loaded is None:
                    from fastapi.templating import Jinja2Templates

                    loaded = Jinja2Templates(directory=self._directory)
                    loaded.env.filters.update(
                        filesize=human_size,
                        rate=human_rate,
                        duration=human_duration,
                        percent=percent,
                        timestamp=unix_time,
                    )
                    self._loaded = loaded
        return loaded

    @property
    def loaded(self) -> bool:
        """Whether Jinja2 has been loaded (by a page or by code touching ``env``)."""
        return self._loaded is not None

    @property
    def env(self) -> Environment:
        return self._templates().env

    def TemplateResponse(self, *args: Any, **kwargs: Any) -> Response:
        return self._templates().TemplateResponse(*args, **kwargs)


templates = LazyTemplates(HERE / "templates")


class LoginRequired(Exception):
    """Raised by page dependencies; answered with a redirect to the login page."""


def _same_origin(request: Request) -> bool:
    host = request.headers.get("host", "")
    for header in ("origin", "referer"):
        value = request.headers.get(header)
        if value and value != "null" and urlsplit(value).netloc.lower() != host.lower():
            return False
    return True


def require_same_origin(request: Request) -> None:
    if not _same_origin(request):
        raise ApiError(403, "Cross-origin form posts are refused")


def page_user(request: Request) -> str:
    """The signed-in user, or a redirect to /login (or /setup before a password exists)."""
    ctx = context_of(request)
    if ctx.auth.is_exempt(client_address(request)):
        return ctx.auth.username
    user = ctx.auth.session_user(request.cookies.get(SESSION_COOKIE))
    if user is None:
        raise LoginRequired
    return user


User = Annotated[str, Depends(page_user)]


def add_nav_link(ctx: ServiceContext, label: str, href: str) -> None:
    """Give a role's own page a place in the header of every page (``/`` included).

    Roles call this from their setup, so the shared layer never has to know which pages a
    role has; the order of calls is the order shown.
    """
    links = ctx.extras.setdefault(NAV_KEY, [])
    if (label, href) not in links:
        links.append((label, href))


def redirect_back(path: str, *, message: str = "", error: str = "") -> Response:
    """The answer to a page form: 303 back to ``path`` with a flash sentence in the query,
    so a reload does not post again and the page works without JavaScript."""
    query = urlencode({k: v for k, v in (("message", message), ("error", error)) if v})
    if not query:
        return RedirectResponse(path, status_code=303)
    return RedirectResponse(f"{path}{'&' if '?' in path else '?'}{query}", status_code=303)


def back_target(request: Request, path: str) -> str:
    """Where an action form came from when that was ``path`` (keeping its filters), else
    ``path``: the Referer is used only when it names this host and this very page, so a
    redirect can never be steered elsewhere."""
    referer = urlsplit(request.headers.get("referer", ""))
    host = request.headers.get("host", "").lower()
    if referer.netloc.lower() != host or referer.path != path:
        return path
    kept = [(k, v) for k, v in parse_qsl(referer.query) if k not in ("message", "error")]
    return f"{path}?{urlencode(kept)}" if kept else path


def _base(ctx: ServiceContext, request: Request, **extra: Any) -> dict[str, Any]:
    facts = ROLE_FACTS[ctx.settings.role]
    return {
        "request": request,
        "nav": list(ctx.extras.get(NAV_KEY, [])),
        "app_name": ctx.app_name,
        "role": ctx.settings.role.value,
        "stands_in_for": facts.stands_in_for,
        "service_version": ctx.version,
        "mediastack_version": __version__,
        "instance": ctx.settings.instance_name or ctx.app_name,
        **extra,
    }


def page_context(ctx: ServiceContext, request: Request, **extra: Any) -> dict[str, Any]:
    """What ``base.html`` needs (instance name, versions, the role's nav links) plus
    ``extra``: the context every role page renders with."""
    return _base(ctx, request, **extra)


def _session_response(ctx: ServiceContext, target: str, remember: bool) -> Response:
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        ctx.auth.issue_session(),
        httponly=True,
        samesite="strict",
        max_age=ctx.auth.sessions.max_age_seconds if remember else None,
        path="/",
    )
    return response


def web_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/login")
    def login_page(request: Request, loginFailed: bool = False) -> Response:
        ctx = context_of(request)
        if not ctx.auth.password_set:
            return RedirectResponse("/setup", status_code=303)
        banned = ctx.auth.throttle.is_banned(client_address(request))
        return templates.TemplateResponse(
            request,
            "login.html",
            _base(ctx, request, failed=loginFailed, banned=banned),
        )

    @router.post("/login", dependencies=[Depends(require_same_origin)])
    def login(
        request: Request,
        username: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        rememberMe: Annotated[str, Form()] = "",
    ) -> Response:
        ctx = context_of(request)
        address = client_address(request)
        if ctx.auth.throttle.is_banned(address):
            return RedirectResponse("/login?loginFailed=true", status_code=303)
        if not ctx.auth.check_password(username, password):
            ctx.auth.throttle.record_failure(address)
            return RedirectResponse("/login?loginFailed=true", status_code=303)
        ctx.auth.throttle.record_success(address)
        return _session_response(ctx, "/", remember=rememberMe.lower() in ("on", "true", "1"))

    @router.get("/logout")
    def logout() -> Response:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @router.get("/setup")
    def setup_page(request: Request, error: str = "") -> Response:
        ctx = context_of(request)
        if ctx.auth.password_set:
            return RedirectResponse("/login", status_code=303)
        return templates.TemplateResponse(
            request, "setup.html", _base(ctx, request, error=error, username=ctx.auth.username)
        )

    @router.post("/setup", dependencies=[Depends(require_same_origin)])
    def setup(
        request: Request,
        username: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        confirm: Annotated[str, Form()] = "",
    ) -> Response:
        ctx = context_of(request)
        if ctx.auth.password_set:  # first run only: afterwards, change it when signed in
            return RedirectResponse("/login", status_code=303)
        error = ""
        if password != confirm:
            error = "The passwords do not match."
        elif not username.strip():
            error = "Choose a user name."
        else:
            try:
                ctx.auth.set_password(password, username.strip())
            except ValueError as exc:
                error = str(exc).capitalize() + "."
        if error:
            return templates.TemplateResponse(
                request,
                "setup.html",
                _base(ctx, request, error=error, username=username),
                status_code=400,
            )
        return _session_response(ctx, "/", remember=False)

    @router.get("/")
    async def home(request: Request, user: User) -> Response:
        ctx = context_of(request)
        health = await run_checks(ctx.health_checks)
        return templates.TemplateResponse(
            request,
            "home.html",
            _base(ctx, request, user=user, health=health, started=ctx.started_at),
        )

    @router.get("/settings")
    def settings_page(request: Request, user: User, message: str = "", error: str = "") -> Response:
        ctx = context_of(request)
        return templates.TemplateResponse(
            request,
            "settings.html",
            _base(
                ctx,
                request,
                user=user,
                api_key=ctx.auth.api_key,
                message=message,
                error=error,
            ),
        )

    @router.post("/settings/rotate-key", dependencies=[Depends(require_same_origin)])
    async def rotate_key(request: Request, _user: User) -> Response:
        ctx = context_of(request)
        try:
            await asyncio.to_thread(ctx.auth.rotate_api_key)
        except KeyPinnedError as exc:
            return RedirectResponse(f"/settings?error={exc}", status_code=303)
        return RedirectResponse(
            "/settings?message=A new API key is active; update the programs that use it.",
            status_code=303,
        )

    @router.post("/settings/password", dependencies=[Depends(require_same_origin)])
    def change_password(
        request: Request,
        user: User,
        current: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        confirm: Annotated[str, Form()] = "",
    ) -> Response:
        ctx = context_of(request)
        if not ctx.auth.check_password(user, current):
            ctx.auth.throttle.record_failure(client_address(request))
            return RedirectResponse("/settings?error=The current password is wrong.", 303)
        if password != confirm:
            return RedirectResponse("/settings?error=The new passwords do not match.", 303)
        try:
            ctx.auth.set_password(password)
        except ValueError as exc:
            return RedirectResponse(f"/settings?error={exc}", 303)
        # every other session ended with the old password; keep this one signed in
        return _session_response(ctx, "/settings?message=Password changed.", remember=False)

    return router


def install_web(app: Any) -> None:
    """Mount the shared pages and assets on a service's app, and a manager's own pages."""
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(web_router())
    if app.state.ctx.settings.role in MANAGER_ROLES:
        # imported here, and only by a manager: the manager pages are built on this
        # module's helpers, and the other roles would carry them unused (~1 MiB)
        from mediastack.web.manager import install_manager_pages

        install_manager_pages(app, app.state.ctx)

    async def to_login(request: Request, exc: Exception) -> Response:
        ctx = context_of(request)
        return RedirectResponse("/login" if ctx.auth.password_set else "/setup", 303)

    app.add_exception_handler(LoginRequired, to_login)
