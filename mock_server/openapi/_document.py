"""The document itself and the route that serves it."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ._control import CONTROL_PATHS
from ._groove import GROOVE_PATHS
from ._schemas import COMPONENTS

OPENAPI_PATH = "/openapi.json"


def openapi_document(
    sides: Collection[str] = ("api", "control"), version: str = "0"
) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the operations a mock serving `sides` answers."""
    paths: dict[str, Any] = {}
    if "api" in sides:
        paths.update(GROOVE_PATHS)
    if "control" in sides:
        paths.update(CONTROL_PATHS)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "groove-mock: the Groove Music API and the mock's control plane",
            "version": version,
            "description": (
                "What the mock answers. Every error is a 4xx in the side's shape "
                "(docs/contract.md, docs/hardening.md); never a 5xx except an injected fault."
            ),
        },
        "paths": paths,
        "components": COMPONENTS,
    }


def openapi_route(sides: Collection[str]) -> Route:
    rendered: list[bytes] = []

    async def serve(request: Request) -> Response:
        if not rendered:
            from ..cli._text import version

            rendered.append(json.dumps(openapi_document(sides, version())).encode())
        return Response(rendered[0], media_type="application/json")

    return Route(OPENAPI_PATH, serve, methods=["GET"], name="openapi")
