"""The control plane's operations (docs/contract/control.md, README "Control API")."""

from __future__ import annotations

from typing import Any

from .._journal import FILTERS
from ._schemas import JSON, answers, json_body, path, query

_ERRORS = (400, 401, 403, 404, 413, 415, 431, 503)
_TIME: JSON = {"type": ["number", "string"]}
_NUMERIC_FILTERS: dict[str, JSON] = {
    "status": {"type": "integer", "minimum": 0, "maximum": 599},
    "since": {"type": "integer", "minimum": 0},
}
# The journal's own filter names (`FILTERS`), so that the document cannot drift from them.
_FILTERS = [
    query(name, _NUMERIC_FILTERS.get(name, {"type": "string", "maxLength": 200}))
    for name in FILTERS
] + [query("limit", {"type": "integer", "minimum": 1, "maximum": 10000})]


def _op(
    summary: str, *, parameters: list[JSON] | None = None, body: JSON | None = None, ok: int = 200
) -> JSON:
    found: dict[str, Any] = {
        "summary": summary,
        "tags": ["control"],
        "security": [{}, {"adminKey": []}],
        "parameters": parameters or [],
        "responses": answers(ok, "ControlError", _ERRORS),
    }
    if body is not None:
        found["requestBody"] = json_body(body)
    return found


def _object(**properties: JSON) -> JSON:
    return {"type": "object", "properties": properties, "additionalProperties": False}


_TEXT: JSON = {"type": "string", "maxLength": 200}

CONTROL_PATHS: dict[str, dict[str, JSON]] = {
    "/_mock/health": {"get": _op("Liveness (never needs the key)")},
    "/_mock/status": {"get": _op("URLs, settings and sizes")},
    "/_mock/journal": {
        "get": _op("Journal entries matching the filters", parameters=_FILTERS),
        "delete": _op("Clear the journal"),
    },
    "/_mock/journal/tail": {
        "get": _op(
            "Entries after a cursor, long-polling up to `wait` seconds",
            parameters=[
                query("cursor", {"type": "integer", "minimum": 0}),
                query("wait", {"type": "number", "minimum": 0, "maximum": 60}),
                *_FILTERS,
            ],
        )
    },
    "/_mock/faults": {
        "get": _op("Queued faults"),
        "post": _op(
            "Queue a fault (an injected 5xx is the point of some faults)",
            body=_object(
                path=_TEXT,
                method=_TEXT,
                error=_TEXT,
                status={"type": "integer"},
                message=_TEXT,
                retry_after={"type": "integer"},
                delay={"type": "number"},
                drop={"type": "boolean"},
                malformed={"type": "boolean"},
                body=_TEXT,
                times={"type": "integer"},
            ),
            ok=201,
        ),
        "delete": _op("Clear every fault"),
    },
    "/_mock/faults/{fault_id}": {"delete": _op("Remove one fault", parameters=[path("fault_id")])},
    "/_mock/clock": {"get": _op("The mock clock")},
    "/_mock/clock/advance": {
        "post": _op("Move the clock on", body=_object(seconds={"type": "number"}))
    },
    "/_mock/clock/freeze": {"post": _op("Stop the clock", body=_object(at=_TIME))},
    "/_mock/clock/unfreeze": {"post": _op("Let the clock run", body=_object())},
    "/_mock/clock/set": {"post": _op("Set the clock", body=_object(time=_TIME))},
    "/_mock/scenario": {"get": _op("The scenario: apps and users")},
    "/_mock/users/{user_id}": {
        "put": _op(
            "Add or change a user",
            parameters=[path("user_id")],
            body=_object(
                name=_TEXT,
                email=_TEXT,
                country=_TEXT,
                language=_TEXT,
                music_pass={"type": ["string", "boolean"]},
            ),
        )
    },
    "/_mock/users/{user_id}/revoke-consent": {
        "post": _op(
            "The user withdraws consent",
            parameters=[path("user_id")],
            body=_object(client_id=_TEXT),
        )
    },
    "/_mock/apps/{client_id}": {
        "put": _op(
            "Add or change an app",
            parameters=[path("client_id")],
            body=_object(
                name=_TEXT,
                platform=_TEXT,
                client_secret={"type": ["string", "null"]},
                redirect_uris={"type": "array", "items": _TEXT},
                enrolled={"type": "boolean"},
            ),
        )
    },
    "/_mock/tokens": {
        "post": _op(
            "Mint a token",
            body=_object(
                kind={"type": "string", "enum": ["app", "user", "refresh"]},
                client_id=_TEXT,
                user_id=_TEXT,
                scopes={"type": "array", "items": _TEXT},
                lifetime={"type": "number"},
            ),
            ok=201,
        )
    },
    "/_mock/tokens/bad": {
        "post": _op(
            "Mint a token the mock must refuse",
            body=_object(flavor=_TEXT, kind=_TEXT, client_id=_TEXT, user_id=_TEXT),
            ok=201,
        )
    },
    "/_mock/tokens/revoke": {
        "post": _op(
            "Revoke a token or its grant", body=_object(token=_TEXT, grant={"type": "boolean"})
        )
    },
    "/_mock/reset": {"post": _op("Back to the scenario as loaded", body=_object())},
}
