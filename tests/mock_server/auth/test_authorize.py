"""GET /oauth20_authorize.srf in automatic sign-in mode (reference §3.3, RFC 6749 §4.1, §4.2)."""

from __future__ import annotations

import re

import pytest
from auth_support import (
    ADA,
    BEN,
    DESKTOP_APP,
    DESKTOP_URI,
    GROOVE,
    OFFLINE,
    WEB_APP,
    WEB_REDIRECT,
    assert_error_page,
    fragment_of,
    pkce_pair,
    query_of,
)

from mock_server import Settings, TokenKind

GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
STRICT = Settings(strictness="strict")


def assert_redirected_error(response, error: str, *, where: str = "query", state="st-42"):
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(WEB_REDIRECT), location
    params = query_of(location) if where == "query" else fragment_of(location)
    assert params["error"] == error, params
    assert params["error_description"]
    assert params.get("state") == state
    return params


# success --------------------------------------------------------------------------------------


def test_code_flow_redirects_with_a_guid_like_code_and_the_state(flow, state):
    response = flow.authorize()

    assert response.status_code == 302
    assert response.headers["cache-control"] == "no-store"
    location = response.headers["location"]
    assert location.startswith(WEB_REDIRECT + "?")
    params = query_of(location)
    assert set(params) == {"code", "state"}
    assert GUID.fullmatch(params["code"])
    assert params["state"] == "st-42"
    entry = flow.last("/oauth20_authorize.srf")
    assert (entry.client_id, entry.user_id, entry.token_kind) == (WEB_APP, ADA, "code")
    assert entry.error_code is None


def test_sign_in_sets_an_http_only_session_cookie(flow):
    cookie = flow.authorize().headers["set-cookie"]

    assert cookie.startswith("MSPAuth=")
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()


@pytest.mark.parametrize("settings", [Settings(auth_base_url="https://login.example")])
def test_the_session_cookie_is_secure_when_the_server_is_https(flow):
    cookie = flow.authorize().headers["set-cookie"]

    assert "secure" in cookie.lower()


def test_the_session_cookie_is_not_secure_over_http(flow):
    assert "secure" not in flow.authorize().headers["set-cookie"].lower()


def test_state_is_optional(flow):
    params = query_of(flow.authorize(state=None).headers["location"])

    assert set(params) == {"code"}


def test_the_redirect_uris_own_query_is_kept(flow):
    response = flow.authorize(redirect_uri=WEB_REDIRECT + "?tenant=a%20b")

    location = response.headers["location"]
    assert location.startswith(WEB_REDIRECT + "?tenant=a%20b&code=")
    assert query_of(location)["tenant"] == "a b"


def test_the_desktop_uri_gets_the_code_and_lc_1033(flow):
    _, challenge = pkce_pair()
    response = flow.authorize(
        client_id=DESKTOP_APP, redirect_uri=DESKTOP_URI, code_challenge=challenge
    )

    location = response.headers["location"]
    assert location.startswith(DESKTOP_URI + "?")
    params = query_of(location)
    assert params["lc"] == "1033"
    assert GUID.fullmatch(params["code"])


def test_token_flow_puts_the_token_in_the_fragment(flow, state):
    response = flow.authorize(response_type="token", scope=f"{GROOVE} wl.basic")

    location = response.headers["location"]
    assert location.startswith(WEB_REDIRECT + "#")
    assert query_of(location) == {}
    params = fragment_of(location)
    assert set(params) == {
        "access_token",
        "token_type",
        "expires_in",
        "scope",
        "user_id",
        "authentication_token",
        "state",
    }
    assert params["token_type"] == "bearer"
    assert params["expires_in"] == "3600"
    assert params["scope"] == f"{GROOVE} wl.basic"
    assert params["user_id"] == ADA
    assert params["state"] == "st-42"
    assert params["access_token"].startswith("EwA")
    assert params["authentication_token"].count(".") == 2
    claims = state.tokens.decode(params["access_token"])
    assert claims is not None
    assert claims.kind is TokenKind.USER
    assert claims.scopes == {GROOVE, "wl.basic"}
    assert flow.last("/oauth20_authorize.srf").token_kind == "user"


def test_code_flow_may_ask_for_the_fragment(flow):
    location = flow.authorize(response_mode="fragment").headers["location"]

    assert "code" in fragment_of(location)
    assert query_of(location) == {}


def test_offline_access_is_dropped_from_the_token_flow_when_lenient(flow):
    response = flow.authorize(response_type="token", scope=f"{GROOVE} {OFFLINE}")

    params = fragment_of(response.headers["location"])
    assert params["scope"] == GROOVE
    assert "refresh_token" not in params
    assert "offline-access-in-token-flow" in flow.last("/oauth20_authorize.srf").violations


@pytest.mark.parametrize("settings", [STRICT])
def test_offline_access_in_the_token_flow_is_invalid_scope_when_strict(flow):
    response = flow.authorize(response_type="token", scope=f"{GROOVE} {OFFLINE}")

    assert_redirected_error(response, "invalid_scope", where="fragment")


@pytest.mark.parametrize("hint", [BEN, "ben@example.com", "BEN@Example.com"])
def test_login_hint_picks_the_user_by_id_or_email(flow, hint):
    flow.authorize(login_hint=hint)

    assert flow.last("/oauth20_authorize.srf").user_id == BEN


def test_the_sso_session_user_signs_in_again(flow):
    flow.authorize(login_hint=BEN)
    flow.authorize()  # the client's cookie jar sends the session cookie back

    assert flow.last("/oauth20_authorize.srf").user_id == BEN


# errors that must never be redirected (RFC 6749 §4.1.2.1) ----------------------------------------


def test_unknown_client_goes_to_the_error_page(flow):
    response = flow.authorize(client_id="00000000DEADBEEF")

    assert_error_page(response, "unauthorized_client")
    entry = flow.last("/oauth20_authorize.srf")
    assert entry.error_code == "unauthorized_client"
    assert "unknown-client" in entry.violations


def test_missing_client_id_goes_to_the_error_page(flow):
    assert_error_page(flow.authorize(client_id=None), "invalid_request")


def test_missing_redirect_uri_goes_to_the_error_page(flow):
    assert_error_page(flow.authorize(redirect_uri=None), "invalid_request")
    # Its own id: the suite pins it on the authorize rule, not on the code redemption's.
    assert flow.last("/oauth20_authorize.srf").violations == ["authorize-redirect-uri-missing"]


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "http://evil.example/callback",
        "http://localhost:3001/callback",
        "https://localhost:3000/callback",
        "http://localhost:3000/callback#frag",
        "http://localhost:3000/call\r\nback",
        "http://localhost:3000/ callback",
        "http://user@localhost:3000/callback",
        "javascript:alert(1)",
        "localhost:3000/callback",
        "/callback",
        "http://localhost:99999/callback",
        "http://[::1/callback",  # urlsplit raises on it
        "http://localhost:3000/c\u00e4llback",  # non-ASCII
        "http://localhost:3000/call\tback",  # control character
        "http://localhost:3000/" + "a" * 2030,  # over 2048 characters
        DESKTOP_URI,
    ],
)
def test_unregistered_or_malformed_redirect_uri_goes_to_the_error_page(flow, redirect_uri):
    response = flow.authorize(redirect_uri=redirect_uri)

    params = assert_error_page(response, "invalid_request")
    assert "redirect_uri" in params["error_description"]
    assert "redirect-uri-unregistered" in flow.last("/oauth20_authorize.srf").violations


@pytest.mark.parametrize("name", ["client_id", "redirect_uri"])
def test_a_repeated_client_id_or_redirect_uri_goes_to_the_error_page(flow, name):
    value = WEB_APP if name == "client_id" else WEB_REDIRECT
    response = flow.client.get(
        f"/oauth20_authorize.srf?client_id={WEB_APP}&redirect_uri={WEB_REDIRECT}"
        f"&response_type=code&scope={GROOVE}&{name}={value}"
    )

    assert_error_page(response, "invalid_request")


def test_a_query_that_is_not_utf8_goes_to_the_error_page(flow):
    response = flow.client.get(f"/oauth20_authorize.srf?client_id={WEB_APP}&state=%FF")

    assert_error_page(response, "invalid_request")


def test_a_mobile_app_may_only_use_the_desktop_uri(flow):
    response = flow.authorize(client_id=DESKTOP_APP, redirect_uri=WEB_REDIRECT)

    assert_error_page(response, "invalid_request")


# redirect URI matching: lenient (same origin) vs strict (exact) ----------------------------


def test_lenient_accepts_another_path_on_a_registered_origin(flow):
    response = flow.authorize(redirect_uri="http://LOCALHOST:3000/other/path?x=1")

    assert response.status_code == 302
    assert response.headers["location"].startswith("http://LOCALHOST:3000/other/path?x=1&code=")


def test_lenient_accepts_the_live_desktop_uri_for_mobile_apps(flow):
    live = "https://login.live.com/oauth20_desktop.srf"
    response = flow.authorize(client_id=DESKTOP_APP, redirect_uri=live)

    assert response.headers["location"].startswith(live + "?code=")


@pytest.mark.parametrize("settings", [STRICT])
@pytest.mark.parametrize(
    "redirect_uri",
    [
        "http://localhost:3000/other/path",
        "http://localhost:3000/callback?x=1",
        "http://localhost:3000/callback/",
    ],
)
def test_strict_wants_the_exact_registered_uri(flow, redirect_uri):
    assert_error_page(flow.authorize(redirect_uri=redirect_uri), "invalid_request")
    assert flow.authorize().status_code == 302


@pytest.mark.parametrize("settings", [STRICT])
def test_strict_refuses_the_live_desktop_uri(flow):
    response = flow.authorize(
        client_id=DESKTOP_APP,
        redirect_uri="https://login.live.com/oauth20_desktop.srf",
        code_challenge=pkce_pair()[1],
        code_challenge_method="S256",
    )

    assert_error_page(response, "invalid_request")


# errors that go back to the client --------------------------------------------------------------


def test_missing_response_type_is_invalid_request(flow):
    assert_redirected_error(flow.authorize(response_type=None), "invalid_request")


@pytest.mark.parametrize("response_type", ["id_token", "code token", "CODE", "device_code"])
def test_other_response_types_are_unsupported(flow, response_type):
    assert_redirected_error(
        flow.authorize(response_type=response_type), "unsupported_response_type"
    )


@pytest.mark.parametrize(
    "scope",
    [None, "", "openid", f"{GROOVE} wl.signin", "app.music.xboxlive.com", f"{GROOVE}\tx"],
)
def test_missing_or_unknown_scope_is_invalid_scope(flow, scope):
    assert_redirected_error(flow.authorize(scope=scope), "invalid_scope")


def test_token_flow_errors_go_in_the_fragment(flow):
    assert_redirected_error(
        flow.authorize(response_type="token", scope="openid"), "invalid_scope", where="fragment"
    )


def test_errors_without_state_carry_no_state(flow):
    params = assert_redirected_error(
        flow.authorize(scope="openid", state=None), "invalid_scope", state=None
    )
    assert "state" not in params


def test_a_repeated_parameter_is_invalid_request(flow):
    response = flow.client.get(
        f"/oauth20_authorize.srf?client_id={WEB_APP}&redirect_uri={WEB_REDIRECT}"
        f"&response_type=code&scope={GROOVE}&scope=wl.basic&state=st-42"
    )

    assert_redirected_error(response, "invalid_request")
    assert "repeated-parameter" in flow.last("/oauth20_authorize.srf").violations


@pytest.mark.parametrize("mode", ["form_post", "web_message"])
def test_unsupported_response_modes_are_invalid_request(flow, mode):
    assert_redirected_error(flow.authorize(response_mode=mode), "invalid_request")


def test_tokens_never_go_in_the_query(flow):
    response = flow.authorize(response_type="token", scope=GROOVE, response_mode="query")

    assert_redirected_error(response, "invalid_request")


def test_unknown_login_hint_is_invalid_request(flow):
    assert_redirected_error(flow.authorize(login_hint="nobody@example.com"), "invalid_request")


def test_unknown_prompt_is_invalid_request(flow):
    assert_redirected_error(flow.authorize(prompt="create"), "invalid_request")


# PKCE at the authorize step ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("challenge", "method"),
    [
        ("short", "S256"),
        ("a" * 44, "S256"),
        ("a" * 43 + "=", "S256"),
        ("a" * 42, "plain"),
        ("a" * 129, "plain"),
        ("a" * 43, "s256"),
        ("a" * 43, "SHA256"),
    ],
)
def test_malformed_challenge_or_unknown_method_is_invalid_request(flow, challenge, method):
    response = flow.authorize(code_challenge=challenge, code_challenge_method=method)

    assert_redirected_error(response, "invalid_request")


def test_method_without_challenge_is_invalid_request(flow):
    assert_redirected_error(flow.authorize(code_challenge_method="S256"), "invalid_request")


def test_plain_pkce_is_allowed_but_journaled(flow):
    response = flow.authorize(code_challenge="v" * 43, code_challenge_method="plain")

    assert "code" in query_of(response.headers["location"])
    assert "pkce-plain" in flow.last("/oauth20_authorize.srf").violations


def test_lenient_lets_a_public_client_skip_pkce_but_journals_it(flow):
    response = flow.authorize(client_id=DESKTOP_APP, redirect_uri=DESKTOP_URI)

    assert "code" in query_of(response.headers["location"])
    assert "pkce-missing" in flow.last("/oauth20_authorize.srf").violations


@pytest.mark.parametrize("settings", [STRICT])
def test_strict_requires_pkce_from_public_clients(flow):
    response = flow.authorize(client_id=DESKTOP_APP, redirect_uri=DESKTOP_URI)

    location = response.headers["location"]
    assert location.startswith(DESKTOP_URI + "?")
    params = query_of(location)
    assert params["error"] == "invalid_request"
    assert "PKCE" in params["error_description"]
    assert params["state"] == "st-42"


@pytest.mark.parametrize("settings", [STRICT])
def test_strict_does_not_require_pkce_from_confidential_clients(flow):
    assert "code" in query_of(flow.authorize().headers["location"])


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_only_get_is_allowed(flow, method):
    response = flow.client.request(method, "/oauth20_authorize.srf")

    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert response.json()["error"] == "invalid_request"
