"""Client authentication at the token endpoints (RFC 6749 §2.3, §5.2)."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote_plus

import pytest
from auth_support import (
    DESKTOP_APP,
    WEB_APP,
    WEB_SECRET,
    assert_oauth_error,
    basic,
    pkce_pair,
)

from mock_server._tokens import fingerprint


def test_basic_with_the_raw_secret_works_and_is_noted(flow):
    # requests-oauthlib, Authlib and httpx-oauth send `id:secret` without form-encoding.
    response = flow.app_token(
        headers=basic(WEB_APP, WEB_SECRET), client_id=None, client_secret=None
    )

    assert response.status_code == 200
    entry = flow.last("/accesstoken.srf")
    assert entry.client_id == WEB_APP
    assert [c.location for c in entry.credentials] == ["basic"]
    assert entry.credentials[0].fingerprint == fingerprint(WEB_SECRET)
    # The demo secret has '+', '/' and '=': raw and form-encoded differ, so RFC 6749 §2.3.1
    # was not followed.
    assert "basic-not-form-encoded" in entry.violations


def test_basic_with_the_form_encoded_secret_works(flow):
    headers = basic(quote_plus(WEB_APP), quote_plus(WEB_SECRET))

    response = flow.app_token(headers=headers, client_id=None, client_secret=None)

    assert response.status_code == 200
    assert flow.last("/accesstoken.srf").violations == []


def test_basic_may_come_with_the_same_client_id_in_the_body(flow):
    response = flow.app_token(headers=basic(WEB_APP, WEB_SECRET), client_secret=None)

    assert response.status_code == 200


def test_basic_with_another_client_id_in_the_body_is_invalid_request(flow):
    response = flow.app_token(
        headers=basic(WEB_APP, WEB_SECRET), client_id=DESKTOP_APP, client_secret=None
    )

    assert_oauth_error(response, 400, "invalid_request")


def test_basic_and_a_body_secret_together_are_invalid_request(flow):
    response = flow.app_token(headers=basic(WEB_APP, WEB_SECRET))

    body = assert_oauth_error(response, 400, "invalid_request")
    assert "more than one" in body["error_description"]
    entry = flow.last("/accesstoken.srf")
    assert "multiple-client-auth" in entry.violations
    assert {c.location for c in entry.credentials} == {"basic", "form:client_secret"}


def test_two_authorization_headers_are_invalid_request(flow):
    headers = [
        ("Authorization", basic(WEB_APP, WEB_SECRET)["Authorization"]),
        ("Authorization", basic(WEB_APP, WEB_SECRET)["Authorization"]),
    ]
    response = flow.client.post(
        "/accesstoken.srf",
        data={"grant_type": "client_credentials", "scope": "app.music.xboxlive.com"},
        headers=headers,
    )

    assert_oauth_error(response, 400, "invalid_request")


@pytest.mark.parametrize(
    "authorization",
    [
        "Basic !!!not-base64!!!",
        "Basic " + base64.b64encode(b"no-colon-here").decode(),
        "Basic " + base64.b64encode(b":secret-without-id").decode(),
        "Basic " + base64.b64encode(b"\xff\xfe:\xff").decode(),
        "Basic",
        "Bearer some-token",
        "Digest username=x",
    ],
)
def test_malformed_or_foreign_authorization_is_401_with_a_basic_challenge(flow, authorization):
    response = flow.app_token(
        headers={"Authorization": authorization}, client_id=None, client_secret=None
    )

    assert_oauth_error(response, 401, "invalid_client")
    assert response.headers["www-authenticate"].startswith("Basic realm=")


def test_a_foreign_scheme_is_journaled_by_name(flow):
    flow.app_token(headers={"Authorization": "Bearer EwAtoken"}, client_secret=None)

    assert [c.location for c in flow.last("/accesstoken.srf").credentials] == ["header:bearer"]


def test_an_authorization_header_without_a_scheme_never_reaches_the_journal(flow):
    # A client that puts the bare secret in the header: its first word is no scheme name.
    response = flow.app_token(headers={"Authorization": WEB_SECRET}, client_secret=None)

    assert_oauth_error(response, 401, "invalid_client")
    entry = flow.last("/accesstoken.srf")
    assert [c.location for c in entry.credentials] == ["header:other"]
    assert WEB_SECRET.lower()[:8] not in json.dumps(entry.to_json()).lower()


def test_basic_without_padding_is_accepted(flow):
    raw = base64.b64encode(f"{WEB_APP}:{WEB_SECRET}".encode()).decode().rstrip("=")
    response = flow.app_token(
        headers={"Authorization": f"Basic {raw}"}, client_id=None, client_secret=None
    )

    assert response.status_code == 200


def test_unknown_client_is_invalid_client(flow):
    response = flow.app_token(client_id="00000000DEADBEEF")

    assert_oauth_error(response, 401, "invalid_client")
    assert "www-authenticate" not in response.headers
    entry = flow.last("/accesstoken.srf")
    assert entry.client_id == "00000000DEADBEEF"
    assert "unknown-client" in entry.violations


def test_unknown_client_over_basic_gets_the_challenge(flow):
    response = flow.app_token(
        headers=basic("00000000DEADBEEF", "x"), client_id=None, client_secret=None
    )

    assert_oauth_error(response, 401, "invalid_client")
    assert "www-authenticate" in response.headers


def test_missing_client_id_is_invalid_request(flow):
    assert_oauth_error(flow.app_token(client_id=None), 400, "invalid_request")


def test_confidential_client_without_secret_is_invalid_client(flow):
    assert_oauth_error(flow.app_token(client_secret=None), 401, "invalid_client")


def test_a_secret_with_non_ascii_characters_is_just_wrong(flow):
    response = flow.app_token(client_secret="gr00ve+Démo/Secret=")

    assert_oauth_error(response, 401, "invalid_client")


def test_a_public_client_authenticates_with_its_client_id_alone(flow):
    verifier, challenge = pkce_pair()

    response = flow.redeem_desktop(flow.desktop_code(challenge), verifier)

    assert response.status_code == 200, response.text
    assert flow.last("/oauth20_token.srf").client_id == DESKTOP_APP


def test_a_public_client_may_use_basic_with_an_empty_secret(flow):
    # requests-oauthlib sends Basic `id:` when it has no secret.
    verifier, challenge = pkce_pair()

    response = flow.redeem_desktop(
        flow.desktop_code(challenge), verifier, headers=basic(DESKTOP_APP, ""), client_id=None
    )

    assert response.status_code == 200, response.text


def test_a_public_client_sending_a_secret_is_invalid_client(flow):
    verifier, challenge = pkce_pair()

    response = flow.redeem_desktop(flow.desktop_code(challenge), verifier, client_secret="made-up")

    assert_oauth_error(response, 401, "invalid_client")
    assert "secret-on-public-client" in flow.last("/oauth20_token.srf").violations
