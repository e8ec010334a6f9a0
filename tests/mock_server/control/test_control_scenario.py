"""Scenario control, both ways in: users (Music Pass on and off), consent, apps (enrolled or
not), token revocation and reset."""

from __future__ import annotations

import httpx
import pytest

from mock_server import App, MockState, User
from mock_server.control import Control
from mock_server.control._errors import ControlError, ControlNotFound

WEB_APP, DESKTOP_APP = "000000004C1B7E2A", "000000004C1B7E2B"
ADA, BEN, CLEO = "4a1f9c2e7b3d5068", "7c2e0b9d41f8a356", "9e3d6a0f2c7b1845"


def test_the_scenario_as_it_stands(control: Control):
    scenario = control.scenario()
    assert [a.client_id for a in scenario.apps][:2] == [WEB_APP, DESKTOP_APP]
    assert scenario.default_user_id == ADA
    assert {u.id for u in scenario.users} == {ADA, BEN, CLEO}


def test_music_pass_on_and_off(control: Control, state: MockState):
    changed = control.put_user(CLEO, music_pass=True)
    assert changed == User(CLEO, "Cleo Free", "cleo@example.com", "GB", "en", "paid")
    assert state.user(CLEO) == changed
    assert control.put_user(CLEO, music_pass=False).music_pass == "none"
    assert control.put_user(CLEO, music_pass="trial").has_music_pass


def test_a_new_user_gets_defaults_and_the_fields_given(control: Control, state: MockState):
    added = control.put_user("new-user", name="Dee", country="de", language="DE")
    assert added == User("new-user", "Dee", "new-user@example.com", "DE", "de", "none")
    assert state.user("new-user") == added
    assert "new-user" in {u.id for u in control.scenario().users}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"country": "USA"}, "users\\['4a1f9c2e7b3d5068'\\].country: must be a 2-letter code"),
        ({"music_pass": "gold"}, "must be one of none, trial, paid"),
        ({"name": ""}, "name: must be a non-empty string"),
    ],
)
def test_bad_user_changes_are_refused_and_change_nothing(
    control: Control, state: MockState, changes: dict[str, object], message: str
):
    before = state.user(ADA)
    with pytest.raises(ControlError, match=message):
        control.put_user(ADA, **changes)  # type: ignore[arg-type]
    assert state.user(ADA) == before


def test_apps_enrolled_or_not_and_public_or_confidential(control: Control, state: MockState):
    unenrolled = control.put_app(WEB_APP, enrolled=False)
    assert unenrolled.enrolled is False
    assert unenrolled.client_secret == "gr00ve+Demo/Secret="
    assert state.app(WEB_APP) == unenrolled
    added = control.put_app(
        "000000004C1B7E2D", name="New", platform="mobile", client_secret=None, redirect_uris=[]
    )
    assert added == App("000000004C1B7E2D", "New", "mobile")
    assert added.is_public


@pytest.mark.parametrize(
    ("client_id", "changes", "message"),
    [
        ("brand-new", {}, "a web app needs a secret"),
        (WEB_APP, {"redirect_uris": ["ftp://x"]}, "is not an http\\(s\\) URL"),
        (WEB_APP, {"redirect_uris": "http://x"}, "must be a list of URLs"),
        (WEB_APP, {"platform": "tv"}, "must be one of web, mobile"),
        (WEB_APP, {"enrolled": "yes"}, "must be true or false"),
        (WEB_APP, {"client_secret": None}, "a web app needs a secret"),
    ],
)
def test_bad_app_changes_are_refused(
    control: Control, state: MockState, client_id: str, changes: dict[str, object], message: str
):
    with pytest.raises(ControlError, match=message):
        control.put_app(client_id, **changes)  # type: ignore[arg-type]
    assert state.app(WEB_APP) is not None
    assert state.app(WEB_APP).client_secret == "gr00ve+Demo/Secret="  # type: ignore[union-attr]


def test_revoking_consent_stops_earlier_tokens_only(control: Control, state: MockState):
    before = control.user_token(BEN, client_id=WEB_APP)
    control.revoke_consent(BEN, WEB_APP)
    control.advance(1)
    after = control.user_token(BEN, client_id=WEB_APP)
    claims_before = state.tokens.decode(before.token)
    claims_after = state.tokens.decode(after.token)
    assert claims_before is not None and claims_after is not None
    assert not state.has_consent(claims_before)
    assert state.has_consent(claims_after)


def test_revoking_consent_names_unknown_users_and_apps(control: Control):
    with pytest.raises(ControlNotFound, match="unknown user 'nobody'"):
        control.revoke_consent("nobody", WEB_APP)
    with pytest.raises(ControlNotFound, match="unknown app 'nope'"):
        control.revoke_consent(ADA, "nope")


def test_revoking_a_token_or_its_whole_grant(control: Control, state: MockState):
    access = control.user_token(ADA)
    other = control.user_token(ADA)
    control.revoke_token(access.token)
    access_claims = state.tokens.decode(access.token)
    other_claims = state.tokens.decode(other.token)
    assert access_claims is not None and other_claims is not None
    assert state.tokens.is_revoked(access_claims)
    assert not state.tokens.is_revoked(other_claims)
    control.revoke_token(other.token, grant=True)
    assert state.tokens.is_revoked(other_claims)


def test_revoking_something_that_is_not_our_token_is_refused(control: Control):
    with pytest.raises(ControlError, match="not a token this mock issued"):
        control.revoke_token("EwAnot-a-token")
    foreign = control.bad_token("foreign")
    with pytest.raises(ControlError, match="not a token this mock issued"):
        control.revoke_token(foreign.token)


def test_reset_puts_the_scenario_back_as_loaded(control: Control, state: MockState):
    token = control.user_token(ADA)
    control.put_user(CLEO, music_pass=True)
    control.put_app(WEB_APP, enrolled=False)
    control.revoke_token(token.token)
    control.reset()
    assert state.user(CLEO).music_pass == "none"  # type: ignore[union-attr]
    assert state.app(WEB_APP).enrolled  # type: ignore[union-attr]
    claims = state.tokens.decode(token.token)
    assert claims is not None and not state.tokens.is_revoked(claims)


def test_the_http_scenario_api(http: httpx.Client):
    scenario = http.get("/_mock/scenario").json()
    assert set(scenario) == {"source", "default_user", "apps", "users", "urls"}
    assert scenario["urls"]["control"] == "http://127.0.0.1:8080/_mock"
    user = http.put(f"/_mock/users/{CLEO}", json={"music_pass": True})
    assert (user.status_code, user.json()["music_pass"]) == (200, "paid")
    app = http.put(f"/_mock/apps/{WEB_APP}", json={"enrolled": False})
    assert app.json()["enrolled"] is False
    unknown_field = http.put(f"/_mock/users/{CLEO}", json={"musicpass": True})
    assert unknown_field.status_code == 400
    assert "unknown field 'musicpass'" in unknown_field.json()["message"]
    no_client = http.post(f"/_mock/users/{ADA}/revoke-consent", json={})
    assert no_client.status_code == 400
    missing = http.post("/_mock/users/nobody/revoke-consent", json={"client_id": WEB_APP})
    assert (missing.status_code, missing.json()["error"]) == (404, "not_found")
    assert http.post("/_mock/reset").json() == {"reset": True}
    assert http.get("/_mock/scenario").json()["users"][2]["music_pass"] == "none"


@pytest.mark.parametrize(
    ("method", "target"),
    [
        ("PUT", "/_mock/users/%FF"),
        ("PUT", "/_mock/apps/ab%C3"),
        ("POST", "/_mock/users/%E9t%E9/revoke-consent"),
        ("DELETE", "/_mock/faults/%80"),
        ("GET", "/_mock/journal?user_id=%FF"),
    ],
)
def test_ids_that_are_not_utf8_are_refused_not_mangled(
    http: httpx.Client, state: MockState, method: str, target: str
):
    """Decoded leniently, `%FF` becomes U+FFFD: a user nobody can name again."""
    before = {user.id for user in state.scenario.users}
    answer = http.request(method, target, json={"client_id": WEB_APP} if method != "GET" else None)
    assert (answer.status_code, answer.json()["error"]) == (400, "bad_request")
    message = answer.json()["message"]
    assert "not UTF-8" in message
    assert "\n" not in message
    assert {user.id for user in state.scenario.users} == before


def test_a_utf8_id_is_taken_as_its_text(http: httpx.Client, state: MockState):
    answer = http.put("/_mock/users/%C3%A9l%C3%A8ve", json={})
    assert (answer.status_code, answer.json()["id"]) == (200, "élève")
    assert "élève" in {user.id for user in state.scenario.users}
