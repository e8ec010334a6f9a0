"""POST /oauth20_token.srf, grant_type=refresh_token (reference §3.3; RFC 6749 §6)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from auth_support import (
    ADA,
    DESKTOP_APP,
    GROOVE,
    OFFLINE,
    UNENROLLED_APP,
    UNENROLLED_SECRET,
    WEB_APP,
    WEB_REDIRECT,
    assert_oauth_error,
    pkce_pair,
)

from mock_server import Settings, TokenKind
from mock_server._tokens import fingerprint
from mock_server.auth import AuthStore

REVOKE_OLD = Settings(refresh_rotation="revoke-old")


def test_refresh_returns_a_new_access_and_refresh_token(flow, state):
    first = flow.tokens(scope=f"wl.basic {OFFLINE} {GROOVE}")
    state.clock.advance(10)

    response = flow.refresh(first["refresh_token"])

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert body["user_id"] == ADA
    # No scope asked for: the original grant, sorted.
    assert body["scope"] == " ".join(sorted([GROOVE, OFFLINE, "wl.basic"]))
    assert body["access_token"] != first["access_token"]
    assert body["refresh_token"] != first["refresh_token"]
    assert body["authentication_token"].count(".") == 2
    new = state.tokens.decode(body["access_token"])
    old = state.tokens.decode(first["access_token"])
    assert new is not None and old is not None
    assert new.kind is TokenKind.USER
    assert new.grant_id == old.grant_id
    assert new.issued_at == pytest.approx(old.issued_at + 10, abs=1)
    entry = flow.last("/oauth20_token.srf")
    assert entry.token_kind == "refresh"
    assert entry.token_fingerprint == fingerprint(first["refresh_token"])


def test_by_default_the_old_refresh_token_stays_valid(flow):
    first = flow.tokens()

    assert flow.refresh(first["refresh_token"]).status_code == 200
    assert flow.refresh(first["refresh_token"]).status_code == 200


@pytest.mark.parametrize("settings", [REVOKE_OLD])
def test_revoke_old_rotation_retires_the_used_refresh_token(flow):
    first = flow.tokens()
    second = flow.refresh(first["refresh_token"]).json()

    assert flow.refresh(second["refresh_token"]).status_code == 200


@pytest.mark.parametrize("settings", [REVOKE_OLD])
def test_reusing_a_retired_refresh_token_revokes_the_whole_grant(flow, state):
    first = flow.tokens()
    second = flow.refresh(first["refresh_token"]).json()

    replay = flow.refresh(first["refresh_token"])

    assert_oauth_error(replay, 400, "invalid_grant")
    assert "refresh-token-replayed" in flow.last("/oauth20_token.srf").violations
    assert_oauth_error(flow.refresh(second["refresh_token"]), 400, "invalid_grant")
    access = state.tokens.decode(second["access_token"])
    assert access is not None and state.tokens.is_revoked(access)


@pytest.mark.parametrize("settings", [REVOKE_OLD])
def test_a_replay_racing_the_first_use_is_caught_when_the_token_is_retired(
    flow, state, monkeypatch
):
    # Two requests with one refresh token: the second ran its early checks before the first
    # retired and revoked the token. Retiring is the atomic step, so it is still a replay.
    first = flow.tokens()
    second = flow.refresh(first["refresh_token"]).json()
    monkeypatch.setattr(state.part(AuthStore), "is_retired", lambda token_id: False)
    monkeypatch.setattr(state.tokens, "is_revoked", lambda claims: False)

    replay = flow.refresh(first["refresh_token"])

    monkeypatch.undo()
    assert_oauth_error(replay, 400, "invalid_grant")
    assert "refresh-token-replayed" in flow.last("/oauth20_token.srf").violations
    access = state.tokens.decode(second["access_token"])
    assert access is not None and state.tokens.is_revoked(access)


def test_a_refresh_token_is_retired_once(state):
    store = state.part(AuthStore)
    until = state.clock.now() + 60

    assert [store.retire_refresh_token("t1", until), store.retire_refresh_token("t1", until)] == [
        True,
        False,
    ]


@pytest.mark.parametrize(
    "settings",
    [
        Settings(
            refresh_rotation="revoke-old", user_token_lifetime=7200, refresh_token_lifetime=3600
        )
    ],
)
def test_a_replay_revokes_the_grant_until_its_longest_lived_token_expires(flow, state):
    first = flow.tokens()
    second = flow.refresh(first["refresh_token"]).json()
    flow.refresh(first["refresh_token"])  # the replay: the grant is revoked

    # The ledger forgets a revocation once what it revokes has expired; this access token
    # outlives the refresh token lifetime, so it must still be revoked then.
    state.clock.advance(3601)
    state.tokens.ledger.prune(state.clock.now())

    access = state.tokens.decode(second["access_token"])
    assert access is not None and not access.expired(state.clock.now())
    assert state.tokens.is_revoked(access)


def test_scope_may_narrow(flow, state):
    first = flow.tokens(scope=f"{GROOVE} {OFFLINE} wl.basic")

    body = flow.refresh(first["refresh_token"], scope="wl.basic").json()

    assert body["scope"] == "wl.basic"
    access = state.tokens.decode(body["access_token"])
    assert access is not None and access.scopes == {"wl.basic"}
    # The new refresh token keeps the original grant (RFC 6749 §6).
    refreshed = flow.refresh(body["refresh_token"]).json()
    assert set(refreshed["scope"].split()) == {GROOVE, OFFLINE, "wl.basic"}


@pytest.mark.parametrize("scope", ["wl.basic", f"{GROOVE} wl.basic", "openid", "   "])
def test_scope_may_not_widen(flow, scope):
    first = flow.tokens(scope=f"{GROOVE} {OFFLINE}")

    assert_oauth_error(flow.refresh(first["refresh_token"], scope=scope), 400, "invalid_scope")


def test_widening_is_journaled(flow):
    first = flow.tokens()
    flow.refresh(first["refresh_token"], scope="wl.basic")

    assert "refresh-scope-widened" in flow.last("/oauth20_token.srf").violations


def test_refresh_after_consent_revocation_is_invalid_grant(flow, state):
    first = flow.tokens()
    state.clock.advance(1)
    state.revoke_consent(ADA, WEB_APP)

    body = assert_oauth_error(flow.refresh(first["refresh_token"]), 400, "invalid_grant")
    assert "consent" in body["error_description"]


def test_an_expired_refresh_token_is_invalid_grant(flow, state):
    first = flow.tokens()
    state.clock.advance(state.settings.refresh_token_lifetime + 1)

    assert_oauth_error(flow.refresh(first["refresh_token"]), 400, "invalid_grant")


def test_a_refresh_token_of_another_client_is_invalid_grant(flow):
    first = flow.tokens()

    response = flow.refresh(
        first["refresh_token"], client_id=UNENROLLED_APP, client_secret=UNENROLLED_SECRET
    )

    assert_oauth_error(response, 400, "invalid_grant")
    assert "refresh-token-wrong-client" in flow.last("/oauth20_token.srf").violations


@pytest.mark.parametrize("which", ["access_token", "authentication_token"])
def test_other_tokens_are_not_refresh_tokens(flow, which):
    first = flow.tokens()

    assert_oauth_error(flow.refresh(first[which]), 400, "invalid_grant")


@pytest.mark.parametrize("garbage", ["M.R3_BAY.abc", "M.R3_BAY.!!!", "eyJh.x.y", "x" * 5000])
def test_garbage_is_invalid_grant(flow, garbage):
    assert_oauth_error(flow.refresh(garbage), 400, "invalid_grant")


def test_a_missing_refresh_token_is_invalid_request(flow):
    assert_oauth_error(flow.refresh(None), 400, "invalid_request")


def test_the_redirect_uri_if_sent_must_be_the_first_one(flow):
    first = flow.tokens()

    assert flow.refresh(first["refresh_token"], redirect_uri=WEB_REDIRECT).status_code == 200
    response = flow.refresh(first["refresh_token"], redirect_uri="http://localhost:3000/other")
    assert_oauth_error(response, 400, "invalid_grant")
    assert "redirect-uri-mismatch" in flow.last("/oauth20_token.srf").violations


def test_refresh_after_sign_out_works_but_is_journaled(flow, state):
    first = flow.tokens()
    state.clock.advance(1)
    state.sign_out(ADA, WEB_APP)

    assert flow.refresh(first["refresh_token"]).status_code == 200
    assert "refresh-after-sign-out" in flow.last("/oauth20_token.srf").violations


def test_a_public_client_refreshes_without_a_secret(flow):
    verifier, challenge = pkce_pair()
    first = flow.redeem_desktop(flow.desktop_code(challenge), verifier).json()

    response = flow.refresh(first["refresh_token"], client_id=DESKTOP_APP, client_secret=None)

    assert response.status_code == 200


def test_refresh_needs_client_authentication(flow):
    first = flow.tokens()

    assert_oauth_error(
        flow.refresh(first["refresh_token"], client_secret=None), 401, "invalid_client"
    )


@pytest.mark.parametrize("settings", [Settings(user_token_lifetime=900)])
def test_access_token_lifetime_comes_from_settings(flow):
    first = flow.tokens()

    assert first["expires_in"] == 900
    assert flow.refresh(first["refresh_token"]).json()["expires_in"] == 900


def test_a_refresh_token_without_offline_access_is_invalid_grant(flow, state):
    token, _ = state.tokens.mint(
        TokenKind.REFRESH, WEB_APP, lifetime=3600, user_id=ADA, scopes={GROOVE}
    )

    body = assert_oauth_error(flow.refresh(token), 400, "invalid_grant")
    assert "offline_access" in body["error_description"]


def test_a_refresh_token_of_a_removed_user_is_invalid_grant(flow, state):
    first = flow.tokens()
    state.scenario = replace(
        state.scenario, users=tuple(u for u in state.scenario.users if u.id != ADA)
    )

    assert_oauth_error(flow.refresh(first["refresh_token"]), 400, "invalid_grant")
