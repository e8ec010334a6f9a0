"""The scenario format's JSON Schema, shipped in the package: the built-in scenario keeps it,
every file the mock refuses the schema refuses too, a file is checked against it, and
`groove-mock scenario --json` prints a scenario that loads back."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from mock_server import load_scenario
from mock_server._scenario import (
    APP_KEYS,
    TOP_KEYS,
    USER_KEYS,
    ScenarioError,
    default_scenario_path,
)
from mock_server._scenario_schema import SCHEMA_PATH, scenario_schema, schema_problem
from mock_server.cli import main

BUILT_IN: dict[str, Any] = json.loads(default_scenario_path().read_text())


def _with(change: str, value: Any) -> dict[str, Any]:
    """The built-in scenario with one place set (`apps.0.platform`), or removed (value ...)."""
    document = copy.deepcopy(BUILT_IN)
    *parents, last = change.split(".")
    target: Any = document
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    key: Any = int(last) if last.isdigit() else last
    if value is ...:
        del target[key]
    else:
        target[key] = value
    return document


BAD = {
    "unknown top key": (_with("sorce", "x"), "top level"),
    "apps not a list": (_with("apps", {}), "apps"),
    "no users": (_with("users", []), "users"),
    "app without client_id": (_with("apps.0.client_id", ...), "apps[0]"),
    "unknown platform": (_with("apps.0.platform", "desktop"), "apps[0].platform"),
    "web app without secret": (_with("apps.0.client_secret", None), "apps[0].client_secret"),
    "web app without redirect": (_with("apps.0.redirect_uris", []), "apps[0].redirect_uris"),
    "redirect not http": (_with("apps.0.redirect_uris", ["ftp://x"]), "apps[0].redirect_uris[0]"),
    "enrolled not a boolean": (_with("apps.0.enrolled", "yes"), "apps[0].enrolled"),
    "unknown app key": (_with("apps.0.secret", "s"), "apps[0]"),
    "user without email": (_with("users.0.email", ...), "users[0]"),
    "three-letter country": (_with("users.0.country", "USA"), "users[0].country"),
    "unknown music pass": (_with("users.0.music_pass", "gold"), "users[0].music_pass"),
    "empty name": (_with("users.0.name", ""), "users[0].name"),
}


def test_the_schema_is_a_valid_schema_and_ships_in_the_package() -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(scenario_schema())
    assert SCHEMA_PATH.parent.name == "mock_server"


def test_the_built_in_scenario_keeps_the_schema() -> None:
    assert schema_problem(BUILT_IN) is None


def test_the_schema_and_the_reader_know_the_same_keys() -> None:
    schema = scenario_schema()
    assert set(schema["properties"]) == TOP_KEYS
    assert set(schema["$defs"]["app"]["properties"]) == APP_KEYS
    assert set(schema["$defs"]["user"]["properties"]) == USER_KEYS


@pytest.mark.parametrize(("document", "place"), BAD.values(), ids=list(BAD))
def test_a_bad_file_is_refused_by_the_mock_and_by_the_schema(
    tmp_path: Path, document: dict[str, Any], place: str
) -> None:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(document))
    with pytest.raises(ScenarioError) as refused:
        load_scenario(path)
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: {place}")
    assert schema_problem(document) is not None, "the published schema lets it through"


def test_a_file_the_reader_accepts_is_checked_against_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps({**BUILT_IN, "urls": {"auth": 5}}))
    with pytest.raises(ScenarioError) as refused:
        load_scenario(path)
    assert str(refused.value) == f"{path}: urls.auth: 5 is not of type 'string'"


def test_scenario_json_loads_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "--json"]) == 0
    printed = capsys.readouterr().out
    path = tmp_path / "s.json"
    path.write_text(printed)
    loaded = load_scenario(path)
    original = load_scenario()
    assert (loaded.apps, loaded.users, loaded.default_user_id) == (
        original.apps,
        original.users,
        original.default_user_id,
    )
    assert schema_problem(json.loads(printed)) is None
    assert main(["scenario", "--scenario", str(path), "--json"]) == 0  # and round again
    again = json.loads(capsys.readouterr().out)
    assert {k: v for k, v in again.items() if k != "source"} == {
        k: v for k, v in json.loads(printed).items() if k != "source"
    }


def test_the_documented_example_loads(tmp_path: Path) -> None:
    import re

    page = (Path(__file__).resolve().parents[2] / "docs" / "scenario.md").read_text()
    (example,) = re.findall(r"```toml\n(.*?)```", page, re.S)
    path = tmp_path / "example.toml"
    path.write_text(example)
    scenario = load_scenario(path)
    assert [app.platform for app in scenario.apps] == ["web", "mobile"]
    assert scenario.default_user_id == "u1"
