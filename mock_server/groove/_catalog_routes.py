"""Groove catalog endpoints (reference §6)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from .._state import MockState


def catalog_routes(state: MockState) -> list[BaseRoute]:
    return []
