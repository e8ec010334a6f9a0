"""Connections that send no request are closed, not held forever.

uvicorn arms its keep-alive timeout (`timeout_keep_alive`) only when a response completes, and
cancels it when any byte arrives: a connection that never sends a request line, or sends only
the empty lines a server skips before one (RFC 9112 §2.2), or half a request head, is kept open
for as long as the client likes. `HeadTimeoutProtocol` is uvicorn's own HTTP protocol (httptools,
or h11 without it) that also gives each request head a deadline: `timeout_keep_alive` seconds
from the connection's opening, or from its previous answer. Bytes that do not complete a head
do not move the deadline; a complete head ends the wait. Past it, the connection is closed as
uvicorn closes an idle keep-alive one.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.auto import AutoHTTPProtocol

_Base: Any = AutoHTTPProtocol


class HeadTimeoutProtocol(_Base):  # type: ignore[misc]  # uvicorn picks its base at import
    """uvicorn's HTTP protocol with a deadline for every request head (module docstring)."""

    # uvicorn's attributes, in both of its protocols, that this relies on.
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport
    timeout_keep_alive: float
    timeout_keep_alive_task: asyncio.TimerHandle | None
    _head_deadline = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._head_deadline = self.loop.time() + self.timeout_keep_alive
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)  # cancels the timer
        if self.cycle is None or self.cycle.response_complete:  # still no complete head
            self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # arms the timer for the next head, if any is awaited
        self._head_deadline = self.loop.time() + self.timeout_keep_alive

    def _arm(self) -> None:
        if self.timeout_keep_alive_task is None and not self.transport.is_closing():
            remaining = max(0.0, self._head_deadline - self.loop.time())
            self.timeout_keep_alive_task = self.loop.call_later(
                remaining, self.timeout_keep_alive_handler
            )
