"""The usenet servers page: list, add, edit, delete and test NNTP servers.

Saving is ``mode=set_config&section=servers``, deleting ``mode=del_config`` and the Test
button ``mode=config&name=test_server`` (connect and log in once), so the page and
SABnzbd clients share one code path and one set of refusals. Passwords never come back
to the browser: an edit form shows SABnzbd's mask, which sent back unchanged keeps the
stored password, and a test of an existing server uses its stored password the same way.
A refused form is shown again with what was typed; the Test button answers in place when
JavaScript runs (``downloads.js``) and with the whole page otherwise.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import escape

from mediastack.core.http import context_of
from mediastack.usenet.queue.catalog import MASK
from mediastack.usenet.web.calls import ModeRefused, api_call, form_of, run_mode
from mediastack.web.pages import User, page_context, redirect_back, require_same_origin, templates

__all__ = ["SERVERS", "servers_router"]

SERVERS = "/servers"
_TEXT = ("host", "username", "password", "port", "connections", "priority", "timeout", "retention")
_FLAGS = ("ssl", "ssl_verify", "enable")
_NEW = ""
"""``editing`` of the add form (an existing server's form is keyed by its name)."""


def _ticked(form: dict[str, str], key: str) -> bool:
    return form.get(key, "").strip().lower() in ("on", "1", "true")


def _params(form: dict[str, str]) -> dict[str, str]:
    """The form as ``set_config``/``test_server`` parameters: every box sent as 1 or 0, so
    an unticked box is a change rather than "keep what was stored"."""
    params = {key: form.get(key, "").strip() for key in _TEXT if key != "password"}
    params["password"] = form.get("password", "")
    params |= {key: "1" if _ticked(form, key) else "0" for key in _FLAGS}
    return params


def _stored(server: Any) -> dict[str, Any]:
    """A saved server as its form shows it (the password as the mask, if there is one)."""
    return {
        "name": server.name,
        "host": server.host,
        "port": str(server.port),
        "username": server.username or "",
        "password": MASK if server.password else "",
        "connections": str(server.connections),
        "priority": str(server.priority),
        "timeout": str(int(server.timeout)),
        "retention": str(server.retention),
        "ssl": server.ssl,
        "ssl_verify": server.ssl_verify,
        "enable": server.enable,
    }


_BLANK: dict[str, Any] = {
    "name": "",
    "host": "",
    "port": "563",
    "username": "",
    "password": "",
    "connections": "8",
    "priority": "0",
    "timeout": "60",
    "retention": "0",
    "ssl": True,
    "ssl_verify": True,
    "enable": True,
}


def _typed(form: dict[str, str]) -> dict[str, Any]:
    """What was typed, to show again: text as typed, boxes as ticked."""
    return {key: _ticked(form, key) if key in _FLAGS else form.get(key, "") for key in _BLANK}


def _result_html(ok: bool, message: str) -> str:
    role, cls = ("status", "ok") if ok else ("alert", "error")
    return f'<p class="alert {cls} test-result" role="{role}">{escape(message)}</p>'


def servers_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    same_origin = [Depends(require_same_origin)]

    def render(
        request: Request,
        user: str,
        *,
        draft: dict[str, Any] | None = None,
        editing: str | None = None,
        test: tuple[bool, str] | None = None,
        message: str = "",
        error: str = "",
        status_code: int = 200,
    ) -> Response:
        """The page; ``draft`` (what was typed) replaces the values of the form
        ``editing`` names, and ``test`` is shown next to that form."""
        servers = api_call(request).catalog.servers()
        forms = [(s.name, _stored(s)) for s in servers]
        forms = [(key, draft if draft is not None and key == editing else v) for key, v in forms]
        new = draft if draft is not None and editing == _NEW else dict(_BLANK)
        return templates.TemplateResponse(
            request,
            "usenet/servers.html",
            page_context(
                context_of(request),
                request,
                user=user,
                message=message,
                error=error,
                forms=forms,
                new=new,
                editing=editing,
                test=test,
                test_html=_result_html(*test) if test else "",
            ),
            status_code=status_code,
        )

    @router.get(SERVERS)
    def servers_page(request: Request, user: User, message: str = "", error: str = "") -> Response:
        return render(request, user, message=message, error=error)

    @router.post(f"{SERVERS}/save", dependencies=same_origin)
    async def save(request: Request, user: User) -> Response:
        """Add (``editing`` empty) or change a server; a name in use is refused on add."""
        form = await form_of(request)
        editing = form.get("editing", _NEW)
        name = (form.get("name", "") if editing == _NEW else editing).strip()
        exists = api_call(request).catalog.server(name) is not None
        problem = ""
        if not name:
            problem = "Give the server a name."
        elif editing == _NEW and exists:
            problem = f"A server named {name} exists already."
        elif editing != _NEW and not exists:
            problem = f"The server {name} no longer exists."
        elif not form.get("host", "").strip():
            problem = "Enter the server's host name."
        if not problem:
            try:
                await run_mode(
                    request, "set_config", section="servers", keyword=name, **_params(form)
                )
            except ModeRefused as exc:
                problem = f"{name}: {exc}"
        if problem:
            draft = _typed(form) | ({"name": name} if editing != _NEW else {})
            return render(
                request, user, draft=draft, editing=editing, error=problem, status_code=400
            )
        verb = "added" if editing == _NEW else "saved"
        return redirect_back(SERVERS, message=f"Server {name} {verb}.")

    @router.post(f"{SERVERS}/test", dependencies=same_origin)
    async def test(request: Request, user: User) -> Response:
        """``test_server`` with the values in the form (saved or not)."""
        form = await form_of(request)
        editing = form.get("editing", _NEW)
        if not form.get("host", "").strip():
            outcome = (False, "Enter the server's host name.")
        else:
            params = _params(form) | ({"server": editing} if editing != _NEW else {})
            try:
                answer = await run_mode(request, "config", name="test_server", **params)
                outcome = (bool(answer["value"]["result"]), str(answer["value"]["message"]))
            except ModeRefused as exc:
                outcome = (False, str(exc))
        if request.headers.get("x-requested-with") == "fetch":
            return HTMLResponse(_result_html(*outcome))
        draft = _typed(form) | ({"name": editing} if editing != _NEW else {})
        return render(request, user, draft=draft, editing=editing, test=outcome)

    @router.post(f"{SERVERS}/delete", dependencies=same_origin)
    async def delete(request: Request, _user: User) -> Response:
        """``del_config``: a server from the configuration file keeps its file settings
        (only changes made here go), and the page says so."""
        name = (await form_of(request)).get("name", "").strip()
        catalog = api_call(request).catalog
        if catalog.server(name) is None:
            return redirect_back(SERVERS, error="That server does not exist.")
        try:
            await run_mode(request, "del_config", section="servers", keyword=name)
        except ModeRefused:
            removed = False
        else:
            removed = True
        if catalog.server(name) is not None:
            what = "Removed the changes made here; " if removed else ""
            return redirect_back(
                SERVERS,
                error=f"{what}{name} is defined in the configuration file: remove it there.",
            )
        return redirect_back(SERVERS, message=f"Server {name} deleted.")

    return router
