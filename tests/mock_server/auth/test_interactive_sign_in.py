"""The interactive sign-in page and its posted decision (settings.sign_in="interactive" or
prompt=login), and prompt=none."""

from __future__ import annotations

import re

import pytest
from auth_support import (
    ADA,
    BEN,
    CLEO,
    GROOVE,
    WEB_APP,
    WEB_REDIRECT,
    assert_error_page,
    fragment_of,
    query_of,
)

from mock_server import App, Settings

INTERACTIVE = Settings(sign_in="interactive")
TX = re.compile(r'name="tx" value="([^"]+)"')
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
# The CSRF token each page carried, by its transaction handle (a test posts the page's own).
_TOKENS: dict[str, str] = {}


def open_page(flow, **params):
    response = flow.authorize(**params)
    assert response.status_code == 200, response.headers.get("location")
    assert response.headers["content-type"].startswith("text/html")
    match, token = TX.search(response.text), CSRF.search(response.text)
    assert match and token, response.text
    _TOKENS[match.group(1)] = token.group(1)
    return response, match.group(1)


def decide(flow, tx: str, decision: str | None = "accept", user_id: str | None = ADA, **extra):
    form = {"tx": tx, "csrf": _TOKENS.get(tx), "decision": decision, "user_id": user_id, **extra}
    return flow.client.post(
        "/ppsecure/post.srf", data={k: v for k, v in form.items() if v is not None}
    )


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_the_page_lists_the_users_and_posts_to_the_decision_endpoint(flow):
    response, _ = open_page(flow)

    html = response.text
    for name in ("Ada Paid", "Ben Trial", "Cleo Free", "Demo web player", GROOVE):
        assert name in html
    assert 'action="http://127.0.0.1:8080/ppsecure/post.srf"' in html
    assert f'value="{ADA}" checked' in html
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_accept_sends_the_code_of_the_chosen_user(flow):
    _, tx = open_page(flow)

    response = decide(flow, tx, user_id=BEN)

    assert response.status_code == 302
    params = query_of(response.headers["location"])
    assert params["state"] == "st-42"
    assert response.headers["location"].startswith(WEB_REDIRECT + "?")
    entry = flow.last("/ppsecure/post.srf")
    assert (entry.client_id, entry.user_id, entry.token_kind) == (WEB_APP, BEN, "code")
    tokens = flow.redeem(params["code"]).json()
    assert tokens["user_id"] == BEN


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_accept_in_the_token_flow_sends_the_token(flow):
    _, tx = open_page(flow, response_type="token", scope=GROOVE)

    params = fragment_of(decide(flow, tx, user_id=CLEO).headers["location"])

    assert params["user_id"] == CLEO
    assert params["access_token"].startswith("EwA")
    assert params["state"] == "st-42"


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_deny_is_access_denied_in_the_query_for_the_code_flow(flow):
    _, tx = open_page(flow)

    response = decide(flow, tx, decision="deny")

    location = response.headers["location"]
    assert location.startswith(WEB_REDIRECT + "?")
    params = query_of(location)
    assert params["error"] == "access_denied"
    assert params["error_description"]
    assert params["state"] == "st-42"
    assert "code" not in params
    assert flow.last("/ppsecure/post.srf").error_code == "access_denied"


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_deny_is_access_denied_in_the_fragment_for_the_token_flow(flow):
    _, tx = open_page(flow, response_type="token", scope=GROOVE)

    location = decide(flow, tx, decision="deny").headers["location"]

    assert location.startswith(WEB_REDIRECT + "#")
    params = fragment_of(location)
    assert (params["error"], params["state"]) == ("access_denied", "st-42")


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_a_transaction_is_single_use(flow):
    _, tx = open_page(flow)
    assert decide(flow, tx).status_code == 302

    assert_error_page(decide(flow, tx), "invalid_request")


@pytest.mark.parametrize("settings", [INTERACTIVE])
@pytest.mark.parametrize(
    "tamper",
    [
        lambda tx: tx[:-2] + ("AA" if not tx.endswith("AA") else "BB"),  # signature
        lambda tx: ("Y" if tx[0] == "X" else "X") + tx[1:],  # transaction id
        lambda tx: tx.split(".")[0],  # no signature
        lambda tx: "",
    ],
)
def test_a_tampered_transaction_goes_to_the_error_page(flow, tamper):
    _, tx = open_page(flow)

    assert_error_page(decide(flow, tamper(tx)), "invalid_request")
    # The genuine one still works: tampering did not consume it.
    assert decide(flow, tx).status_code == 302


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_the_posted_form_cannot_change_the_request(flow):
    _, tx = open_page(flow)

    response = decide(
        flow,
        tx,
        redirect_uri="http://evil.example/",
        client_id="000000004C1B7E2C",
        scope="wl.basic",
        state="forged",
    )

    location = response.headers["location"]
    assert location.startswith(WEB_REDIRECT + "?")
    assert query_of(location)["state"] == "st-42"
    assert flow.last("/ppsecure/post.srf").client_id == WEB_APP


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_an_expired_transaction_goes_to_the_error_page(flow, state):
    _, tx = open_page(flow)
    state.clock.advance(901)

    assert_error_page(decide(flow, tx), "invalid_request")


@pytest.mark.parametrize("settings", [INTERACTIVE])
@pytest.mark.parametrize(
    ("decision", "user_id"), [("accept", None), ("accept", "nobody"), (None, ADA), ("maybe", ADA)]
)
def test_an_incomplete_decision_shows_the_page_again(flow, decision, user_id):
    _, tx = open_page(flow)

    response = decide(flow, tx, decision=decision, user_id=user_id)

    assert response.status_code == 400
    assert 'id="problem"' in response.text
    assert TX.search(response.text).group(1) == tx
    assert decide(flow, tx).status_code == 302


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_login_hint_preselects_the_user(flow):
    response, _ = open_page(flow, login_hint="cleo@example.com")

    assert f'value="{CLEO}" checked' in response.text
    assert f'value="{ADA}" checked' not in response.text


def test_prompt_login_shows_the_page_in_automatic_mode(flow):
    _, tx = open_page(flow, prompt="login")

    assert decide(flow, tx, user_id=BEN).status_code == 302


@pytest.mark.parametrize("prompt", ["consent", "select_account"])
def test_other_interactive_prompts_show_the_page(flow, prompt):
    open_page(flow, prompt=prompt)


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_prompt_none_without_a_session_is_login_required(flow):
    response = flow.authorize(prompt="none")

    params = query_of(response.headers["location"])
    assert params["error"] == "login_required"
    assert params["state"] == "st-42"


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_prompt_none_with_a_session_signs_in_silently(flow):
    _, tx = open_page(flow)
    decide(flow, tx, user_id=BEN)

    response = flow.authorize(prompt="none")

    assert "code" in query_of(response.headers["location"])
    assert flow.last("/oauth20_authorize.srf").user_id == BEN


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_prompt_none_for_another_user_than_the_session_is_login_required(flow):
    _, tx = open_page(flow)
    decide(flow, tx, user_id=BEN)

    response = flow.authorize(prompt="none", login_hint=ADA)

    assert query_of(response.headers["location"])["error"] == "login_required"


def test_prompt_none_in_automatic_mode_signs_in_the_default_user(flow):
    response = flow.authorize(prompt="none")

    assert "code" in query_of(response.headers["location"])
    assert flow.last("/oauth20_authorize.srf").user_id == ADA


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_the_page_escapes_what_it_shows(flow, state):
    state.put_app(
        App(
            client_id="00000000XSS00001",
            name='<script>alert("x")</script>',
            platform="web",
            client_secret="s3cret-s3cret",
            redirect_uris=(WEB_REDIRECT,),
        )
    )

    response, _ = open_page(flow, client_id="00000000XSS00001")

    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_a_bad_decision_body_goes_to_the_error_page(flow):
    response = flow.client.post(
        "/ppsecure/post.srf", content=b"tx=%zz", headers={"Content-Type": "text/plain"}
    )

    assert_error_page(response, "invalid_request")


def test_the_decision_endpoint_takes_post_only(flow):
    response = flow.client.get("/ppsecure/post.srf")

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
