"""Serve the mock to a synchronous httpx client without a socket.

`InProcessTransport` runs the ASGI app on an asyncio loop in a daemon thread and hands each
request to `httpx.ASGITransport`. Plug it into any `httpx.Client(transport=...)`: the client
under test talks to the mock as to a server, with no port and no start-up cost.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx

from .types import ASGIApp


class InProcessTransport(httpx.BaseTransport):
    """A sync httpx transport that calls an ASGI app in process."""

    def __init__(self, app: ASGIApp, *, client: tuple[str, int] = ("127.0.0.1", 50000)):
        self._asgi = httpx.ASGITransport(app=app, client=client)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._loop.is_closed():
                loop = asyncio.new_event_loop()
                # A daemon thread: an unclosed transport never keeps the interpreter alive.
                thread = threading.Thread(target=loop.run_forever, name="groove-mock", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()

        async def call() -> tuple[int, Any, bytes]:
            inner = httpx.Request(
                request.method, request.url, headers=request.headers, content=body
            )
            response = await self._asgi.handle_async_request(inner)
            content = await response.aread()
            return response.status_code, response.headers.raw, content

        future = asyncio.run_coroutine_threadsafe(call(), self._ensure_loop())
        status, headers, content = future.result()
        return httpx.Response(status, headers=headers, content=content, request=request)

    def close(self) -> None:
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or loop.is_closed():
            return
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(timeout=5)
        if not loop.is_running():
            loop.close()
