"""`groove-mock`: run the mock, show its scenario, mint tokens, read its journal.

    groove-mock serve [--port 8080] [--scenario FILE] [...every setting]
    groove-mock scenario [--json] [--url URL]
    groove-mock token (--app [ID] | --user [ID]) [--scope S] (--url URL | --signing-key KEY)
    groove-mock journal [--url URL] [--follow] [filters]

Every error is one line on stderr, `groove-mock <command>: error: <message>` (plain
`groove-mock: error:` before a command is known), and exit code 2; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from .._errors import ServeError
from .._scenario import ScenarioError
from ..control._errors import ControlError
from ._flags import CliError, CliParser
from ._serve import add_serve
from ._text import version
from ._tools import add_journal, add_scenario, add_token

__all__ = ["build_parser", "main"]

USAGE_ERROR = 2

COMMANDS: dict[str, tuple[Callable[[Any, str], None], str]] = {
    "serve": (add_serve, "run the mock (authorization server, Groove API, control API)"),
    "scenario": (add_scenario, "show the apps, users and URLs (of a running mock with --url)"),
    "token": (add_token, "mint a token without the sign-in dance"),
    "journal": (add_journal, "show (or --follow) the requests a running mock received"),
}


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser, every command included."""
    parser = CliParser(
        prog="groove-mock",
        description="A mock of the Groove Music API and its Microsoft account sign-in.",
    )
    parser.add_argument("--version", action="version", version=f"groove-mock {version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for add, help_text in COMMANDS.values():
        add(commands, help_text)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (the console script exits with it)."""
    return _run(sys.argv[1:] if argv is None else argv)


def _run(argv: Sequence[str]) -> int:
    parser = build_parser()
    args: argparse.Namespace | None = None
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:  # reported by the command's parser, so the prefix names the command
            _parser_of(args, parser).error(f"unrecognized arguments: {' '.join(extra)}")
        code: int = args.run(args)
    except SystemExit as exc:  # argparse: --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else USAGE_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`groove-mock journal | head`): stop quietly, as Unix tools do.
        _silence_stdout()
        return 0
    except (CliError, ScenarioError, ServeError, ControlError) as exc:
        return _fail(_parser_of(args, parser), str(exc))
    except OSError as exc:  # a file a flag names, beyond the checks made up front
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(_parser_of(args, parser), f"{where}{(exc.strerror or str(exc)).lower()}")
    except ValueError as exc:  # a value no check above foresaw: still one line, no traceback
        return _fail(_parser_of(args, parser), str(exc))
    return code


def _parser_of(
    args: argparse.Namespace | None, root: argparse.ArgumentParser
) -> argparse.ArgumentParser:
    """The parser of the command being run (its `prog` is `groove-mock <command>`)."""
    parser: argparse.ArgumentParser = getattr(args, "parser", root)
    return parser


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (captured in a test)
        pass


def _fail(parser: argparse.ArgumentParser, message: str) -> int:
    """The same line argparse gives for a usage error: `groove-mock <command>: error: ...`."""
    first_line = message.strip().splitlines()[0] if message.strip() else "failed"
    print(f"{parser.prog}: error: {first_line}", file=sys.stderr)
    return USAGE_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
