"""The pure ASGI middleware that fires queued faults (dropping a connection: `_connection`)."""

from __future__ import annotations

import anyio

from .._journal import CONTROL_PREFIX, ENTRY_KEY, Journal, entry_of
from ..types import ASGIApp, Receive, Scope, Send
from ._connection import abort_connection
from ._fault_queue import FaultQueue


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
            if abort_connection(scope):
                if journaled:
                    self.journal.append(entry)
                return
            from ._dropped import DroppedConnection  # in process only: httpx is loaded

            raise DroppedConnection("Server disconnected without sending a response.")
        answer = armed.answer(path)
        if answer is None:
            await self.app(scope, receive, send)
            return
        response, error_code = answer
        entry.error_code = error_code
        await response(scope, receive, send)
