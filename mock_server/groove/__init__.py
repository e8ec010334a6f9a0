"""The Groove API side of the mock (reference §4 to §11): who may call (`_access`,
`_credentials`), how requests read (`_params`, `_paging`), the errors (`_errors`), the catalog
(`catalog/`), the user's library (`library/`) and streaming (`_stream`, `_stream_media`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from ._cors import GrooveCORS
from ._representation import RepresentationGuard
from .catalog._routes import catalog_routes
from .library._routes import user_routes

if TYPE_CHECKING:
    from .._state import MockState

__all__ = ["middleware", "routes"]


def routes(state: MockState) -> list[BaseRoute]:
    # Every route matches its path without regard to case (`CaselessRoute`).
    return [*catalog_routes(state), *user_routes(state)]


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
