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
import gc
import os
import sys
from collections.abc import Sequence
from typing import Any

from .._errors import ServeError
from .._lazy import resolve
from .._scenario import ScenarioError
from ..control._errors import ControlError
from ._flags import CliError, CliParser

__all__ = ["build_parser", "main"]

USAGE_ERROR = 2

# Each command: the function that adds its parser (`module:function(commands, help)`), and its
# one-line help. Its module is imported only when the command is built: `serve` never loads
# the control client (httpx) that `scenario`, `token` and `journal` use.
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": (
        "._serve:add_serve",
        "run the mock (authorization server, Groove API, control API)",
    ),
    "scenario": (
        "._tools:add_scenario",
        "show the apps, users and URLs (of a running mock with --url)",
    ),
    "token": ("._tools:add_token", "mint a token without the sign-in dance"),
    "journal": (
        "._tools:add_journal",
        "show (or --follow) the requests a running mock received",
    ),
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser. Every command is built in full, unless `argv` names one: then
    only that one is, and the others are listed by name and help when `argv` asks for help
    (`groove-mock --help serve` shows the list; a run of `serve` shows nothing of them)."""
    parser = CliParser(
        prog="groove-mock",
        description="A mock of the Groove Music API and its Microsoft account sign-in.",
    )
    parser.add_argument("--version", action=_Version, help="show program's version number and exit")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    named = _command_of(argv)
    listed = named is None or any(word in ("-h", "--help") for word in argv or ())
    for name, (adder, help_text) in COMMANDS.items():
        if named is None or name == named:
            resolve(adder, __package__)(commands, help_text)
        elif listed:
            commands.add_parser(name, help=help_text)
    return parser


def _command_of(argv: Sequence[str] | None) -> str | None:
    """The command `argv` runs, when that is certain: its first word, if every word before it
    is an option of `groove-mock` itself (none takes a value)."""
    for word in argv or ():
        if word in ("-h", "--help", "--version"):
            continue
        return word if word in COMMANDS else None
    return None


class _Version(argparse.Action):
    """argparse's `version` action, with the version looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any):
        kwargs.update(nargs=0, default=argparse.SUPPRESS)
        super().__init__(option_strings, argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        from ._text import version

        print(f"groove-mock {version()}")
        parser.exit()


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (the console script exits with it)."""
    if argv is None:
        argv = sys.argv[1:]
    if _command_of(argv) == "serve":
        pause_gc()  # until serve listens: `_serve.serve` resumes it
    try:
        return _run(argv)
    finally:
        resume_gc()  # if serve stopped before it listened


_paused = [False]


def pause_gc() -> None:
    """Start without the cyclic garbage collector. A launch makes some 30,000 objects that it
    keeps (modules, classes, the catalog index), among many more it drops at once, and the
    collector ran some seventy times over them: about 8 ms of `serve`'s time to its first
    answer (uvicorn's and Starlette's imports included), for no garbage to speak of."""
    if gc.isenabled():
        gc.disable()
        _paused[0] = True


def resume_gc(*, freeze: bool = False) -> None:
    """The collector back on, if `pause_gc` turned it off (once). With `freeze`, what exists by
    then (what the start made and keeps) is left out of every later collection (`gc.freeze`), as
    long-running servers do: else the first full collection, during the first requests, would
    go over all of it. Nothing is freed later that would have been: the start's garbage was
    already freed by reference counting, but for cycles (none, or a few, for good)."""
    if _paused[0]:
        _paused[0] = False
        if freeze:
            gc.freeze()
        gc.enable()


def _run(argv: Sequence[str]) -> int:
    parser = build_parser(argv)
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
