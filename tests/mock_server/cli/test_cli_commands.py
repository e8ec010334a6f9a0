"""`groove-mock`'s commands, its version and its usage errors."""

from __future__ import annotations

import argparse
from importlib import metadata

from mock_server.cli import COMMANDS, build_parser, main


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _is_built(parser: argparse.ArgumentParser) -> bool:
    return any(action.dest == "json" or action.dest == "port" for action in parser._actions)


def test_every_command_is_built():
    commands = _commands(build_parser())
    assert list(commands) == list(COMMANDS)
    assert all(_is_built(parser) for parser in commands.values())


def test_a_command_reports_its_usage_errors_under_its_own_name(capsys):
    assert main(["serve", "--port", "1", "extra"]) == 2
    assert capsys.readouterr().err == "groove-mock serve: error: unrecognized arguments: extra\n"
    assert main(["serve", "--port", "x"]) == 2
    assert (
        "groove-mock serve: error: argument --port: not an integer: 'x'" in capsys.readouterr().err
    )


def test_version_is_printed_on_stdout_only_when_asked(capsys):
    assert main(["--version"]) == 0
    out, err = capsys.readouterr()
    assert out == f"groove-mock {metadata.version('groove-contract')}\n"
    assert err == ""


def test_a_command_misspelt_is_still_a_usage_error_listing_every_command(capsys):
    assert main(["serv"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'serv'" in err
    assert all(f"'{name}'" in err for name in COMMANDS)
