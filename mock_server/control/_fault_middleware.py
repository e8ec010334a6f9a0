"""The pure ASGI middleware that fires queued faults, and the means to drop a connection.

Dropping a connection is outside ASGI: an app can only answer. On a real socket the mock's
own server (`mock_server._server`) wraps the app in `ConnectionAccess`, which hands the
server's `send` down in the scope; the drop closes that connection's transport. In process
there is no socket, so the drop raises `DroppedConnection`, which is httpx's own
`RemoteProtocolError`: the client under test sees what it would see from a server that hung up.
"""

from __future__ import annotations

from typing import Any

import anyio
import httpx

from .._errors import NoResponse
from .._journal import CONTROL_PREFIX, ENTRY_KEY, Journal, entry_of
from ..types import ASGIApp, Receive, Scope, Send
from ._fault_queue import FaultQueue

SERVER_SEND_KEY = "groove.server_send"


class DroppedConnection(NoResponse, httpx.RemoteProtocolError):
    """A dropped connection, as a client in process sees it."""


class ConnectionAccess:
    """Outermost wrapper on a real server: keeps the server's own `send` in the scope so a
    fault can reach the connection behind it. One dict store per request."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[SERVER_SEND_KEY] = send
        await self.app(scope, receive, send)


class FaultMiddleware:
    """Fires the first queued fault matching each request; free when nothing is queued."""

    def __init__(self, app: ASGIApp, queue: FaultQueue, journal: Journal):
        self.app = app
        self.queue = queue
        self.journal = journal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.queue.armed or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        armed = None if path.startswith(CONTROL_PREFIX) else self.queue.take(scope["method"], path)
        if armed is None:
            await self.app(scope, receive, send)
            return
        fault = armed.fault
        journaled = ENTRY_KEY in scope
        entry = entry_of(scope)
        entry.fault = fault.describe()
        if fault.delay:
            await anyio.sleep(fault.delay)
        if fault.drop:
            if _abort_connection(scope):
                if journaled:
                    self.journal.append(entry)
                return
            raise DroppedConnection("Server disconnected without sending a response.")
        answer = armed.answer(path)
        if answer is None:
            await self.app(scope, receive, send)
            return
        response, error_code = answer
        entry.error_code = error_code
        await response(scope, receive, send)


def _abort_connection(scope: Scope) -> bool:
    """Close the client's connection without an answer, if a real server is behind us."""
    cycle: Any = getattr(scope.get(SERVER_SEND_KEY), "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None or not hasattr(cycle, "disconnected"):
        return False
    # uvicorn's request cycle: once marked disconnected, uvicorn neither answers 500 for an app
    # that returned without a response nor logs it as an application error.
    cycle.disconnected = True
    transport.close()
    return True
