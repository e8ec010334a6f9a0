"""`/_mock/demo/`: the demo web app's sign-in, step by step over HTTP (the browser test runs it
as a person would)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx
from pages_support import pages_client

from mock_server import MockState
from mock_server.control._scenario_edit import put_app
from mock_server.pages._demo import CALLBACK_PATH, DemoSignIns

DEMO_APP = "000000004C1B7E2A"
BEN = "7c2e0b9d41f8a356"
CALLBACK = "http://127.0.0.1:8080" + CALLBACK_PATH


def _start(client: httpx.Client, **params: str) -> dict[str, str]:
    answer = client.get("/_mock/demo/sign-in", params=params)
    assert answer.status_code == 303
    location = answer.headers["location"]
    assert location.startswith("http://127.0.0.1:8080/oauth20_authorize.srf?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def _through_the_page(client: httpx.Client, params: dict[str, str], user: str, decision: str):
    page = client.get("/oauth20_authorize.srf", params=params)
    assert page.status_code == 200
    handle = re.search(r'name="tx" value="([^"]+)"', page.text)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert handle is not None and csrf is not None
    form = {"tx": handle.group(1), "csrf": csrf.group(1), "user_id": user, "decision": decision}
    answer = client.post("/ppsecure/post.srf", data=form)
    assert answer.status_code == 302
    return client.get(answer.headers["location"])


def test_start_asks_with_pkce_and_registers_the_callback(state: MockState, browser_client):
    assert CALLBACK not in state.app(DEMO_APP).redirect_uris
    params = _start(browser_client, user_id=BEN)
    assert params["client_id"] == DEMO_APP
    assert params["redirect_uri"] == CALLBACK
    assert params["prompt"] == "select_account"  # the page always asks
    assert params["code_challenge_method"] == "S256"
    assert len(params["state"]) >= 16
    assert params["login_hint"] == "ben@example.com"
    assert CALLBACK in state.app(DEMO_APP).redirect_uris
    again = _start(browser_client)
    assert again["state"] != params["state"]
    assert "login_hint" not in again
    assert state.app(DEMO_APP).redirect_uris.count(CALLBACK) == 1


def test_a_full_sign_in_shows_fingerprints_never_tokens(state: MockState, browser_client):
    params = _start(browser_client)
    result = _through_the_page(browser_client, params, BEN, "accept")
    assert result.status_code == 200
    assert "Ben Trial" in result.text
    token_call = state.journal.query(path="/oauth20_token.srf$")
    assert len(token_call) == 1  # the app redeemed its code through the mock
    assert token_call[0].status == 200
    assert token_call[0].client_id == DEMO_APP
    assert token_call[0].token_fingerprint in result.text  # the code's fingerprint
    prints = set(re.findall(r'class="fingerprint">([0-9a-f]{12})<', result.text))
    assert len(prints) == 3  # the code, the access token and the refresh token
    known = state.tokens.claims_by_fingerprint()
    kinds = sorted(known[p].kind.value for p in prints if p in known)
    assert kinds == ["refresh", "user"]
    assert all(known[p].user_id == BEN for p in prints if p in known)
    assert "EwA" not in result.text
    assert "M.R3_BAY." not in result.text


def test_the_callback_is_single_use(browser_client):
    params = _start(browser_client)
    result = _through_the_page(browser_client, params, BEN, "accept")
    assert result.status_code == 200
    replay = browser_client.get(str(result.url))
    assert replay.status_code == 400
    assert "Unknown sign-in" in replay.text


def test_a_deny_is_shown_escaped(browser_client):
    params = _start(browser_client)
    result = _through_the_page(browser_client, params, BEN, "deny")
    assert "Sign-in did not finish" in result.text
    assert "access_denied" in result.text
    forged = browser_client.get(
        CALLBACK_PATH, params={"state": _start(browser_client)["state"], "error": "<b>x</b>"}
    )
    assert "<b>x</b>" not in forged.text
    assert "&lt;b&gt;x&lt;/b&gt;" in forged.text


def test_unknown_state_is_refused(browser_client):
    answer = browser_client.get(CALLBACK_PATH, params={"state": "nope", "code": "x"})
    assert answer.status_code == 400


def test_no_demo_app_is_a_clear_page(state: MockState, browser_client):
    put_app(state, DEMO_APP, {"enrolled": False})
    answer = browser_client.get("/_mock/demo/sign-in")
    assert answer.status_code == 404
    assert "no enrolled web app with a client secret" in answer.text


def test_pending_sign_ins_are_bounded(state: MockState):
    pending = state.part(DemoSignIns)
    first, _ = pending.begin(DEMO_APP)
    for _ in range(DemoSignIns.LIMIT):
        pending.begin(DEMO_APP)
    assert pending.finish(first) is None


def test_the_demo_is_under_the_control_plane_access(remote_settings):

    state = MockState(remote_settings)
    with pages_client(state) as http:
        assert http.get("/_mock/demo/sign-in").status_code == 401
        keyed = http.get("/_mock/demo/sign-in", headers={"X-Admin-Key": "k" * 24})
        assert keyed.status_code == 303
