from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mock_server import ScenarioError, load_scenario
from mock_server._scenario import default_scenario_path, parse_scenario


def test_default_scenario_has_the_demo_apps_and_users():
    scenario = load_scenario()
    assert scenario.source == str(default_scenario_path())
    web = scenario.apps_by_id["000000004C1B7E2A"]
    assert web.platform == "web"
    assert web.enrolled
    assert not web.is_public
    assert scenario.apps_by_id["000000004C1B7E2B"].is_public
    assert not scenario.apps_by_id["000000004C1B7E2C"].enrolled
    passes = {user.music_pass for user in scenario.users}
    assert passes == {"none", "trial", "paid"}
    assert scenario.users_by_id[scenario.default_user_id].has_music_pass


def test_toml_scenarios_load_too(tmp_path: Path):
    path = tmp_path / "s.toml"
    path.write_text(
        '[[apps]]\nclient_id = "a"\nplatform = "mobile"\n'
        '[[users]]\nid = "u"\nname = "U"\nemail = "u@example.com"\ncountry = "de"\n'
    )
    scenario = load_scenario(path)
    assert scenario.apps_by_id["a"].is_public
    assert scenario.users_by_id["u"].culture == "en-DE"


BASE = {
    "apps": [
        {
            "client_id": "a",
            "platform": "web",
            "client_secret": "s",
            "redirect_uris": ["http://localhost/cb"],
        }
    ],
    "users": [{"id": "u", "name": "U", "email": "u@example.com"}],
}


def broken(**changes: object) -> str:
    data = json.loads(json.dumps(BASE))
    for path, value in changes.items():
        target = data
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        target[keys[-1]] = value
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "place", "problem"),
    [
        ("{", "line 1 column 2", "not valid JSON"),
        ("[]", "top level", "must be an object"),
        (broken(apps="x"), "apps", "must be a list"),
        (broken(apps__0__platform="tv"), "apps[0].platform", "must be one of web, mobile"),
        (broken(apps__0__client_secret=None), "apps[0].client_secret", "a web app needs a secret"),
        (broken(apps__0__redirect_uris=["ftp://x"]), "apps[0].redirect_uris[0]", "not an http"),
        (broken(apps__0__enrolled="yes"), "apps[0].enrolled", "true or false"),
        (broken(apps__0__colour="red"), "apps[0]", "unknown key 'colour'"),
        (broken(users=[]), "users", "at least one user"),
        (broken(users__0__country="USA"), "users[0].country", "2-letter code"),
        (broken(users__0__music_pass="gold"), "users[0].music_pass", "none, trial, paid"),
        (broken(users__0__email=""), "users[0].email", "non-empty string"),
        (broken(default_user="nobody"), "default_user", "not the id of a user"),
    ],
)
def test_a_broken_scenario_names_file_place_and_problem(text: str, place: str, problem: str):
    with pytest.raises(ScenarioError) as raised:
        parse_scenario(text, source="my.json")
    message = str(raised.value)
    assert message.startswith(f"my.json: {place}: ")
    assert problem in message
    assert "\n" not in message


def test_duplicate_ids_are_named(tmp_path: Path):
    data = json.loads(broken())
    data["users"].append(dict(data["users"][0]))
    with pytest.raises(ScenarioError, match=r"users\[1\]\.id: duplicate id 'u'"):
        parse_scenario(json.dumps(data), source="s.json")


def test_missing_file_is_one_line(tmp_path: Path):
    with pytest.raises(ScenarioError, match=r"nope\.json: no such file$"):
        load_scenario(tmp_path / "nope.json")


def test_bad_toml_is_one_line(tmp_path: Path):
    path = tmp_path / "s.toml"
    path.write_text("apps = [")
    with pytest.raises(ScenarioError, match="not valid TOML") as raised:
        load_scenario(path)
    assert "\n" not in str(raised.value)


def test_to_json_round_trips():
    scenario = load_scenario()
    again = parse_scenario(json.dumps(scenario.to_json()))
    assert again.apps == scenario.apps
    assert again.users == scenario.users


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (broken(apps__0__client_id=5, apps__0__platform="tv"), "apps[0].client_id"),
        (broken(users__0__id=5, users__0__country="USA"), "users[0].id"),
    ],
)
def test_the_first_problem_named_is_the_identity(text: str, place: str):
    with pytest.raises(ScenarioError, match=rf"^s\.json: {re.escape(place)}: "):
        parse_scenario(text, source="s.json")
