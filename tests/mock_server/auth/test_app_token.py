"""POST /accesstoken.srf: the app token (reference §3.1)."""

from __future__ import annotations

import pytest
from auth_support import (
    DESKTOP_APP,
    UNENROLLED_APP,
    UNENROLLED_SECRET,
    WEB_APP,
    WEB_SECRET,
    assert_oauth_error,
    basic,
)

from mock_server import Settings, TokenKind
from mock_server._tokens import fingerprint


def test_issues_a_bearer_app_token_for_a_day(flow, state):
    response = flow.app_token()

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    body = response.json()
    assert set(body) == {"token_type", "access_token", "expires_in"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 86400
    assert body["access_token"].startswith("Eg")
    claims = state.tokens.decode(body["access_token"])
    assert claims is not None
    assert claims.kind is TokenKind.APP
    assert claims.client_id == WEB_APP
    assert claims.user_id is None
    assert claims.expires_at - claims.issued_at == 86400


@pytest.mark.parametrize("settings", [Settings(app_token_lifetime=600)])
def test_lifetime_comes_from_settings(flow, state):
    body = flow.app_token().json()

    assert body["expires_in"] == 600
    claims = state.tokens.decode(body["access_token"])
    assert claims is not None
    assert claims.expires_at == pytest.approx(state.clock.now() + 600, abs=5)


def test_journal_holds_fingerprints_never_the_secret_or_token(flow, state):
    body = flow.app_token().json()

    entry = flow.last("/accesstoken.srf")
    assert entry.client_id == WEB_APP
    assert entry.token_kind == "app"
    assert entry.token_fingerprint == fingerprint(body["access_token"])
    assert [c.location for c in entry.credentials] == ["form:client_secret"]
    assert entry.credentials[0].fingerprint == fingerprint(WEB_SECRET)
    dumped = str(entry.to_json())
    assert WEB_SECRET not in dumped
    assert body["access_token"] not in dumped


def test_an_unenrolled_app_still_gets_a_token(flow):
    # Enrolment is checked by the API (ACCESS_TOKEN_INVALID_SUBSCRIPTION), not at sign-in.
    response = flow.app_token(client_id=UNENROLLED_APP, client_secret=UNENROLLED_SECRET)

    assert response.status_code == 200
    assert response.json()["access_token"].startswith("Eg")


def test_accepts_http_basic_instead_of_body_credentials(flow):
    response = flow.app_token(headers=basic(WEB_APP, WEB_SECRET), client_secret=None)

    assert response.status_code == 200


def test_legacy_grant_type_client_is_accepted_when_lenient_and_journaled(flow):
    response = flow.app_token(grant_type="client")

    assert response.status_code == 200
    assert "grant-type-client" in flow.last("/accesstoken.srf").violations


@pytest.mark.parametrize("settings", [Settings(strictness="strict")])
def test_legacy_grant_type_client_is_refused_when_strict(flow):
    response = flow.app_token(grant_type="client")

    assert_oauth_error(response, 400, "unsupported_grant_type")
    entry = flow.last("/accesstoken.srf")
    assert entry.error_code == "unsupported_grant_type"
    assert "grant-type-client" in entry.violations


@pytest.mark.parametrize("grant_type", ["authorization_code", "password", "refresh_token"])
def test_other_grant_types_are_unsupported(flow, grant_type):
    assert_oauth_error(flow.app_token(grant_type=grant_type), 400, "unsupported_grant_type")


def test_missing_grant_type_is_invalid_request(flow):
    assert_oauth_error(flow.app_token(grant_type=None), 400, "invalid_request")


@pytest.mark.parametrize(
    "scope",
    [
        None,
        "http://music.xboxlive.com",
        "https://app.music.xboxlive.com",
        "app.music.xboxlive.com MicrosoftMediaServices.GrooveApiAccess",
        "APP.MUSIC.XBOXLIVE.COM",
    ],
)
def test_scope_must_be_the_groove_app_scope(flow, scope):
    assert_oauth_error(flow.app_token(scope=scope), 400, "invalid_scope")


def test_a_public_client_cannot_get_an_app_token(flow):
    response = flow.app_token(client_id=DESKTOP_APP, client_secret=None)

    assert_oauth_error(response, 400, "unauthorized_client")


def test_wrong_secret_is_invalid_client_without_a_basic_challenge(flow):
    response = flow.app_token(client_secret="gr00ve Demo/Secret=")

    assert_oauth_error(response, 401, "invalid_client")
    assert "www-authenticate" not in response.headers
    assert "bad-client-secret" in flow.last("/accesstoken.srf").violations


def test_wrong_basic_secret_is_401_with_a_basic_challenge(flow):
    response = flow.app_token(headers=basic(WEB_APP, "nope"), client_secret=None)

    assert_oauth_error(response, 401, "invalid_client")
    assert response.headers["www-authenticate"].startswith("Basic ")


def test_secret_in_the_query_string_is_refused_and_journaled(flow):
    response = flow.client.post(
        "/accesstoken.srf",
        params={"client_secret": WEB_SECRET},
        data={
            "grant_type": "client_credentials",
            "client_id": WEB_APP,
            "scope": "app.music.xboxlive.com",
        },
    )

    assert_oauth_error(response, 400, "invalid_request")
    entry = flow.last("/accesstoken.srf")
    assert "secret-in-query" in entry.violations
    assert entry.credentials[0].location == "query:client_secret"
    assert entry.credentials[0].fingerprint == fingerprint(WEB_SECRET)


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_only_post_is_allowed(flow, method):
    response = flow.client.request(method, "/accesstoken.srf")

    assert_oauth_error(response, 405, "invalid_request")
    assert response.headers["allow"] == "POST"
    entry = flow.last("/accesstoken.srf")
    assert entry.error_code == "invalid_request"
    assert "wrong-method" in entry.violations
