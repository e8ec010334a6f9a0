"""Every `serve` setting also from the environment (`GROOVE_MOCK_PORT`...): a flag beats the
environment, which beats the default; flags, variable names and `Settings` fields kept in step."""

from __future__ import annotations

import argparse
import typing
from pathlib import Path
from typing import Any

import pytest

from mock_server import Settings
from mock_server._settings import setting_fields
from mock_server.cli import main
from mock_server.cli._flags import CliError, _value_type, env_of, flag_of, settings_from


def _other_value(field: Any) -> tuple[str, Any]:
    """A valid value for the field that is not its default, as text and as the setting."""
    kind = _value_type(typing.get_type_hints(Settings)[field.name])
    choices = field.metadata.get("choices")
    if choices:
        other = next(choice for choice in choices if choice != field.default)
        return other, other
    if kind is bool:
        return ("0", False) if field.default else ("1", True)
    if kind is int:
        value = 4321 if field.name.endswith("port") else 77
        return str(value), value
    if kind is Path:
        return "groove-env-test.toml", Path("groove-env-test.toml")
    if field.name.endswith("base_url"):
        return "https://mock.example.test", "https://mock.example.test"
    return "from-env", "from-env"


FIELDS = setting_fields()


def test_serve_help_names_a_flag_and_a_variable_for_every_setting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["serve", "--help"]) == 0
    shown = " ".join(capsys.readouterr().out.split())  # help lines wrap anywhere
    for field in FIELDS:
        assert flag_of(field.name) in shown
        assert f"env {env_of(field.name)}" in shown


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: env_of(f.name))
def test_every_setting_comes_from_its_variable(field: Any) -> None:
    text, value = _other_value(field)
    settings = settings_from(argparse.Namespace(), environ={env_of(field.name): text})
    assert getattr(settings, field.name) == value
    assert getattr(Settings(), field.name) != value


def test_a_flag_beats_the_environment_which_beats_the_default() -> None:
    environ = {"GROOVE_MOCK_PORT": "9001", "GROOVE_MOCK_STRICTNESS": "strict"}
    settings = settings_from(argparse.Namespace(port=9002), environ=environ)
    assert (settings.port, settings.strictness) == (9002, "strict")
    assert settings_from(argparse.Namespace(), environ={}).port == Settings().port


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"GROOVE_MOCK_PORT": "x"}, "$GROOVE_MOCK_PORT: not an integer: 'x'"),
        ({"GROOVE_MOCK_PORT": "70000"}, "$GROOVE_MOCK_PORT: must be between 0 and 65535"),
        ({"GROOVE_MOCK_STRICTNESS": "loose"}, "$GROOVE_MOCK_STRICTNESS: 'loose' is not one of"),
        ({"GROOVE_MOCK_PROT": "9000"}, "unknown variable $GROOVE_MOCK_PROT"),
    ],
)
def test_a_bad_variable_is_one_line_naming_it(environ: dict[str, str], message: str) -> None:
    with pytest.raises(CliError, match=None) as refused:
        settings_from(argparse.Namespace(), environ=environ)
    assert message in str(refused.value)


def test_serve_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GROOVE_MOCK_PORT", "not-a-port")
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err == "groove-mock serve: error: $GROOVE_MOCK_PORT: not an integer: 'not-a-port'\n"


def test_the_client_url_variable_is_no_setting_and_not_refused() -> None:
    settings_from(argparse.Namespace(), environ={"GROOVE_MOCK_URL": "http://127.0.0.1:9"})
