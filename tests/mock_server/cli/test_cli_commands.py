"""`groove-mock` builds the parser of the command it runs, and lists the others where help can
show them: a run of one command imports only that command's module, and shows the same help and
errors as before."""

from __future__ import annotations

import argparse
import sys
from importlib import metadata

import pytest

from mock_server.cli import COMMANDS, build_parser, main
from mock_server.cli._text import _dist_info_version, version


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _is_built(parser: argparse.ArgumentParser) -> bool:
    return any(action.dest == "json" or action.dest == "port" for action in parser._actions)


def test_without_argv_every_command_is_built():
    commands = _commands(build_parser())
    assert list(commands) == list(COMMANDS)
    assert all(_is_built(parser) for parser in commands.values())


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_named_command_is_built_alone_and_the_others_listed_with_their_help(name):
    parser = build_parser(["--help", name, "--port", "1"])
    commands = _commands(parser)
    assert list(commands) == list(COMMANDS)
    assert [command for command, p in commands.items() if _is_built(p)] == [name]
    listing = parser.format_help()
    assert all(help_text in listing for _, help_text in COMMANDS.values())


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_run_of_a_named_command_builds_that_command_only(name):
    commands = _commands(build_parser([name, "--port", "1"]))
    assert list(commands) == [name]
    assert _is_built(commands[name])


def test_a_run_of_a_named_command_reports_its_errors_as_before(capsys):
    assert main(["serve", "--port", "1", "extra"]) == 2
    assert capsys.readouterr().err == "groove-mock serve: error: unrecognized arguments: extra\n"
    assert main(["serve", "--port", "x"]) == 2
    assert (
        "groove-mock serve: error: argument --port: not an integer: 'x'" in capsys.readouterr().err
    )


@pytest.mark.parametrize("argv", [[], ["--version"], ["serv"], ["--port", "1", "serve"]])
def test_when_the_command_is_not_certain_every_command_is_built(argv):
    assert all(_is_built(p) for p in _commands(build_parser(argv)).values())


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


def test_the_version_is_read_as_importlib_metadata_reads_it(tmp_path, monkeypatch):
    assert version() == metadata.version("groove-contract")
    first, second, egg = tmp_path / "first", tmp_path / "second", tmp_path / "egg"
    for folder, number in ((first, "9.8.7"), (second, "1.0.0")):
        info = folder / f"groove_contract-{number}.dist-info"
        info.mkdir(parents=True)
        headers = f"Metadata-Version: 2.3\nName: groove-contract\nVersion: {number}\n"
        (info / "METADATA").write_text(headers + "\nVersion: 0 (in the body)\n")
    (egg / "groove_contract.egg-info").mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), str(first), str(second)])
    assert _dist_info_version() == "9.8.7"  # the first on sys.path, from its headers
    monkeypatch.setattr(sys, "path", [str(egg), str(first)])
    assert _dist_info_version() is None  # an egg first: importlib.metadata reads it
