"""The Groove API side of the mock (reference §4 to §11)."""

from __future__ import annotations

import re

from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Route

from .._state import MockState
from ._catalog_routes import catalog_routes
from ._cors import GrooveCORS
from ._representation import RepresentationGuard
from ._user_routes import user_routes

__all__ = ["middleware", "routes"]


def routes(state: MockState) -> list[BaseRoute]:
    found = catalog_routes(state) + user_routes(state)
    for route in found:
        if isinstance(route, Route):
            # Path keywords are case-insensitive (reference §4: `/Catalog/Playlists/browse`);
            # the `music` namespace is checked, case-sensitively, by the handlers.
            route.path_regex = re.compile(route.path_regex.pattern, re.IGNORECASE)
    return found


def middleware(state: MockState) -> list[Middleware]:
    return [
        Middleware(RepresentationGuard),
        # Standard CORS (reference §4): browsers may call the API from any origin; tokens travel
        # in the Authorization header, never in cookies, so no credentials mode is needed.
        # GrooveCORS is Starlette's CORSMiddleware with a cheaper per-request path.
        Middleware(
            GrooveCORS,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
            expose_headers=["WWW-Authenticate", "Retry-After"],
            max_age=86400,
        ),
    ]
