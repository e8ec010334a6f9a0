"""`groove-mock serve`: run the mock until SIGINT or SIGTERM, then stop cleanly."""

from __future__ import annotations

import argparse
import copy
import json
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from uvicorn.config import LOGGING_CONFIG

from ._cli_flags import add_setting_flags, settings_from
from ._cli_text import credential_lines, endpoint_urls, url_lines, version
from ._server import RunningServer, start_server


def add_serve(commands: Any) -> None:
    parser = commands.add_parser(
        "serve",
        help="run the mock (authorization server, Groove API, control API)",
        description="Run the mock until Ctrl+C or SIGTERM. Every setting is a flag.",
    )
    add_setting_flags(parser)
    parser.add_argument(
        "--ready-file",
        type=Path,
        metavar="PATH",
        help="once listening, write the URLs (and admin key) there as JSON, for scripts",
    )
    parser.set_defaults(run=serve)


def serve(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    server = start_server(settings, log_config=_log_config(settings.log_level))
    stop = threading.Event()
    previous = {sig: signal.signal(sig, _setter(stop)) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        _announce(server)
        if args.ready_file is not None:
            _write_ready_file(args.ready_file, server)
        while not stop.wait(0.5):
            if not server.running:
                print("groove-mock: error: the server stopped unexpectedly", file=sys.stderr)
                return 1
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("groove-mock: stopped", flush=True)
    return 0


def _setter(stop: threading.Event) -> Any:
    def handle(signum: int, frame: FrameType | None) -> None:
        stop.set()

    return handle


def _announce(server: RunningServer) -> None:
    state = server.state
    urls = endpoint_urls(server.auth_url, server.api_url)
    lines = [
        f"groove-mock {version()}: serving the Groove Music API mock "
        f"(scenario: {state.scenario.source})",
        *url_lines(urls, server.admin_key),
        "",
        *credential_lines(state.scenario),
        "",
        "Stop with Ctrl+C (or SIGTERM).",
    ]
    print("\n".join(lines), flush=True)


def _write_ready_file(path: Path, server: RunningServer) -> None:
    document = {
        "pid": os.getpid(),
        "urls": endpoint_urls(server.auth_url, server.api_url),
        "admin_key": server.admin_key,
    }
    temporary = path.with_name(path.name + ".tmp")
    temporary.unlink(missing_ok=True)  # a leftover may be someone else's, with wider rights
    # Owner-only: the file holds the admin key.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(json.dumps(document, indent=2) + "\n")
    temporary.replace(path)  # atomic: a script polling for the file never reads half of it


def _log_config(level: str) -> dict[str, Any]:
    """uvicorn's own console format on stderr, without its access log (tokens may be in
    query strings), plus the mock's logger."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"].pop("access", None)
    config["formatters"].pop("access", None)
    config["loggers"].pop("uvicorn.access", None)
    upper = level.upper()
    config["loggers"]["uvicorn"]["level"] = upper
    config["loggers"]["uvicorn.error"]["level"] = upper
    config["loggers"]["groove_mock"] = {"handlers": ["default"], "level": upper, "propagate": False}
    return config
