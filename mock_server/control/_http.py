"""The control API over HTTP, under `/_mock/`: JSON in, JSON out, thin over `MockControl`.

Every failure is `{"error": <code>, "message": <one line>}` with a 4xx status: bad input is
400, a missing admin key 401, an unknown endpoint, fault, user or app 404.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import unquote_to_bytes

import anyio
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router

from .. import pages
from .._hosts import HostPolicy
from .._journal import CONTROL_PREFIX
from .._json_input import JSONInputError, parse_json
from .._responses import NO_STORE, JSONResponse
from .._revocations import LedgerFull
from .._scenario import _app_json, _user_json
from .._state import MockState
from ..auth._expiring import TableFull
from ..types import Receive, Scope, Send
from . import _validate as check
from ._errors import (
    ControlAtCapacity,
    ControlError,
    ControlForbidden,
    ControlMethodNotAllowed,
    ControlNotFound,
    ControlUnauthorized,
    ControlUnsupportedMediaType,
)
from ._faults import FAULT_FIELDS
from ._local import MAX_WAIT, MockControl
from ._minting import MintedToken
from ._scenario_edit import APP_FIELDS, USER_FIELDS

HEALTH_PATH = CONTROL_PREFIX + "health"
MAX_BODY = 1 << 20
JSON_TYPE = "application/json"
TAIL_POLL = 0.05

log = logging.getLogger("groove_mock")
Handler = Callable[[Request], Awaitable[Any]]


class ControlApp:
    """The ASGI app mounted at `/_mock`: admin-key check, routing and error rendering."""

    def __init__(self, state: MockState):
        self.control = MockControl(state)
        self.hosts = HostPolicy(state.settings)
        # The pages for people (inspector, demo sign-in) live under /_mock/ too: same access.
        self.router = Router(routes=[*_routes(self.control), *pages.control_routes(state)])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            return
        try:
            if scope["path"] != HEALTH_PATH:
                self._check_access(scope)
            _refuse_undecodable(scope)
            await self.router(scope, receive, send)
            return
        except ControlError as exc:
            response = error_response(exc)
        except (LedgerFull, TableFull) as exc:
            response = error_response(ControlAtCapacity(str(exc)))
        except HTTPException as exc:
            response = _http_error(scope, exc)
        except Exception as exc:
            # The type and the frames, not the message: a message may quote a request value,
            # and the control API takes tokens (to revoke) and the admin key.
            frames = "".join(traceback.format_tb(exc.__traceback__))
            log.error(
                "unexpected %s in the control API on %s\n%s",
                type(exc).__name__,
                scope["path"],
                frames,
            )
            response = JSONResponse(
                {"error": "internal", "message": "unexpected error in the control API"},
                status_code=500,
                headers=NO_STORE,
            )
        await response(scope, receive, send)

    def _check_access(self, scope: Scope) -> None:
        access = self.control.access
        if not access.allows(scope):
            raise ControlUnauthorized(
                "the control API needs the admin key: send 'Authorization: Bearer <key>' "
                "or 'X-Admin-Key: <key>'"
            )
        # The key proves the caller is no web page; without one, the request must name us.
        refusal = None if access.required else self.hosts.refusal(scope)
        if refusal is not None:
            raise ControlForbidden(refusal)


def error_response(exc: ControlError) -> Response:
    headers = dict(NO_STORE)
    if exc.status_code == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="groove-mock control"'
    return JSONResponse(exc.to_body(), status_code=exc.status_code, headers=headers)


def _http_error(scope: Scope, exc: HTTPException) -> Response:
    where = f"{scope['method']} {scope['path']}"
    error: ControlError
    if exc.status_code == 405:
        error = ControlMethodNotAllowed(f"{where}: method not allowed")
    else:
        error = ControlNotFound(f"{where}: no such control endpoint")
    response = error_response(error)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


def _refuse_undecodable(scope: Scope) -> None:
    """Servers decode %-escapes that are not UTF-8 to U+FFFD, so `PUT /_mock/users/%FF` would
    make a user named "\ufffd": the raw path and query must be UTF-8 once unescaped."""
    raw_path = bytes(scope.get("raw_path") or b"").split(b"?", 1)[0]
    raw_query = bytes(scope.get("query_string") or b"").replace(b"+", b" ")
    for part, raw in (("path", raw_path), ("query string", raw_query)):
        try:
            unquote_to_bytes(raw).decode("utf-8")
        except UnicodeDecodeError:
            shown = raw_path.decode("ascii", "backslashreplace")
            raise ControlError(
                f"{scope['method']} {shown}: the {part} is not UTF-8 once its %-escapes are decoded"
            ) from None


def _ok(content: Any, status_code: int = 200) -> Response:
    return JSONResponse(content, status_code=status_code, headers=NO_STORE)


async def read_json(request: Request, known: tuple[str, ...], where: str) -> dict[str, Any]:
    """The body as a JSON object with only `known` fields; an empty body is `{}`. Only
    `application/json` (a page may send `text/plain` or a form without a CORS preflight)."""
    content_type = request.headers.get("content-type")
    if content_type is not None and content_type.split(";")[0].strip().lower() != JSON_TYPE:
        raise ControlUnsupportedMediaType(
            f"{where}: send the body as Content-Type: application/json, not {content_type[:60]!r}"
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise ControlError(f"{where}: body over {MAX_BODY} bytes")
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        return {}
    if content_type is None:
        raise ControlUnsupportedMediaType(
            f"{where}: a body needs the header Content-Type: application/json"
        )
    try:
        data = parse_json(raw)
    except JSONInputError as exc:
        raise ControlError(f"{where}: body is not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ControlError(f"{where}: body must be a JSON object")
    check.reject_unknown(data, known, where)
    return data


def query(request: Request, where: str) -> dict[str, Any]:
    params = request.query_params
    for name in params:
        if len(params.getlist(name)) > 1:
            raise ControlError(f"{where}: parameter {name!r} given more than once")
    return dict(params)


def _routes(control: MockControl) -> list[Route]:
    async def health(request: Request) -> Response:
        return _ok({"status": "ok"})

    async def status(request: Request) -> Response:
        return _ok(control.status())

    async def journal(request: Request) -> Response:
        entries = control._journal(query(request, "journal query"))
        return _ok([entry.to_json() for entry in entries])

    async def clear_journal(request: Request) -> Response:
        return _ok({"cleared": control.clear_journal()})

    async def tail(request: Request) -> Response:
        params: Mapping[str, Any] = query(request, "journal tail")
        filters = {k: v for k, v in params.items() if k not in {"cursor", "wait"}}
        cursor = check.integer("cursor", params.get("cursor", 0), low=0, high=2**62)
        wait = check.number("wait", params.get("wait", 0), low=0, high=MAX_WAIT)
        deadline = anyio.current_time() + wait
        while True:
            page = control.tail_journal(cursor, **filters)
            if page.entries or page.closed or anyio.current_time() >= deadline:
                break
            if await request.is_disconnected():  # a closed inspector tab: stop polling
                break
            cursor = page.cursor
            await anyio.sleep(TAIL_POLL)
        entries = [e.to_json() for e in page.entries]
        return _ok({"cursor": page.cursor, "entries": entries, "closed": page.closed})

    async def faults(request: Request) -> Response:
        return _ok([fault.to_json() for fault in control.faults()])

    async def add_fault(request: Request) -> Response:
        spec = await read_json(request, FAULT_FIELDS, "fault")
        return _ok(control.inject(**spec).to_json(), status_code=201)

    async def clear_faults(request: Request) -> Response:
        return _ok({"cleared": control.clear_faults()})

    async def remove_fault(request: Request) -> Response:
        control.remove_fault(request.path_params["fault_id"])
        return _ok({"removed": request.path_params["fault_id"]})

    async def clock(request: Request) -> Response:
        return _ok(control.clock_json())

    async def advance(request: Request) -> Response:
        body = await read_json(request, ("seconds",), "clock advance")
        if "seconds" not in body:
            raise ControlError("clock advance: give seconds")
        control.advance(body["seconds"])
        return _ok(control.clock_json())

    async def freeze(request: Request) -> Response:
        body = await read_json(request, ("at",), "clock freeze")
        control.freeze(body.get("at"))
        return _ok(control.clock_json())

    async def unfreeze(request: Request) -> Response:
        await read_json(request, (), "clock unfreeze")
        control.unfreeze()
        return _ok(control.clock_json())

    async def set_time(request: Request) -> Response:
        body = await read_json(request, ("time",), "clock set")
        if "time" not in body:
            raise ControlError("clock set: give time (Unix seconds or ISO-8601)")
        control.set_time(body["time"])
        return _ok(control.clock_json())

    async def scenario(request: Request) -> Response:
        current = control.scenario()
        return _ok({**current.to_json(), "source": current.source, "urls": control.urls()})

    async def put_user(request: Request) -> Response:
        changes = await read_json(request, USER_FIELDS, "user")
        user = control._put_user(request.path_params["user_id"], changes)
        return _ok(_user_json(user))

    async def revoke_consent(request: Request) -> Response:
        body = await read_json(request, ("client_id",), "revoke consent")
        if "client_id" not in body:
            raise ControlError("revoke consent: give client_id")
        control.revoke_consent(request.path_params["user_id"], body["client_id"])
        return _ok({"revoked": True})

    async def put_app(request: Request) -> Response:
        changes = await read_json(request, APP_FIELDS, "app")
        app = control._put_app(request.path_params["client_id"], changes)
        return _ok(_app_json(app))

    async def mint(request: Request) -> Response:
        body = await read_json(
            request, ("kind", "client_id", "user_id", "scopes", "lifetime"), "token"
        )
        return _minted(control.workshop.mint(**body))

    async def bad(request: Request) -> Response:
        body = await read_json(request, ("flavor", "kind", "client_id", "user_id"), "bad token")
        if "flavor" not in body:
            raise ControlError("bad token: give flavor")
        return _minted(control.workshop.bad(**body))

    async def revoke_token(request: Request) -> Response:
        body = await read_json(request, ("token", "grant"), "revoke token")
        if "token" not in body:
            raise ControlError("revoke token: give token")
        control.revoke_token(body["token"], grant=body.get("grant", False))
        return _ok({"revoked": True})

    async def reset(request: Request) -> Response:
        await read_json(request, (), "reset")
        control.reset()
        return _ok({"reset": True})

    return [
        Route("/health", health, methods=["GET"]),
        Route("/status", status, methods=["GET"]),
        Route("/journal", journal, methods=["GET"]),
        Route("/journal", clear_journal, methods=["DELETE"]),
        Route("/journal/tail", tail, methods=["GET"]),
        Route("/faults", faults, methods=["GET"]),
        Route("/faults", add_fault, methods=["POST"]),
        Route("/faults", clear_faults, methods=["DELETE"]),
        Route("/faults/{fault_id}", remove_fault, methods=["DELETE"]),
        Route("/clock", clock, methods=["GET"]),
        Route("/clock/advance", advance, methods=["POST"]),
        Route("/clock/freeze", freeze, methods=["POST"]),
        Route("/clock/unfreeze", unfreeze, methods=["POST"]),
        Route("/clock/set", set_time, methods=["POST"]),
        Route("/scenario", scenario, methods=["GET"]),
        Route("/users/{user_id}", put_user, methods=["PUT"]),
        Route("/users/{user_id}/revoke-consent", revoke_consent, methods=["POST"]),
        Route("/apps/{client_id}", put_app, methods=["PUT"]),
        Route("/tokens", mint, methods=["POST"]),
        Route("/tokens/bad", bad, methods=["POST"]),
        Route("/tokens/revoke", revoke_token, methods=["POST"]),
        Route("/reset", reset, methods=["POST"]),
    ]


def _minted(token: MintedToken) -> Response:
    return _ok(token.to_json(), status_code=201)
