"""`groove-mock serve`: run the mock until SIGINT or SIGTERM, then stop cleanly."""

from __future__ import annotations

import argparse
import copy
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from uvicorn.config import LOGGING_CONFIG

from .._server import RunningServer, start_server, uvicorn_log_level
from ._files import ReadyFile, check_jwt_key_file
from ._flags import add_setting_flags, settings_from
from ._text import credential_lines, endpoint_urls, listening_lines, url_lines, version


def add_serve(commands: Any, help_text: str) -> None:
    parser = commands.add_parser(
        "serve",
        help=help_text,
        description="Run the mock until Ctrl+C or SIGTERM. Every setting is a flag, and a "
        "GROOVE_MOCK_<NAME> environment variable (GROOVE_MOCK_PORT=9000); a flag wins.",
    )
    add_setting_flags(parser, env=True)
    parser.add_argument(
        "--ready-file",
        type=Path,
        metavar="PATH",
        help="once listening, write the URLs (and admin key) there as JSON, for scripts; "
        "removed when serve stops",
    )
    parser.add_argument(
        "--tls",
        action="store_true",
        help="serve https with a certificate of a CA made for this run; the CA bundle's path "
        "is in the banner and the ready file (trust it with SSL_CERT_FILE, REQUESTS_CA_BUNDLE "
        "or NODE_EXTRA_CA_CERTS)",
    )
    parser.set_defaults(run=serve, parser=parser)


def serve(args: argparse.Namespace) -> int:
    settings = settings_from(args, environ=os.environ)
    check_jwt_key_file(settings)
    ready = ReadyFile(args.ready_file) if args.ready_file is not None else None
    if ready is not None:
        ready.prepare()  # before listening: a bad path must not follow a "serving" banner
    server = start_server(settings, log_config=_log_config(settings.log_level), tls=args.tls)
    stop = threading.Event()
    previous = {sig: signal.signal(sig, _setter(stop)) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        public = endpoint_urls(
            server.state.settings.public_auth_url, server.state.settings.public_api_url
        )
        _announce(server, public)
        if ready is not None:
            ready.write(
                {
                    "pid": os.getpid(),
                    "urls": public,
                    "listening": server.urls,
                    "admin_key": server.admin_key,
                    "ca_file": server.ca_file,
                }
            )
        while not stop.wait(0.5):
            if not server.running:
                print("groove-mock serve: error: the server stopped unexpectedly", file=sys.stderr)
                return 1
    finally:
        if ready is not None:
            ready.remove()  # first: nobody may read "ready" from a mock that is stopping
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("groove-mock: stopped", flush=True)
    return 0


def _setter(stop: threading.Event) -> Any:
    def handle(signum: int, frame: FrameType | None) -> None:
        stop.set()

    return handle


def _announce(server: RunningServer, public: dict[str, str]) -> None:
    state = server.state
    lines = [
        f"groove-mock {version()}: serving the Groove Music API mock "
        f"(scenario: {state.scenario.source})",
        *url_lines(public, server.admin_key),
        *listening_lines(public, server.urls),
        *_trust_lines(server.ca_file),
        "",
        *credential_lines(state.scenario),
        "",
        "Stop with Ctrl+C (or SIGTERM).",
    ]
    print("\n".join(lines), flush=True)


def _trust_lines(ca_file: str | None) -> list[str]:
    if ca_file is None:
        return []
    return [
        f"  CA bundle: {ca_file} (made for this run; removed when serve stops)",
        f"  trust it:  SSL_CERT_FILE={ca_file} (Python ssl, httpx), "
        f"CURL_CA_BUNDLE={ca_file} (curl), "
        f"REQUESTS_CA_BUNDLE={ca_file} (requests), NODE_EXTRA_CA_CERTS={ca_file} (Node)",
    ]


def _log_config(level: str) -> dict[str, Any]:
    """uvicorn's own console format on stderr, without its access log (tokens may be in
    query strings), plus the mock's logger. uvicorn's start and stop lines only at debug: the
    banner says what they say."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"].pop("access", None)
    config["formatters"].pop("access", None)
    config["loggers"].pop("uvicorn.access", None)
    quieter = uvicorn_log_level(level).upper()
    config["loggers"]["uvicorn"]["level"] = quieter
    config["loggers"]["uvicorn.error"]["level"] = quieter
    config["loggers"]["groove_mock"] = {
        "handlers": ["default"],
        "level": level.upper(),
        "propagate": False,
    }
    return config
