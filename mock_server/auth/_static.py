"""The endpoints whose answer never changes during a run: err.srf, oauth20_desktop.srf and,
with JWT tokens, the signing keys. Their bodies are built once, when the routes are made."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response

from .._state import MockState
from ._http import page, refuse_method

# Microsoft's consumer-tenant JWKS path (MIC §2.1).
KEYS_PATH = "/consumers/discovery/v2.0/keys"
_GET = ("GET", "HEAD")


class StaticPage:
    def __init__(self, content: bytes):
        self.content = content

    async def handle(self, request: Request) -> Response:
        return refuse_method(request, _GET) or page(self.content)


class SigningKeys:
    """`GET /consumers/discovery/v2.0/keys`: the JWKS that verifies `token_format="jwt"` tokens."""

    def __init__(self, state: MockState):
        self.body = json.dumps(state.tokens.jwks(), separators=(",", ":")).encode()

    async def handle(self, request: Request) -> Response:
        refused = refuse_method(request, _GET)
        if refused is not None:
            return refused
        return Response(
            self.body,
            media_type="application/json",
            headers={"Cache-Control": "public, max-age=86400"},
        )
