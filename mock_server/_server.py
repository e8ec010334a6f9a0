"""Run the mock on a real socket: uvicorn in a background thread.

`start_server()` binds first (port 0 picks a free port), so a busy port fails at once with a
one-line `ServeError`, and the bound ports are known before the mock state is built: the URLs
the mock hands out (issuer, redirects, stream URLs) name the real port. With
`settings.api_port` the authorization server and the Groove API listen on two ports and share
one `MockState`; the control API answers on both.

uvicorn runs with `loop="auto"` (uvloop when installed) and uvicorn's "auto" HTTP protocol
(httptools when installed) with a deadline for every request head (`_idle_connections`: a
connection that sends no request is closed after `settings.idle_timeout` seconds, which is also
uvicorn's keep-alive timeout), no WebSocket support and no access log: tokens may travel in
query strings (the legacy `accessToken`), and the journal records requests without them. Its
own info lines (started, shutting down) only show at `log_level="debug"`.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any

import uvicorn

from ._app import Side, create_app
from ._errors import ServeError
from ._idle_connections import HeadTimeoutProtocol
from ._quiet_logs import install_quiet_client_logs
from ._settings import Settings
from ._state import MockState
from ._tls import LocalCA
from .control._access import ControlAccess
from .control._connection import ConnectionAccess

if TYPE_CHECKING:
    from .control import MockControl, RemoteControl

STOP_TIMEOUT = 5.0


@dataclass
class RunningServer:
    """A mock listening on real sockets. Stop it with `stop()` or a `with` block."""

    state: MockState
    auth_url: str
    api_url: str
    admin_key: str | None
    _servers: list[uvicorn.Server] = field(repr=False)
    _sockets: list[socket.socket] = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _authority: LocalCA | None = field(default=None, repr=False)

    @property
    def ca_file(self) -> str | None:
        """The PEM bundle of the run's CA when serving https (`tls=True`), else None."""
        return str(self._authority.ca_file) if self._authority is not None else None

    @property
    def control_url(self) -> str:
        return f"{self.auth_url}/_mock"

    @property
    def urls(self) -> dict[str, str]:
        return {"auth": self.auth_url, "api": self.api_url, "control": self.control_url}

    @property
    def control(self) -> MockControl:
        """The controls, in process (the server runs in this process)."""
        from .control import MockControl

        return MockControl(self.state)

    def remote(self) -> RemoteControl:
        """The controls over HTTP, as a client elsewhere would use them."""
        from .control import RemoteControl

        return RemoteControl(self.auth_url, admin_key=self.admin_key)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Stop serving: in-flight requests finish, idle connections close. Idempotent."""
        self.state.journal.close()  # long-poll followers end now, not at the shutdown timeout
        for server in self._servers:
            server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():
            for server in self._servers:
                server.force_exit = True
            self._thread.join(timeout)
        for sock in self._sockets:
            sock.close()
        if self._authority is not None:
            self._authority.close()

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def start_server(
    settings: Settings | None = None,
    *,
    state: MockState | None = None,
    ready_timeout: float = 10.0,
    log_config: dict[str, Any] | None = None,
    tls: bool = False,
) -> RunningServer:
    """Serve the mock on `settings.host`/`settings.port` (and `api_port`) until stopped.

    Pass `state` to serve an existing mock; its `settings` are updated with the bound ports.
    With `tls`, serve https with a certificate of a CA made for this server (`ca_file`; see
    `mock_server._tls`), and the URLs the mock hands out say https.
    `log_config` is a `logging.config.dictConfig` for uvicorn (None leaves logging alone).
    Raises `ServeError` (port in use, unknown host, start failure) or `ScenarioError`.
    """
    settings = state.settings if state is not None else (settings or Settings())
    # Two ports when asked for, including two ephemeral ones (port 0 and api_port 0).
    separate = settings.api_port is not None and (
        settings.api_port != settings.port or settings.port == 0
    )
    sockets = [_listen(settings.host, settings.port)]
    authority: LocalCA | None = None
    try:
        if separate:
            assert settings.api_port is not None
            sockets.append(_listen(settings.host, settings.api_port))
        bound = settings.replace(
            port=_port_of(sockets[0]), api_port=_port_of(sockets[1]) if separate else None
        )
        if tls:
            authority = LocalCA()
            bound = bound.replace(
                auth_base_url=bound.auth_base_url or _https(bound.public_auth_url),
                api_base_url=bound.api_base_url or _https(bound.public_api_url),
            )
        if state is None:
            state = MockState(bound)
        else:
            state.settings = bound
        plan: list[tuple[socket.socket, tuple[Side, ...]]] = (
            [(sockets[0], ("auth", "control")), (sockets[1], ("api", "control"))]
            if separate
            else [(sockets[0], ("auth", "api", "control"))]
        )
        servers = [
            uvicorn.Server(
                _config(create_app(state=state, sides=sides), bound, log_config, authority)
            )
            for _, sides in plan
        ]
    except BaseException:
        for sock in sockets:
            sock.close()
        if authority is not None:
            authority.close()
        raise
    failures: list[BaseException] = []
    thread = threading.Thread(
        target=_serve,
        args=(servers, sockets, failures),
        name=f"groove-mock:{bound.port}",
        daemon=True,
    )
    listening = bound.replace(auth_base_url=None, api_base_url=None)
    scheme = _https if tls else str
    running = RunningServer(
        state=state,
        auth_url=scheme(listening.public_auth_url),
        api_url=scheme(listening.public_api_url),
        admin_key=state.part(ControlAccess).key,  # what MockControl(state).admin_key says
        _servers=servers,
        _sockets=sockets,
        _thread=thread,
        _authority=authority,
    )
    thread.start()
    _wait_until_started(running, failures, ready_timeout)
    return running


def _https(url: str) -> str:
    return "https://" + url.removeprefix("http://")


def _config(
    app: Any,
    settings: Settings,
    log_config: dict[str, Any] | None,
    authority: LocalCA | None = None,
) -> uvicorn.Config:
    config = uvicorn.Config(
        ConnectionAccess(app),  # a "drop" fault closes the connection for real
        loop="auto",
        http=HeadTimeoutProtocol,
        ws="none",
        lifespan="auto",
        access_log=False,
        log_config=log_config,
        log_level=uvicorn_log_level(settings.log_level),
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=2,
        timeout_keep_alive=settings.idle_timeout,
        ssl_certfile=authority.cert_file if authority is not None else None,
        ssl_keyfile=authority.key_file if authority is not None else None,
    )
    silence_access_log()
    install_quiet_client_logs()
    return config


def uvicorn_log_level(level: str) -> str:
    """uvicorn's own level for the mock's `log_level`: its info lines (started, shutting down,
    finished) only at debug, since `serve`'s banner and exit line say the same; its warnings
    and errors always."""
    if level == "debug":
        return level
    quietest = max(logging.getLevelNamesMapping()[level.upper()], logging.WARNING)
    return logging.getLevelName(quietest).lower()


def silence_access_log() -> None:
    """Turn uvicorn's access log off for good.

    `access_log=False` only empties the access logger, and uvicorn logs access whenever that
    logger has a handler: pytest attaches its capture handler to every logger, so a request line
    with a token in its query string would land in test reports. Disabled is disabled.
    """
    logging.getLogger("uvicorn.access").disabled = True


def _serve(
    servers: list[uvicorn.Server], sockets: list[socket.socket], failures: list[BaseException]
) -> None:
    async def serve_all() -> None:
        await asyncio.gather(
            *(server.serve(sockets=[sock]) for server, sock in zip(servers, sockets, strict=True))
        )

    try:
        with asyncio.Runner(loop_factory=servers[0].config.get_loop_factory()) as runner:
            runner.run(serve_all())
    except BaseException as exc:  # reported by start_server, never lost in the thread
        failures.append(exc)


def _wait_until_started(
    running: RunningServer, failures: list[BaseException], ready_timeout: float
) -> None:
    deadline = time.monotonic() + ready_timeout
    while not all(server.started for server in running._servers):
        if not running.running:
            running.stop()
            reason = f": {failures[0]!r}" if failures else ""
            raise ServeError(f"the mock stopped while starting{reason}")
        if time.monotonic() > deadline:
            running.stop()
            raise ServeError(f"the mock did not start within {ready_timeout:g} s")
        time.sleep(0.002)


def _listen(host: str, port: int) -> socket.socket:
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        raise ServeError(f"cannot listen on {where}: unknown host ({exc})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        reason = (
            "address already in use"
            if exc.errno == errno.EADDRINUSE
            else (exc.strerror or str(exc)).lower()
        )
        raise ServeError(f"cannot listen on {where}: {reason}") from None
    return sock


def _port_of(sock: socket.socket) -> int:
    port: int = sock.getsockname()[1]
    return port
