"""`create_app()`: the one way to build the mock as an ASGI application."""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from . import auth, control, groove, pages
from ._journal import JournalMiddleware, entry_of, side_of
from ._limits import InputLimits
from ._responses import NO_STORE, JSONResponse, groove_error_response, oauth_error_response
from ._revocations import LedgerFull
from ._routing import SegmentRouter
from ._settings import Settings
from ._state import MockState
from .auth._errors import OAuthError
from .auth._expiring import TableFull
from .groove._errors import GrooveError
from .openapi import openapi_route

Side = Literal["auth", "api", "control"]
ALL_SIDES: tuple[Side, ...] = ("auth", "api", "control")


def create_app(
    settings: Settings | None = None,
    *,
    state: MockState | None = None,
    sides: Collection[Side] = ALL_SIDES,
) -> Starlette:
    """Build the mock. Pass `state` to share one engine between several apps (for example the
    authorization server and the API on two ports); `sides` picks which routes this app serves.
    """
    state = state or MockState(settings)
    routes: list[BaseRoute] = []
    if "auth" in sides:
        routes += auth.routes(state) + pages.routes(state)
    if "api" in sides:
        routes += groove.routes(state)
    if "control" in sides:
        routes += control.routes(state)
    if "api" in sides or "control" in sides:
        routes.append(openapi_route(sides))
    app = Starlette(
        routes=routes,
        exception_handlers={
            GrooveError: _groove_error,
            OAuthError: _oauth_error,
            HTTPException: _http_error,
            LedgerFull: _at_capacity,
            TableFull: _at_capacity,
        },
    )
    # The same routes, matched faster (see SegmentRouter); set before the first request, which
    # is when Starlette builds its middleware stack around `app.router`.
    app.router = SegmentRouter(routes)
    app.state.mock = state
    # add_middleware wraps outside what is already there: the journal goes last, outermost,
    # so that it sees faults and CORS answers too; the input limits first, innermost, so that
    # their refusals carry CORS headers like any other Groove answer.
    app.add_middleware(InputLimits)
    for wrap in groove.middleware(state) + control.middleware(state):
        app.add_middleware(wrap.cls, *wrap.args, **wrap.kwargs)
    app.add_middleware(JournalMiddleware, journal=state.journal, now=state.clock.now)
    return app


def _record(request: Request, code: str | None) -> None:
    entry_of(request.scope).error_code = code


async def _groove_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, GrooveError)
    _record(request, exc.error_code)
    return groove_error_response(exc)


async def _oauth_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, OAuthError)
    _record(request, exc.error)
    return oauth_error_response(exc)


async def _at_capacity(request: Request, exc: Exception) -> Response:
    """A bound that must not forget anything is reached (docs/hardening.md): the issuance is
    refused, with the reason, as a 503 the client may retry."""
    headers = {**NO_STORE, "Retry-After": "60"}
    if side_of(request.url.path) == "control":
        return JSONResponse({"error": "at_capacity", "message": str(exc)}, 503, headers)
    _record(request, "temporarily_unavailable")
    body = {"error": "temporarily_unavailable", "error_description": str(exc)}
    return JSONResponse(body, status_code=503, headers=headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if side_of(request.url.path) == "api":
        # Unknown Groove paths and methods answer in the Groove envelope, never in plain text.
        code = "UNAUTHORIZED_API_METHOD" if exc.status_code == 405 else "INVALID_INPUT_PARAMETER"
        _record(request, code)
        body = {
            "Error": {
                "ErrorCode": code,
                "Description": "Unknown API method" if exc.status_code == 404 else exc.detail,
                "Message": f"{request.method} {request.url.path} is not a Groove API method",
            }
        }
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)
    return JSONResponse(
        {"error": "invalid_request", "error_description": f"{exc.detail}: {request.url.path}"},
        status_code=exc.status_code,
        headers=exc.headers,
    )
