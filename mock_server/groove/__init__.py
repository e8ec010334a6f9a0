"""The Groove API side of the mock (reference §4 to §11)."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from .._state import MockState
from ._catalog_routes import catalog_routes
from ._user_routes import user_routes

__all__ = ["middleware", "routes"]


def routes(state: MockState) -> list[BaseRoute]:
    return catalog_routes(state) + user_routes(state)


def middleware(state: MockState) -> list[Middleware]:
    return []
