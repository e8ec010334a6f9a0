"""The lean CORS layer answers byte for byte as Starlette's CORSMiddleware with the same options,
and the mock serves it on the Groove API (reference §4: standard CORS)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from starlette.middleware.cors import CORSMiddleware

from mock_server.groove._cors import GrooveCORS

OPTIONS: dict[str, Any] = {
    "allow_origins": ["*"],
    "allow_methods": ["GET", "POST", "OPTIONS"],
    "allow_headers": ["*"],
    "expose_headers": ["WWW-Authenticate", "Retry-After"],
    "max_age": 86400,
}

RESPONSE_HEADERS = [
    [],
    [(b"content-type", b"application/json")],
    [(b"vary", b"Accept"), (b"content-length", b"2")],
    [(b"vary", b"Accept"), (b"x-a", b"1"), (b"vary", b"Cookie")],
    [(b"access-control-allow-origin", b"https://x.example"), (b"Vary", b"Upper")],
]

REQUESTS = [
    ("GET", []),
    ("GET", [(b"origin", b"https://app.example")]),
    ("GET", [(b"origin", b"")]),
    ("POST", [(b"origin", b"https://a.example"), (b"origin", b"https://b.example")]),
    ("OPTIONS", [(b"origin", b"https://app.example")]),
    ("OPTIONS", [(b"access-control-request-method", b"GET")]),
    ("OPTIONS", [(b"origin", b"https://app.example"), (b"access-control-request-method", b"GET")]),
    (
        "OPTIONS",
        [
            (b"origin", b"https://app.example"),
            (b"access-control-request-method", b"PUT"),
            (b"access-control-request-headers", b"Authorization, X-Client-Name"),
        ],
    ),
    (
        "OPTIONS",
        [
            (b"origin", b"https://app.example"),
            (b"access-control-request-method", b"POST"),
            (b"access-control-request-private-network", b"true"),
        ],
    ),
    ("GET", [(b"access-control-request-method", b"GET"), (b"origin", b"https://app.example")]),
]


def _downstream(headers: list[tuple[bytes, bytes]]) -> Any:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": list(headers)})
        await send({"type": "http.response.body", "body": b"{}"})

    return app


def _messages(middleware: Any, method: str, headers: list[tuple[bytes, bytes]]) -> list[Any]:
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": "/1/content/music/spotlight",
        "headers": list(headers),
        "query_string": b"",
    }
    asyncio.run(middleware(scope, receive, send))
    return sent


@pytest.mark.parametrize("response_headers", RESPONSE_HEADERS)
@pytest.mark.parametrize(("method", "request_headers"), REQUESTS)
def test_lean_cors_answers_exactly_as_starlettes(method, request_headers, response_headers):
    reference = CORSMiddleware(_downstream(response_headers), **OPTIONS)
    lean = GrooveCORS(_downstream(response_headers), **OPTIONS)
    expected = _messages(reference, method, request_headers)
    assert _messages(lean, method, request_headers) == expected


def test_lean_cors_refuses_options_it_does_not_reproduce():
    with pytest.raises(ValueError, match="allow_origins"):
        GrooveCORS(_downstream([]), allow_origins=["https://one.example"])
    with pytest.raises(ValueError, match="credentials"):
        GrooveCORS(_downstream([]), allow_origins=["*"], allow_credentials=True)


def test_groove_answers_carry_cors_headers_over_http(client: httpx.Client):
    plain = client.get("/1/content/music/spotlight")
    assert plain.status_code == 401
    assert plain.headers["vary"] == "Origin"
    assert "access-control-allow-origin" not in plain.headers

    cross = client.get("/1/content/music/spotlight", headers={"Origin": "https://app.example"})
    assert cross.headers["access-control-allow-origin"] == "*"
    assert cross.headers["access-control-expose-headers"] == "WWW-Authenticate, Retry-After"
    assert cross.json()["Error"]["ErrorCode"] == "ACCESS_TOKEN_MISSING"


def test_groove_preflight_over_http(client: httpx.Client):
    allowed = client.options(
        "/1/content/music/collection/add",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-methods"] == "GET, POST, OPTIONS"
    assert allowed.headers["access-control-allow-headers"] == "Authorization, Content-Type"
    assert allowed.headers["access-control-max-age"] == "86400"

    refused = client.options(
        "/1/content/music/collection/add",
        headers={"Origin": "https://app.example", "Access-Control-Request-Method": "DELETE"},
    )
    assert refused.status_code == 400
    assert refused.text == "Disallowed CORS method"
