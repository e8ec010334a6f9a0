"""Command-line flags and environment variables derived from `Settings`, so the CLI, the
environment and the settings never drift.

Each field becomes `--field-name` and, for `serve`, `GROOVE_MOCK_FIELD_NAME` (as container
users expect); its help and choices come from the field's metadata, its type from the
annotation. A flag beats the environment, which beats the dataclass's own default: only what is
given reaches `Settings(...)`.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import types
import typing
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, Literal

from .._settings import BASE_URL_FIELDS, Settings, check_base_url, setting_fields

_STATES_ITS_DEFAULT = re.compile(r"[;(]\s*default\b|\bby default\b", re.IGNORECASE)


class CliError(Exception):
    """A mistake in what the command line asks for, found after parsing (a file a flag names,
    two flags that do not go together): one line on stderr, exit code 2."""


class CliParser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line on stderr (exit code 2)."""

    def error(self, message: str) -> typing.NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def flag_of(name: str) -> str:
    return "--" + name.replace("_", "-")


ENV_PREFIX = "GROOVE_MOCK_"
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


CLIENT_ENV = frozenset({"GROOVE_MOCK_URL"})
"""Variables of ours that are no setting: the URL the client commands talk to."""


def env_of(name: str) -> str:
    return ENV_PREFIX + name.upper()


def add_setting_flags(
    parser: argparse.ArgumentParser, only: Collection[str] | None = None, *, env: bool = False
) -> None:
    """Add one flag per `Settings` field (or per field named in `only`); with `env`, each help
    names the variable that sets it too (read by `settings_from(..., environ=...)`)."""
    group = parser.add_argument_group(
        "mock settings" + (f" (each also from ${ENV_PREFIX}<NAME>; a flag wins)" if env else "")
    )
    hints = typing.get_type_hints(Settings)
    for field in setting_fields():
        if only is not None and field.name not in only:
            continue
        kind = _value_type(hints[field.name])
        options: dict[str, Any] = {
            "dest": field.name,
            "default": argparse.SUPPRESS,
            "help": _help(field.metadata["help"], field.default)
            + (f"; env {env_of(field.name)}" if env else ""),
        }
        if kind is bool:
            options["action"] = argparse.BooleanOptionalAction
        else:
            options["type"] = _converter(field.name, kind)
            options["metavar"] = field.name.upper()
            if field.metadata.get("choices"):
                options["choices"] = field.metadata["choices"]
                options["metavar"] = "{" + ",".join(field.metadata["choices"]) + "}"
        group.add_argument(flag_of(field.name), **options)


def settings_from(
    namespace: argparse.Namespace,
    base: Settings | None = None,
    *,
    environ: typing.Mapping[str, str] | None = None,
) -> Settings:
    """The settings the flags given ask for, then the `GROOVE_MOCK_*` variables of `environ`
    for the others (when given), on top of `base`."""
    names = {field.name for field in setting_fields()}
    given = {name: value for name, value in vars(namespace).items() if name in names}
    if environ is not None:
        from_env = {
            name: value for name, value in settings_from_env(environ).items() if name not in given
        }
        given = {**from_env, **given}
    return (base or Settings()).replace(**given)


def settings_from_env(environ: typing.Mapping[str, str]) -> dict[str, Any]:
    """The settings the `GROOVE_MOCK_*` variables set, converted and checked as their flags
    are; a bad value is a `CliError` naming the variable."""
    hints = typing.get_type_hints(Settings)
    known = {env_of(field.name) for field in setting_fields()} | CLIENT_ENV
    misspelt = sorted(name for name in environ if name.startswith(ENV_PREFIX) and name not in known)
    if misspelt:  # a typo would leave the setting at its default without a word
        raise CliError(
            f"unknown variable ${misspelt[0]} (the settings' are {', '.join(sorted(known))})"
        )
    found: dict[str, Any] = {}
    for field in setting_fields():
        text = environ.get(env_of(field.name))
        if text is None:
            continue
        kind = _value_type(hints[field.name])
        try:
            if kind is bool:
                found[field.name] = _boolean(text)
                continue
            value = _converter(field.name, kind)(text)
        except argparse.ArgumentTypeError as exc:
            raise CliError(f"${env_of(field.name)}: {exc}") from None
        choices = field.metadata.get("choices")
        if choices and value not in choices:
            raise CliError(f"${env_of(field.name)}: {value!r} is not one of {', '.join(choices)}")
        found[field.name] = value
    return found


def _boolean(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in _TRUE | _FALSE:
        return lowered in _TRUE
    raise argparse.ArgumentTypeError(f"not a boolean: {text!r} (1/0, true/false, yes/no, on/off)")


def _value_type(hint: Any) -> type:
    """`int | None` -> int, `Literal[...]` -> str, `Path | None` -> Path."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    if typing.get_origin(hint) is Literal:
        return str
    if not isinstance(hint, type):
        raise TypeError(f"no command-line type for setting type {hint!r}")
    return hint


def _help(text: str, default: Any) -> str:
    """The help with its default said once: some help texts already say it their own way
    ("; default: same as --port", "(loopback by default)")."""
    if _STATES_ITS_DEFAULT.search(text):
        return text
    return f"{text} (default: {_shown(default)})"


def _shown(default: Any) -> str:
    if default is None:
        return "none"
    if default is dataclasses.MISSING:
        return "required"
    return str(default)


def _converter(name: str, kind: type) -> Callable[[str], Any]:
    if kind is int:
        low = 0 if name.endswith("port") else 1
        high = 65535 if name.endswith("port") else 10**10

        def to_int(text: str) -> int:
            try:
                value = int(text)
            except ValueError:
                raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
            if not low <= value <= high:
                raise argparse.ArgumentTypeError(f"must be between {low} and {high}: {value}")
            return value

        return to_int
    if kind is Path:
        return _path
    if name in BASE_URL_FIELDS:
        return _base_url
    return _non_empty


def _path(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return Path(text)


def _non_empty(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return text


def _base_url(text: str) -> str:
    try:
        return check_base_url(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
