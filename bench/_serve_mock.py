"""Serve the mock for the load rows while `groove-mock serve` does not exist yet.

Run as `python -m bench._serve_mock --port N --signing-key K`. It builds the app with
`create_app()` and serves it with the bare app's uvicorn options, so the load rows can be
measured before the CLI lands. The start-up row always uses the real CLI.
"""

from __future__ import annotations

import argparse

import uvicorn

from mock_server import Settings, create_app

from ._bare_app import UVICORN_OPTIONS


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench._serve_mock")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--signing-key", required=True)
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    settings = Settings(host=args.host, port=args.port, signing_key=args.signing_key)
    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        **UVICORN_OPTIONS,  # type: ignore[arg-type]
    )


if __name__ == "__main__":
    main()
