"""`groove-mock`: run the mock, show its scenario, mint tokens, read its journal.

    groove-mock serve [--port 8080] [--scenario FILE] [...every setting]
    groove-mock scenario [--json] [--url URL]
    groove-mock token (--app [ID] | --user [ID]) [--scope S] (--url URL | --signing-key KEY)
    groove-mock journal [--url URL] [--follow] [filters]

Every error is one line on stderr and exit code 2; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ._cli_flags import CliParser
from ._cli_serve import add_serve
from ._cli_text import version
from ._cli_tools import add_tools
from ._errors import ControlError, ServeError
from ._scenario import ScenarioError

__all__ = ["build_parser", "main"]

USAGE_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = CliParser(
        prog="groove-mock",
        description="A mock of the Groove Music API and its Microsoft account sign-in.",
    )
    parser.add_argument("--version", action="version", version=f"groove-mock {version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    add_serve(commands)
    add_tools(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (the console script exits with it)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        code: int = args.run(args)
    except SystemExit as exc:  # argparse: --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else USAGE_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`groove-mock journal | head`): stop quietly, as Unix tools do.
        _silence_stdout()
        return 0
    except (ScenarioError, ServeError, ControlError) as exc:
        return _fail(str(exc))
    except (OSError, ValueError) as exc:
        # Files named by flags (a JWT key, a ready file) that cannot be read or written.
        return _fail(f"{type(exc).__name__}: {exc}")
    return code


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (captured in a test)
        pass


def _fail(message: str) -> int:
    first_line = message.strip().splitlines()[0] if message.strip() else "failed"
    print(f"groove-mock: error: {first_line}", file=sys.stderr)
    return USAGE_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
