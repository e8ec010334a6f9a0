"""Dropping a connection, for the "drop" fault (`_fault_middleware`).

Dropping a connection is outside ASGI: an app can only answer. On a real socket the mock's
server (`mock_server._server`) and the contract suite's wrap their app in `ConnectionAccess`,
which keeps the server's own `send` in the scope; the drop closes that connection's transport.
In process there is no connection, and the drop raises `DroppedConnection` (`_dropped`),
httpx's own `RemoteProtocolError`: the client under test sees what it would see from a server
that hung up.
"""

from __future__ import annotations

from typing import Any

from ..types import ASGIApp, Receive, Scope, Send

SERVER_SEND_KEY = "groove.server_send"


class ConnectionAccess:
    """Outermost wrapper on a real server: keeps the server's own `send` in the scope so a
    fault can reach the connection behind it. One dict store per request."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[SERVER_SEND_KEY] = send
        await self.app(scope, receive, send)


def abort_connection(scope: Scope) -> bool:
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
