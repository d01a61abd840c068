"""``notification``: connections told about grabs, imports..., in the originals' shape.

Adding or changing a connection checks its settings (a 400 array naming the fields) and,
unless ``forceSave`` is set, sends a real test first, as the originals do; the test's
failure names the setting to blame (``Url``, ``Host``, ``ApiKey``...).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from mediastack.core.http import ApiError, FieldError
from mediastack.manager.api.deps import require_auth
from mediastack.manager.api.provider_fields import (
    common,
    fields_resource,
    provider_basics,
)
from mediastack.manager.api.resources import invalid, json_body
from mediastack.manager.domain import ManagerDomain
from mediastack.manager.notifications.definitions import APP_EVENT_FLAGS, NotificationDef
from mediastack.manager.notifications.dispatch import Notifier
from mediastack.manager.notifications.store import Notification, NotificationStore


def _supports(d: NotificationDef, app: str) -> dict[str, bool]:
    return {
        f"supports{key[0].upper()}{key[1:]}": d.supports(app, column)
        for key, column in APP_EVENT_FLAGS[app].items()
    }


def _base(d: NotificationDef, values: Mapping[str, Any], app: str) -> dict[str, Any]:
    return {
        "fields": fields_resource(d.fields, values),
        "implementationName": d.implementation_name,
        "implementation": d.implementation,
        "configContract": d.config_contract,
        "infoLink": d.info_link(app),
        "link": d.link,
        "testCommand": "",
        "includeHealthWarnings": False,
        **_supports(d, app),
    }


def resource(n: Notification, app: str) -> dict[str, Any]:
    out = _base(n.definition, n.settings, app)
    out |= {key: bool(col and n.subscribed(col)) for key, col in APP_EVENT_FLAGS[app].items()}
    out |= {
        "includeHealthWarnings": n.include_health_warnings,
        "name": n.name,
        "tags": n.tags,
        "id": n.id,
    }
    return out


def _failures(errors: list[FieldError]) -> ApiError:
    return ApiError(400, errors[0].message, errors)


async def run_test(notifier: Notifier, notification: Notification) -> None:
    """A real round trip to the configured target; failure is the originals' 400."""
    failure = await notifier.test(notification)
    if failure is not None:
        raise _failures([failure])


def notification_router(
    domain: ManagerDomain, store: NotificationStore, notifier: Notifier
) -> APIRouter:
    router = APIRouter(prefix=domain.api_prefix, dependencies=[Depends(require_auth)])
    app = domain.flavour
    flags = APP_EVENT_FLAGS[app]

    def from_body(body: Mapping[str, Any], existing: Notification | None) -> dict[str, Any]:
        basics = provider_basics(body, existing, store.definitions)
        definition = basics.definition
        provider = notifier.providers[definition.implementation]
        errors = provider.validate(basics.settings)
        if errors:
            raise _failures(errors)
        events = {
            col: bool(common(body, key, existing.subscribed(col) if existing else False))
            and definition.supports(app, col)
            for key, col in flags.items()
            if col is not None
        }
        return {
            "name": basics.name,
            "implementation": definition.implementation,
            "events": events,
            "include_health_warnings": bool(
                common(
                    body,
                    "includeHealthWarnings",
                    existing.include_health_warnings if existing else False,
                )
            ),
            "settings": basics.settings,
            "tags": basics.tags,
        }

    def draft(values: dict[str, Any], notification_id: int = 0) -> Notification:
        return Notification(
            id=notification_id,
            name=values["name"],
            definition=store.definitions[values["implementation"]],
            events=values["events"],
            include_health_warnings=values["include_health_warnings"],
            settings=values["settings"],
            tags=values["tags"],
        )

    def save(values: dict[str, Any], notification_id: int | None) -> dict[str, Any]:
        try:
            saved = store.save(notification_id=notification_id, **values)
        except ValueError as exc:
            raise invalid("name", str(exc), values["name"]) from exc
        notifier.status.forget(saved.id)  # changed settings get a fresh chance
        return resource(saved, app)

    def existing_or_404(notification_id: object) -> Notification:
        found = store.get(notification_id) if isinstance(notification_id, int) else None
        if found is None:
            raise ApiError(404, f"Notification with ID {notification_id} does not exist")
        return found

    @router.get("/notification")
    def list_notifications() -> list[dict[str, Any]]:
        return [resource(n, app) for n in store.list()]

    @router.get("/notification/schema")
    def schema() -> list[dict[str, Any]]:
        return [
            _base(d, {}, app)
            | dict.fromkeys(flags, False)
            | {"name": "", "tags": [], "presets": []}
            for d in store.definitions.values()
        ]

    @router.get("/notification/{notification_id}")
    def get_notification(notification_id: int) -> dict[str, Any]:
        return resource(existing_or_404(notification_id), app)

    @router.post("/notification", status_code=201)
    async def add_notification(request: Request, forceSave: bool = False) -> dict[str, Any]:
        values = from_body(await json_body(request), None)
        if not forceSave:
            await run_test(notifier, draft(values))
        return save(values, None)

    @router.put("/notification/{notification_id}", status_code=202)
    @router.put("/notification", status_code=202)
    async def update_notification(
        request: Request,
        notification_id: int | None = None,
        forceSave: bool = False,
    ) -> dict[str, Any]:
        body = await json_body(request)
        existing = existing_or_404(
            notification_id if notification_id is not None else body.get("id")
        )
        values = from_body(body, existing)
        if not forceSave:
            await run_test(notifier, draft(values, existing.id))
        return save(values, existing.id)

    @router.delete("/notification/{notification_id}")
    def delete_notification(notification_id: int) -> Response:
        if not store.delete(notification_id):
            raise ApiError(404, f"Notification with ID {notification_id} does not exist")
        notifier.status.forget(notification_id)
        return Response(status_code=200)

    @router.post("/notification/test")
    async def test_notification(request: Request) -> Response:
        body = await json_body(request)
        found = body.get("id")
        existing = store.get(found) if isinstance(found, int) and found > 0 else None
        await run_test(notifier, draft(from_body(body, existing)))
        return Response(status_code=200)

    @router.post("/notification/testall")
    async def test_all() -> list[dict[str, Any]]:
        out = []
        for n in store.list():
            failure = await notifier.test(n)
            out.append(
                {
                    "id": n.id,
                    "isValid": failure is None,
                    "validationFailures": []
                    if failure is None
                    else [
                        {
                            "propertyName": failure.field,
                            "errorMessage": failure.message,
                            "severity": "error",
                        }
                    ],
                }
            )
        return out

    return router
