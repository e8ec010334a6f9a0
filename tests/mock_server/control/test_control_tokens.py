"""Tokens without the dance, both ways in: good ones with chosen scopes and lifetime, and
every bad-token flavor, checked against the token service and end to end on the Groove API."""

from __future__ import annotations

import httpx
import pytest

from mock_server import MockState, Settings, TokenKind
from mock_server._scenario import APP_SCOPE, GROOVE_SCOPE, OFFLINE_SCOPE, PROFILE_SCOPE
from mock_server.control import BAD_FLAVORS, Control, MockControl
from mock_server.control._errors import ControlError

WEB_APP, DESKTOP_APP, UNENROLLED_APP = "000000004C1B7E2A", "000000004C1B7E2B", "000000004C1B7E2C"
ADA, CLEO = "4a1f9c2e7b3d5068", "9e3d6a0f2c7b1845"
SPOTLIGHT = "/1/content/music/spotlight"
PROFILE = "/1/user/music/profile"


def test_an_app_token_with_the_defaults(control: Control, state: MockState):
    minted = control.app_token()
    assert (minted.kind, minted.client_id, minted.user_id) == ("app", WEB_APP, None)
    assert minted.scopes == (APP_SCOPE,)
    assert minted.expires_in == 86400
    assert minted.token.startswith("Eg")
    assert minted.authorization == f"Bearer {minted.token}"
    claims = state.tokens.decode(minted.token)
    assert claims is not None and claims.kind is TokenKind.APP


def test_a_user_token_with_chosen_user_app_scopes_and_lifetime(control: Control, state: MockState):
    minted = control.user_token(
        CLEO, client_id=DESKTOP_APP, scopes=[GROOVE_SCOPE, PROFILE_SCOPE], lifetime=120
    )
    assert (minted.user_id, minted.client_id, minted.expires_in) == (CLEO, DESKTOP_APP, 120)
    assert minted.token.startswith("EwA")
    claims = state.tokens.decode(minted.token)
    assert claims is not None
    assert (claims.user_id, claims.client_id) == (CLEO, DESKTOP_APP)
    assert claims.scopes == {GROOVE_SCOPE, PROFILE_SCOPE}
    assert claims.expires_at - claims.issued_at == pytest.approx(120)


def test_scopes_may_be_one_space_separated_string(control: Control):
    minted = control.user_token(scopes=f"{GROOVE_SCOPE} {OFFLINE_SCOPE}")
    assert minted.scopes == tuple(sorted({GROOVE_SCOPE, OFFLINE_SCOPE}))


def test_a_refresh_token(control: Control, state: MockState):
    minted = control.mint_token("refresh")
    assert minted.token.startswith("M.R3_BAY.")
    assert set(minted.scopes) == {GROOVE_SCOPE, OFFLINE_SCOPE}
    assert minted.expires_in == state.settings.refresh_token_lifetime


def test_minted_tokens_work_on_the_groove_api(control: Control, http: httpx.Client):
    app = control.app_token()
    user = control.user_token(ADA)
    assert http.get(SPOTLIGHT, headers={"Authorization": app.authorization}).status_code == 200
    profile = http.get(PROFILE, headers={"Authorization": user.authorization})
    assert profile.status_code == 200


def test_an_unenrolled_app_gets_tokens_that_the_api_refuses(control: Control, http: httpx.Client):
    minted = control.app_token(UNENROLLED_APP)
    refused = http.get(SPOTLIGHT, headers={"Authorization": minted.authorization})
    assert refused.status_code == 401
    assert refused.json()["Error"]["ErrorCode"] == "ACCESS_TOKEN_INVALID_SUBSCRIPTION"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.user_token("nobody"), "unknown user 'nobody' \\(known: 4a1f"),
        (lambda c: c.app_token("nope"), "unknown app 'nope'"),
        (lambda c: c.mint_token("app", user_id=ADA), "an app token has no user"),
        (lambda c: c.mint_token("session"), "kind must be one of app, user, refresh"),
        (lambda c: c.user_token(lifetime=0), "lifetime must be between 1"),
        (lambda c: c.user_token(scopes=["a b"]), "is not a scope"),
        (lambda c: c.user_token(scopes=[""]), "is not a scope"),
        (lambda c: c.bad_token("stale"), "flavor must be one of expired"),  # type: ignore[arg-type]
        (lambda c: c.bad_token("expired", kind="refresh"), "kind must be app or user"),  # type: ignore[arg-type]
        (lambda c: c.bad_token("no-groove-scope", kind="app"), "a user-token flavor"),
    ],
)
def test_bad_mint_requests_are_refused(control: Control, call, message: str):
    with pytest.raises(ControlError, match=message):
        call(control)


@pytest.mark.parametrize("flavor", BAD_FLAVORS)
def test_every_bad_token_looks_like_a_real_one(control: Control, flavor: str):
    minted = control.bad_token(flavor)  # type: ignore[arg-type]
    assert minted.flavor == flavor
    prefix = "M.R3_BAY." if flavor == "wrong-kind" else "EwA"
    assert minted.token.startswith(prefix)


def test_what_is_wrong_with_each_bad_token(control: Control, state: MockState):
    now = state.clock.now()
    expired = state.tokens.decode(control.bad_token("expired").token)
    assert expired is not None and expired.expired(now)
    revoked = state.tokens.decode(control.bad_token("revoked").token)
    assert revoked is not None and state.tokens.is_revoked(revoked)
    assert state.tokens.decode(control.bad_token("forged").token) is None
    assert state.tokens.decode(control.bad_token("foreign").token) is None
    wrong = state.tokens.decode(control.bad_token("wrong-kind").token)
    assert wrong is not None and wrong.kind is TokenKind.REFRESH
    scopeless = state.tokens.decode(control.bad_token("no-groove-scope").token)
    assert scopeless is not None and GROOVE_SCOPE not in scopeless.scopes


@pytest.mark.parametrize(
    ("flavor", "kind", "path", "code"),
    [
        ("expired", "app", SPOTLIGHT, "ACCESS_TOKEN_EXPIRED"),
        ("expired", "user", PROFILE, "AUTHORIZATION_TOKEN_EXPIRED"),
        ("revoked", "app", SPOTLIGHT, "ACCESS_TOKEN_INVALID"),
        ("revoked", "user", PROFILE, "INVALID_AUTHORIZATION_HEADER"),
        ("forged", "app", SPOTLIGHT, "ACCESS_TOKEN_INVALID"),
        ("forged", "user", PROFILE, "INVALID_AUTHORIZATION_HEADER"),
        ("foreign", "app", SPOTLIGHT, "ACCESS_TOKEN_INVALID"),
        ("foreign", "user", PROFILE, "INVALID_AUTHORIZATION_HEADER"),
        ("wrong-kind", "user", PROFILE, "INVALID_AUTHORIZATION_HEADER"),
        ("no-groove-scope", "user", PROFILE, "MSA_SCOPE_REQUIRES_USER_CONSENT"),
    ],
)
def test_the_groove_api_refuses_each_bad_token_with_its_section_9_code(
    control: Control, http: httpx.Client, flavor: str, kind: str, path: str, code: str
):
    bad = control.bad_token(flavor, kind=kind)  # type: ignore[arg-type]
    refused = http.get(path, headers={"Authorization": bad.authorization})
    assert refused.status_code == 401
    assert refused.json()["Error"]["ErrorCode"] == code


def test_bad_tokens_in_jwt_format_are_bad_too():
    state = MockState(Settings(token_format="jwt"))
    control = MockControl(state)
    good = control.user_token()
    assert good.token.count(".") == 2
    assert state.tokens.decode(good.token) is not None
    assert state.tokens.decode(control.bad_token("forged").token) is None
    assert state.tokens.decode(control.bad_token("foreign").token) is None


def test_the_http_token_api(http: httpx.Client):
    minted = http.post("/_mock/tokens", json={"kind": "user", "user_id": ADA, "lifetime": 60})
    assert minted.status_code == 201
    assert minted.headers["Cache-Control"] == "no-store"
    body = minted.json()
    assert {"token", "token_type", "kind", "client_id", "user_id", "scopes", "expires_in"} <= set(
        body
    )
    assert (body["token_type"], body["expires_in"]) == ("bearer", 60)
    bad = http.post("/_mock/tokens/bad", json={"flavor": "expired", "kind": "app"})
    assert (bad.status_code, bad.json()["flavor"]) == (201, "expired")
    for path, payload in (
        ("/_mock/tokens", {"kind": "user", "user_id": "nobody"}),
        ("/_mock/tokens", {"knd": "user"}),
        ("/_mock/tokens/bad", {}),
        ("/_mock/tokens/revoke", {}),
        ("/_mock/tokens/revoke", {"token": 5}),
    ):
        refused = http.post(path, json=payload)
        assert refused.status_code == 400, (path, payload)
        assert refused.json()["error"] == "bad_request"
    revoked = http.post("/_mock/tokens/revoke", json={"token": body["token"]})
    assert revoked.json() == {"revoked": True}
