"""`groove-mock serve` has one flag per `Settings` field, derived from it: this keeps the two
in step (a new setting without a flag, or a flag that builds the wrong setting, fails here)."""

from __future__ import annotations

import argparse
import re
import typing
from pathlib import Path
from typing import Any

import pytest

from mock_server import Settings
from mock_server._settings import setting_fields
from mock_server.cli import _serve as _cli_serve
from mock_server.cli import build_parser, main
from mock_server.cli._flags import flag_of, settings_from


def _serve_parser() -> argparse.ArgumentParser:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    serve: argparse.ArgumentParser = commands.choices["serve"]
    return serve


def _other_value(name: str, default: Any, choices: tuple[str, ...]) -> tuple[str, Any]:
    """A command-line text for the field and the value it must become, unlike the default."""
    if choices:
        chosen = next(choice for choice in choices if choice != default)
        return chosen, chosen
    hint = typing.get_type_hints(Settings)[name]
    if "Path" in str(hint):
        return f"files/{name}.json", Path(f"files/{name}.json")
    if "int" in str(hint):
        value = 4321 if default in (None, 0) else default + 1
        return str(value), value
    if name.endswith("_base_url"):
        return (
            f"https://{name.replace('_', '-')}.example",
            f"https://{name.replace('_', '-')}.example",
        )
    return f"value-of-{name}", f"value-of-{name}"


def test_every_setting_has_a_flag_with_its_help_and_choices():
    actions = {action.dest: action for action in _serve_parser()._actions}
    for field in setting_fields():
        action = actions.get(field.name)
        assert action is not None, f"no flag for setting {field.name}"
        assert action.option_strings == [flag_of(field.name)]
        assert field.metadata["help"] in (action.help or "")
        assert tuple(action.choices or ()) == tuple(field.metadata.get("choices", ()))
        assert action.default is argparse.SUPPRESS


def test_no_flag_is_left_over_from_a_removed_setting():
    names = {field.name for field in setting_fields()}
    serve_only = {"help", "ready_file", "run", "tls"}  # tls: a CA for the run, not a setting
    dests = {action.dest for action in _serve_parser()._actions}
    assert dests - names <= serve_only


def test_every_flag_builds_the_setting_it_names():
    argv, expected = ["serve"], {}
    for field in setting_fields():
        text, value = _other_value(field.name, field.default, field.metadata.get("choices", ()))
        argv += [flag_of(field.name), text]
        expected[field.name] = value
    settings = settings_from(build_parser().parse_args(argv))
    for name, value in expected.items():
        assert getattr(settings, name) == value, name
    assert settings != Settings()


def test_flags_not_given_keep_the_defaults():
    assert settings_from(build_parser().parse_args(["serve"])) == Settings()
    assert settings_from(build_parser().parse_args(["serve", "--port", "0"])) == Settings(port=0)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--port", "70000"], "argument --port: must be between 0 and 65535: 70000"),
        (["--api-port", "-1"], "argument --api-port: must be between 0 and 65535: -1"),
        (["--port", "eighty"], "argument --port: not an integer: 'eighty'"),
        (["--user-token-lifetime", "0"], "argument --user-token-lifetime: must be between 1"),
        (["--journal-size", "0"], "argument --journal-size: must be between 1"),
        (["--token-format", "xml"], "argument --token-format: invalid choice: 'xml'"),
        (["--host", " "], "argument --host: must not be empty"),
        (["--scenario", ""], "argument --scenario: must not be empty"),
        (["--no-such-flag"], "unrecognized arguments: --no-such-flag"),
        (["--api-base-url", "notaurl"], "must be http(s)://host[:port][/path], not 'notaurl'"),
        (["--auth-base-url", "ftp://login.example"], "argument --auth-base-url: must be http"),
        (["--auth-base-url", "http://"], "argument --auth-base-url: must be http(s)://"),
        (["--api-base-url", "http://api.example:99999"], "argument --api-base-url: must be"),
        (["--api-base-url", "https://api.example/?x=1"], "argument --api-base-url: must be"),
        (["--api-base-url", "https://me@api.example"], "argument --api-base-url: must be"),
    ],
)
def test_bad_flag_values_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
):
    def listened(*args: object, **kwargs: object) -> None:
        pytest.fail("serve took the value and started listening")

    monkeypatch.setattr(_cli_serve, "start_server", listened)
    assert main(["serve", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("groove-mock serve: error: ")
    assert message in captured.err


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9000", "https://login.example/", "http://[::1]:8080/mock/groove"]
)
def test_base_urls_with_a_port_or_a_path_are_taken(url: str):
    settings = settings_from(build_parser().parse_args(["serve", "--api-base-url", url]))
    assert settings.api_base_url == url


def test_settings_refuse_a_base_url_that_is_not_one():
    """Programs that build `Settings` get the same check as the command line."""
    with pytest.raises(ValueError, match=r"^api_base_url: must be http\(s\)://host"):
        Settings(api_base_url="notaurl")
    with pytest.raises(ValueError, match=r"^auth_base_url: "):
        Settings().replace(auth_base_url="login.example")


def test_serve_help_states_each_default_once():
    """Some help texts say their default themselves ("; default: same as --port"); the
    others get "(default: X)". Never both, and never none."""
    actions = {action.dest: action for action in _serve_parser()._actions}
    for field in setting_fields():
        help_text = actions[field.name].help or ""
        stated = re.findall(r"\(default: |[;(]\s*default\b|\bby default\b", help_text)
        assert len(stated) == 1, f"{field.name}: {help_text!r}"
