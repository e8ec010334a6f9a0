"""Where the suite's mock lives: in process (no socket, the default) or on a real socket.

Both hosts serve one `WireTap`, and the tap's inner app is swapped for a fresh mock per rule,
so a whole run pays the start-up of a host once.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

import httpx
import uvicorn

from mock_server._inprocess import InProcessTransport
from mock_server._server import silence_access_log
from mock_server._tls import LocalCA
from mock_server.control import ConnectionAccess
from mock_server.types import Receive, Scope, Send

from ._tap import WireTap

CA_VARIABLES = ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "CURL_CA_BUNDLE")
"""The variable by which each common client trusts a CA bundle: Python's ssl and httpx (and
OpenSSL's defaults), requests, Node, curl."""

IN_PROCESS_URL = "http://groove-mock.test"
"""Base URL of the in-process mock. `.test` is reserved (RFC 6761), so a client that ignores
`env.transport` fails at once instead of reaching a real host."""


@contextmanager
def trusting(ca_file: str | None) -> Iterator[None]:
    """Point `CA_VARIABLES` at `ca_file` in this process (and its children) for the block,
    then put them back; nothing when there is no CA (plain http)."""
    if ca_file is None:
        yield
        return
    saved = {name: os.environ.get(name) for name in CA_VARIABLES}
    os.environ.update(dict.fromkeys(CA_VARIABLES, ca_file))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


async def _not_started(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError("no mock is running behind the tap yet")


class Host(Protocol):
    @property
    def base_url(self) -> str: ...

    @property
    def tap(self) -> WireTap: ...

    @property
    def transport(self) -> httpx.BaseTransport | None:
        """The in-process transport, or None when the mock is on a socket."""

    @property
    def ca_file(self) -> str | None:
        """The run's CA bundle when the socket serves https, else None."""

    def browser(self) -> httpx.Client: ...

    def close(self) -> None: ...


class InProcessHost:
    """The mock on an asyncio loop in a daemon thread, reached through an httpx transport."""

    def __init__(self) -> None:
        self.tap = WireTap(_not_started)
        self.base_url = IN_PROCESS_URL
        self.ca_file: str | None = None
        self._transport = InProcessTransport(self.tap)

    @property
    def transport(self) -> httpx.BaseTransport | None:
        return self._transport

    def browser(self) -> httpx.Client:
        return httpx.Client(transport=self._transport, follow_redirects=False, timeout=10)

    def close(self) -> None:
        self._transport.close()


class SocketHost:
    """The mock under uvicorn in a thread, on 127.0.0.1 and a port the OS picks; with `tls`,
    https with a certificate of a CA made for this host (`ca_file`, removed at `close`)."""

    def __init__(self, host: str = "127.0.0.1", *, tls: bool = False, start_timeout: float = 10.0):
        self.tap = WireTap(_not_started)
        self._authority = LocalCA() if tls else None
        self.ca_file = str(self._authority.ca_file) if self._authority else None
        self._verify = self._authority.client_context() if self._authority else True
        config = uvicorn.Config(
            # ConnectionAccess lets a queued "drop" fault close the connection for real.
            ConnectionAccess(self.tap),
            host=host,
            port=0,
            log_level="warning",
            # None: leave the process's logging configuration alone (uvicorn's default
            # dictConfig would stop its loggers propagating, for every test after this one).
            log_config=None,
            lifespan="off",
            ws="none",
            http="h11",
            access_log=False,
            ssl_certfile=self._authority.cert_file if self._authority else None,
            ssl_keyfile=self._authority.key_file if self._authority else None,
        )
        silence_access_log()  # tokens may travel in query strings: never log a request line
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._serve, name="groove-socket", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + start_timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"the mock did not start on {host}")
            time.sleep(0.005)
        port = self._server.servers[0].sockets[0].getsockname()[1]
        self.base_url = f"{'https' if tls else 'http'}://{host}:{port}"

    def _serve(self) -> None:
        asyncio.run(self._server.serve())

    @property
    def transport(self) -> httpx.BaseTransport | None:
        return None

    def browser(self) -> httpx.Client:
        return httpx.Client(follow_redirects=False, timeout=10, verify=self._verify)

    def close(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
        if self._authority is not None:
            self._authority.close()
