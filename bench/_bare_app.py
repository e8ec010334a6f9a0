"""The ceiling: a bare Starlette JSON route, served the way `groove-mock serve` serves the mock.

Run as `python -m bench._bare_app --port N`. Nothing here may cost more than the least a
Starlette app costs, since every mock row is measured as a ratio to this one.
"""

from __future__ import annotations

import argparse

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

PATH = "/bare"

# The same uvicorn configuration as `groove-mock serve` (mock_server/_server.py, `_config`): one
# worker, uvloop and httptools ("auto" picks them), no WebSocket, no access log, no proxy-header
# rewriting, no Server header, a 5 s keep-alive. A difference here would show as a difference of
# the ceiling, not of the mock; tests/bench checks that the two stay in step. One difference is
# by design: the mock's HTTP protocol is uvicorn's "auto" one with a deadline for each request
# head (`mock_server._idle_connections`: a timer per connection and per answer, none per
# request byte), which the bare app does without rather than import the mock.
UVICORN_OPTIONS: dict[str, object] = {
    "loop": "auto",
    "http": "auto",
    "ws": "none",
    "lifespan": "auto",
    "access_log": False,
    "proxy_headers": False,
    "server_header": False,
    "timeout_graceful_shutdown": 2,
    "timeout_keep_alive": 5,
}


async def bare(request: Request) -> Response:
    return JSONResponse({"Name": "Get Lucky", "Id": "music.A83EB907-0100-11DB-89CA-0019B92A3933"})


def create_bare_app() -> Starlette:
    return Starlette(routes=[Route(PATH, bare)])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench._bare_app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    uvicorn.run(
        create_bare_app(),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        **UVICORN_OPTIONS,  # type: ignore[arg-type]
    )


if __name__ == "__main__":
    main()
