"""The sign-in tables stay small however many sign-ins the server sees: a code is forgotten once
it could no longer be presented, and every table has a cap. Replay detection keeps working
within those bounds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from auth_support import Flow, assert_oauth_error

from mock_server import MockState, Settings, create_app
from mock_server._inprocess import InProcessTransport
from mock_server.auth import AuthStore, _store

SIGN_INS = 120


def sign_in(flow: Flow) -> tuple[str, dict[str, Any]]:
    """A complete code sign-in from a browser without cookies, as a load generator does it."""
    flow.client.cookies.clear()
    code = flow.code()
    response = flow.redeem(code)
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return code, tokens


def is_revoked(state: MockState, token: str) -> bool:
    claims = state.tokens.decode(token)
    assert claims is not None
    return state.tokens.is_revoked(claims)


def test_codes_are_forgotten_once_they_could_no_longer_be_presented(
    flow: Flow, state: MockState
) -> None:
    store = state.part(AuthStore)
    step = (state.settings.code_lifetime + _store.CODE_GRACE) / 10

    for _ in range(SIGN_INS):
        sign_in(flow)
        state.clock.advance(step)

    # Only the codes of the last lifetime-plus-grace are still remembered, none pending.
    window = int((state.settings.code_lifetime + _store.CODE_GRACE) / step) + 1
    sizes = store.sizes()
    assert sizes["codes"] == 0
    assert sizes["redeemed codes"] <= window < SIGN_INS
    assert sizes["grant records"] == 1


def test_a_replay_within_the_window_still_revokes_and_an_old_code_is_just_unknown(
    flow: Flow, state: MockState
) -> None:
    old_code, old_tokens = sign_in(flow)
    state.clock.advance(state.settings.code_lifetime + _store.CODE_GRACE + 1)
    code, tokens = sign_in(flow)

    assert_oauth_error(flow.redeem(code), 400, "invalid_grant")
    assert is_revoked(state, tokens["access_token"])
    assert "code-replayed" in flow.last("/oauth20_token.srf").violations

    body = assert_oauth_error(flow.redeem(old_code), 400, "invalid_grant")
    assert "not valid" in body["error_description"]
    assert not is_revoked(state, old_tokens["access_token"])


@pytest.fixture
def small_flow(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Flow, MockState]]:
    """A mock whose bounds are small enough to reach in a test."""
    for cap in (
        "MAX_PENDING_CODES",
        "MAX_REDEEMED_CODES",
        "MAX_GRANTS",
        "MAX_RETIRED_REFRESH_TOKENS",
        "MAX_SESSIONS",
    ):
        monkeypatch.setattr(_store, cap, 25)
    monkeypatch.setattr(_store, "MAX_GRANT_RECORDS", 2)
    state = MockState(Settings(refresh_rotation="revoke-old"))
    transport = InProcessTransport(create_app(state=state))
    with httpx.Client(transport=transport, base_url="http://127.0.0.1:8080") as http:
        yield Flow(http, state), state


def test_at_a_bound_sign_in_is_refused_and_nothing_is_forgotten(
    small_flow: tuple[Flow, MockState],
) -> None:
    """The old tables dropped live entries past their cap, so after enough later
    sign-ins a replayed code no longer revoked its grant."""
    flow, state = small_flow

    signed_in = [sign_in(flow) for _ in range(25)]
    flow.client.cookies.clear()
    refused = flow.authorize()
    assert refused.status_code == 503
    assert "redeemed codes" in refused.json()["error_description"]
    sizes = state.part(AuthStore).sizes()
    assert sizes["redeemed codes"] == sizes["grants"] == 25
    assert sizes["grant records"] <= 2
    # The first sign-in keeps everything: a replay of its code still revokes, its grant's
    # refresh is still checked.
    code, tokens = signed_in[0]
    wrong = flow.refresh(tokens["refresh_token"], redirect_uri="https://elsewhere.example/cb")
    assert_oauth_error(wrong, 400, "invalid_grant")
    assert_oauth_error(flow.redeem(code), 400, "invalid_grant")
    assert is_revoked(state, tokens["access_token"])


def test_sign_in_resumes_once_the_entries_expire(small_flow: tuple[Flow, MockState]) -> None:
    flow, state = small_flow
    for _ in range(25):
        sign_in(flow)
    flow.client.cookies.clear()
    assert flow.authorize().status_code == 503
    state.clock.advance(state.settings.refresh_token_lifetime + 1)
    sign_in(flow)


def test_a_retired_refresh_token_never_works_again_past_the_bound(
    small_flow: tuple[Flow, MockState],
) -> None:
    flow, _ = small_flow
    _, tokens = sign_in(flow)
    first = tokens["refresh_token"]
    current = first
    rotations = 0
    while True:
        response = flow.refresh(current)
        if response.status_code == 503:
            break
        assert response.status_code == 200, response.text
        current = response.json()["refresh_token"]
        rotations += 1
        assert rotations <= 25
    assert rotations == 25
    body = assert_oauth_error(flow.refresh(first), 400, "invalid_grant")
    assert "already used" in body["error_description"]
