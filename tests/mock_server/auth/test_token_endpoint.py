"""POST /oauth20_token.srf, grant_type=authorization_code (reference §3.3; RFC 6749 §4.1.3,
§5.1, §10.5; RFC 7636 §4.6)."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import replace

import jwt
import pytest
from auth_support import (
    ADA,
    GROOVE,
    OFFLINE,
    UNENROLLED_APP,
    UNENROLLED_SECRET,
    WEB_APP,
    WEB_REDIRECT,
    WEB_SECRET,
    assert_oauth_error,
    pkce_pair,
)

from mock_server import Settings, TokenKind
from mock_server._tokens import fingerprint
from mock_server.auth import AuthStore


def test_full_code_flow_with_pkce_s256(flow, state):
    verifier, challenge = pkce_pair()
    code = flow.code(code_challenge=challenge, code_challenge_method="S256")

    response = flow.redeem(code, code_verifier=verifier)

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    body = response.json()
    assert set(body) == {
        "token_type",
        "expires_in",
        "scope",
        "access_token",
        "refresh_token",
        "user_id",
        "authentication_token",
    }
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert isinstance(body["expires_in"], int)
    assert body["scope"] == f"{GROOVE} {OFFLINE}"
    assert body["user_id"] == ADA
    assert body["access_token"].startswith("EwA")
    access = state.tokens.decode(body["access_token"])
    refresh = state.tokens.decode(body["refresh_token"])
    assert access is not None and refresh is not None
    assert (access.kind, refresh.kind) == (TokenKind.USER, TokenKind.REFRESH)
    assert access.user_id == refresh.user_id == ADA
    assert access.grant_id == refresh.grant_id
    assert access.scopes == {GROOVE, OFFLINE}


def test_full_code_flow_with_pkce_plain(flow):
    verifier = "p" * 43 + "-._~"
    code = flow.code(code_challenge=verifier, code_challenge_method="plain")

    assert flow.redeem(code, code_verifier=verifier).status_code == 200


def test_challenge_without_method_means_plain(flow):
    verifier = "q" * 50
    code = flow.code(code_challenge=verifier)

    assert flow.redeem(code, code_verifier=verifier).status_code == 200


def test_a_confidential_client_needs_no_pkce(flow):
    assert flow.redeem(flow.code()).status_code == 200


def test_no_refresh_token_without_offline_access(flow):
    body = flow.tokens(scope=GROOVE)

    assert "refresh_token" not in body
    assert body["scope"] == GROOVE


def test_the_journal_records_the_code_by_fingerprint(flow):
    code = flow.code()
    flow.redeem(code)

    entry = flow.last("/oauth20_token.srf")
    assert entry.token_kind == "code"
    assert entry.token_fingerprint == fingerprint(code)
    assert (entry.client_id, entry.user_id) == (WEB_APP, ADA)
    assert {c.location for c in entry.credentials} == {"form:client_secret", "form:code"}
    assert code not in json.dumps(entry.to_json())


def test_the_authentication_token_is_a_live_style_jwt(flow, state):
    # Far from the wall clock, so an expiry read from anything but the mock clock shows.
    state.clock.advance(30 * 86400)
    body = flow.tokens()

    token = body["authentication_token"]
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "kid": "1", "typ": "JWT"}
    key = hashlib.sha256((WEB_SECRET + "JWTSig").encode()).digest()
    claims = jwt.decode(
        token, key, algorithms=["HS256"], options={"verify_aud": False, "verify_exp": False}
    )
    assert claims["ver"] == 1
    assert claims["uid"] == ADA
    assert claims["iss"] == "urn:windows:liveid"
    assert claims["urn:microsoft:appid"] == WEB_APP
    assert claims["urn:microsoft:appuri"] == f"appid://{WEB_APP}"
    assert claims["aud"] == "localhost"
    assert claims["exp"] == pytest.approx(state.clock.now() + 3600, abs=5)


def test_tokens_of_an_unenrolled_app_are_issued(flow):
    code = flow.code(client_id=UNENROLLED_APP)

    response = flow.redeem(code, client_id=UNENROLLED_APP, client_secret=UNENROLLED_SECRET)

    assert response.status_code == 200


# the code is single use -------------------------------------------------------------------------


def test_a_replayed_code_is_invalid_grant_and_revokes_what_it_issued(flow, state):
    code = flow.code()
    first = flow.redeem(code).json()

    replay = flow.redeem(code)

    assert_oauth_error(replay, 400, "invalid_grant")
    entry = flow.last("/oauth20_token.srf")
    assert "code-replayed" in entry.violations
    assert entry.error_code == "invalid_grant"
    access = state.tokens.decode(first["access_token"])
    assert access is not None and state.tokens.is_revoked(access)
    assert_oauth_error(flow.refresh(first["refresh_token"]), 400, "invalid_grant")


def test_a_replayed_code_also_revokes_what_refreshing_produced(flow, state):
    code = flow.code()
    first = flow.redeem(code).json()
    refreshed = flow.refresh(first["refresh_token"]).json()

    assert_oauth_error(flow.redeem(code), 400, "invalid_grant")

    access = state.tokens.decode(refreshed["access_token"])
    assert access is not None and state.tokens.is_revoked(access)
    assert_oauth_error(flow.refresh(refreshed["refresh_token"]), 400, "invalid_grant")


def test_a_code_is_redeemed_once_even_when_two_requests_race(flow, state):
    # The race itself is too quick to lose on purpose over HTTP: the store's guard is checked
    # directly, on the code object both requests would hold.
    store = state.part(AuthStore)
    pending = store.find_code(flow.code())
    assert pending is not None

    assert [store.redeem(pending), store.redeem(pending)] == [True, False]


def test_a_failed_redemption_does_not_burn_the_code(flow):
    verifier, challenge = pkce_pair()
    code = flow.code(code_challenge=challenge, code_challenge_method="S256")

    assert_oauth_error(flow.redeem(code, code_verifier="x" * 43), 400, "invalid_grant")
    assert flow.redeem(code, code_verifier=verifier).status_code == 200


def test_an_expired_code_is_invalid_grant(flow, state):
    code = flow.code()
    state.clock.advance(state.settings.code_lifetime + 1)

    body = assert_oauth_error(flow.redeem(code), 400, "invalid_grant")

    assert "expired" in body["error_description"]
    assert "code-expired" in flow.last("/oauth20_token.srf").violations


@pytest.mark.parametrize("settings", [Settings(code_lifetime=30)])
def test_code_lifetime_comes_from_settings(flow, state):
    code = flow.code()
    state.clock.advance(29)
    assert flow.redeem(code).status_code == 200

    late = flow.code()
    state.clock.advance(31)
    assert_oauth_error(flow.redeem(late), 400, "invalid_grant")


def test_an_unknown_code_is_invalid_grant(flow):
    assert_oauth_error(flow.redeem("df6aa589-1080-b241-b410-c4dff65dbf7c"), 400, "invalid_grant")


def test_a_code_of_another_client_is_invalid_grant(flow):
    code = flow.code(client_id=UNENROLLED_APP)

    assert_oauth_error(flow.redeem(code), 400, "invalid_grant")
    assert "code-wrong-client" in flow.last("/oauth20_token.srf").violations
    # It stays usable by its own client.
    own = flow.redeem(code, client_id=UNENROLLED_APP, client_secret=UNENROLLED_SECRET)
    assert own.status_code == 200


def test_missing_code_is_invalid_request(flow):
    assert_oauth_error(flow.redeem(None), 400, "invalid_request")


# redirect_uri must be the authorized one --------------------------------------------------------


@pytest.mark.parametrize(
    "redirect_uri",
    ["http://127.0.0.1:3000/callback", WEB_REDIRECT + "/", WEB_REDIRECT + "?x=1"],
)
def test_a_different_redirect_uri_is_invalid_grant(flow, redirect_uri):
    code = flow.code()

    assert_oauth_error(flow.redeem(code, redirect_uri=redirect_uri), 400, "invalid_grant")
    assert "redirect-uri-mismatch" in flow.last("/oauth20_token.srf").violations


def test_a_missing_redirect_uri_is_invalid_request(flow):
    code = flow.code()

    assert_oauth_error(flow.redeem(code, redirect_uri=None), 400, "invalid_request")
    assert "redirect-uri-missing" in flow.last("/oauth20_token.srf").violations


def test_the_lenient_redirect_uri_must_be_repeated_exactly(flow):
    other = "http://localhost:3000/elsewhere"
    code = flow.code(redirect_uri=other)

    assert_oauth_error(flow.redeem(code), 400, "invalid_grant")
    assert flow.redeem(code, redirect_uri=other).status_code == 200


# PKCE at the token step --------------------------------------------------------------------


def test_a_wrong_verifier_is_invalid_grant(flow):
    _, challenge = pkce_pair()
    code = flow.code(code_challenge=challenge, code_challenge_method="S256")
    other_verifier, _ = pkce_pair()

    assert_oauth_error(flow.redeem(code, code_verifier=other_verifier), 400, "invalid_grant")
    assert "pkce-mismatch" in flow.last("/oauth20_token.srf").violations


def test_s256_verifier_must_not_be_sent_as_the_challenge(flow):
    _, challenge = pkce_pair()
    code = flow.code(code_challenge=challenge, code_challenge_method="S256")

    assert_oauth_error(flow.redeem(code, code_verifier=challenge), 400, "invalid_grant")


def test_a_missing_verifier_is_invalid_request(flow):
    _, challenge = pkce_pair()
    code = flow.code(code_challenge=challenge, code_challenge_method="S256")

    assert_oauth_error(flow.redeem(code), 400, "invalid_request")


@pytest.mark.parametrize("verifier", ["short", "x" * 129, "é" * 43, "a b" * 20])
def test_a_malformed_verifier_is_invalid_request(flow, verifier):
    _, challenge = pkce_pair()
    code = flow.code(code_challenge=challenge, code_challenge_method="S256")

    assert_oauth_error(flow.redeem(code, code_verifier=verifier), 400, "invalid_request")


def test_a_verifier_without_a_challenge_is_a_downgrade(flow):
    code = flow.code()

    assert_oauth_error(flow.redeem(code, code_verifier="v" * 43), 400, "invalid_grant")
    assert "pkce-downgrade" in flow.last("/oauth20_token.srf").violations


def test_a_public_desktop_client_redeems_with_pkce_and_no_secret(flow, state):
    verifier, challenge = pkce_pair()

    response = flow.redeem_desktop(flow.desktop_code(challenge), verifier)

    assert response.status_code == 200
    body = response.json()
    token = body["authentication_token"]
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "HS256"
    assert "refresh_token" in body


# consent and other grant problems ---------------------------------------------------------


def test_consent_revoked_after_the_code_was_issued_is_invalid_grant(flow, state):
    code = flow.code()
    state.clock.advance(1)
    state.revoke_consent(ADA, WEB_APP)

    assert_oauth_error(flow.redeem(code), 400, "invalid_grant")


def test_consent_given_again_after_revocation_works(flow, state):
    state.revoke_consent(ADA, WEB_APP)
    state.clock.advance(1)

    assert flow.redeem(flow.code()).status_code == 200


@pytest.mark.parametrize("grant_type", ["client_credentials", "password", "implicit"])
def test_other_grant_types_are_unsupported(flow, grant_type):
    response = flow.redeem(flow.code(), grant_type=grant_type)

    assert_oauth_error(response, 400, "unsupported_grant_type")


def test_missing_grant_type_is_invalid_request(flow):
    assert_oauth_error(flow.redeem(flow.code(), grant_type=None), 400, "invalid_request")


def test_client_authentication_comes_first(flow):
    response = flow.redeem("not-a-code", client_secret="wrong")

    assert_oauth_error(response, 401, "invalid_client")


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_only_post_is_allowed(flow, method):
    response = flow.client.request(method, "/oauth20_token.srf")

    assert_oauth_error(response, 405, "invalid_request")
    assert response.headers["allow"] == "POST"


def test_a_code_of_a_removed_user_is_invalid_grant(flow, state):
    code = flow.code()
    state.scenario = replace(
        state.scenario, users=tuple(u for u in state.scenario.users if u.id != ADA)
    )

    assert_oauth_error(flow.redeem(code), 400, "invalid_grant")
