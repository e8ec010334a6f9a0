"""Bounds on what a request may bring, checked before any handler (and so before any
authentication) reads it, each answered with a clear 4xx in the side's own error shape.

| bound                      | limit              | answer |
|----------------------------|--------------------|--------|
| all header lines together  | `MAX_HEADER_BYTES` | 431    |
| path and query             | `MAX_TARGET_BYTES` | 414    |
| query parameters           | `MAX_QUERY_PARAMS` | 400    |
| body (declared or sent)    | `MAX_BODY_BYTES`   | 413    |

The body bound is for the Groove API and the control plane; the authorization server's forms
have their own, tighter one (64 KiB, a 400 with the `body-too-large` violation).

The Groove API reads a form body to look for an `access_token` before it knows who is calling,
so a body is read here, up to the bound, and handed on whole; past the bound nothing more is
read. JSON bodies have their own depth and number bounds (`mock_server._json_input`).
docs/hardening.md lists the bounds and the answers.
"""

from __future__ import annotations

import json
from typing import Any

from ._journal import entry_of, side_of
from .types import ASGIApp, Message, Receive, Scope, Send

MAX_HEADER_BYTES = 16 * 1024
MAX_TARGET_BYTES = 8 * 1024
MAX_QUERY_PARAMS = 64
MAX_BODY_BYTES = 1 << 20

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_HEADER_BYTES",
    "MAX_QUERY_PARAMS",
    "MAX_TARGET_BYTES",
    "InputLimits",
]

_NO_BODY = frozenset({"GET", "HEAD", "OPTIONS"})


def _problem(scope: Scope, side: str) -> tuple[int, str] | None:
    header_bytes = 0
    declared: bytes | None = None
    for name, value in scope["headers"]:
        header_bytes += len(name) + len(value) + 4
        if name == b"content-length":
            declared = value
    if header_bytes > MAX_HEADER_BYTES:
        return 431, (
            f"the request headers total {header_bytes} bytes, more than {MAX_HEADER_BYTES}"
        )
    query = scope.get("query_string", b"")
    target = len(scope.get("raw_path") or scope["path"].encode()) + len(query)
    if target > MAX_TARGET_BYTES:
        return 414, f"the path and query are {target} bytes, more than {MAX_TARGET_BYTES}"
    if query and query.count(b"&") >= MAX_QUERY_PARAMS:
        return 400, f"the query has more than {MAX_QUERY_PARAMS} parameters"
    if declared is not None and side != "auth":
        text = declared.strip()
        if not text.isdigit():
            return 400, "Content-Length is not a number"
        if len(text) > 12 or int(text) > MAX_BODY_BYTES:
            return 413, f"the body is larger than {MAX_BODY_BYTES} bytes"
    return None


def _body(side: str, status: int, message: str) -> tuple[bytes, str | None]:
    """The side's error body, and the error code the journal records."""
    content: dict[str, Any]
    if side == "api":
        code = "INVALID_INPUT_PARAMETER"
        content = {
            "Error": {
                "ErrorCode": code,
                "Description": "Invalid input parameter",
                "Message": message,
            }
        }
    elif side == "control":
        code = "too_large" if status in (413, 414, 431) else "bad_request"
        content = {"error": code, "message": message}
    else:
        code = "invalid_request"
        content = {"error": code, "error_description": message}
    return json.dumps(content).encode(), code


class InputLimits:
    """The bounds of the module docstring, as a pure ASGI middleware."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        side = side_of(scope["path"])
        problem = _problem(scope, side)
        # The authorization server bounds its form bodies itself, tighter, as a contract
        # violation (`body-too-large`, mock_server/auth/_forms.py).
        if problem is None and side != "auth" and scope["method"] not in _NO_BODY:
            problem, receive = await _read_body(receive)
        if problem is None:
            await self.app(scope, receive, send)
            return
        status, message = problem
        body, code = _body(side, status, message)
        if side != "control":
            entry_of(scope).error_code = code
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
            # The rest of an oversized body is not read: the connection cannot be reused.
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Receive) -> tuple[tuple[int, str] | None, Receive]:
    """The whole body, up to the bound, and a `receive` that hands it on in one message."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            # A disconnect: the app sees it as it would have.
            return None, _replay(receive, [], message)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return (413, f"the body is larger than {MAX_BODY_BYTES} bytes"), receive
        chunks.append(chunk)
        if not message.get("more_body", False):
            return None, _replay(receive, chunks, None)


def _replay(receive: Receive, chunks: list[bytes], last: Message | None) -> Receive:
    """The body read, then the real `receive` (which waits for the client to go away)."""
    body = b"".join(chunks)
    sent = False

    async def receive_again() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        if last is not None:
            return last
        return {"type": "http.request", "body": body, "more_body": False}

    return receive_again
