"""The control side of the mock."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from .._state import MockState

__all__ = ["middleware", "routes"]


def routes(state: MockState) -> list[BaseRoute]:
    return []


def middleware(state: MockState) -> list[Middleware]:
    return []
