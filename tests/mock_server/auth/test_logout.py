"""GET /oauth20_logout.srf (reference §3.3)."""

from __future__ import annotations

import pytest
from auth_support import (
    ADA,
    BEN,
    DESKTOP_APP,
    DESKTOP_URI,
    UNENROLLED_APP,
    WEB_APP,
    WEB_REDIRECT,
    assert_error_page,
)


def logout(flow, **params):
    query = {"client_id": WEB_APP, "redirect_uri": WEB_REDIRECT, **params}
    return flow.client.get(
        "/oauth20_logout.srf", params={k: v for k, v in query.items() if v is not None}
    )


def test_logout_signs_the_session_user_out_and_redirects_without_parameters(flow, state):
    tokens = flow.tokens(login_hint=BEN)
    state.clock.advance(1)

    response = logout(flow)

    assert response.status_code == 302
    assert response.headers["location"] == WEB_REDIRECT
    assert response.headers["cache-control"] == "no-store"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("MSPAuth=")
    assert "Max-Age=0" in cookie
    assert (BEN, WEB_APP) in state.signed_out
    assert (ADA, WEB_APP) not in state.signed_out
    access = state.tokens.decode(tokens["access_token"])
    assert access is not None and state.issued_before_sign_out(access)
    entry = flow.last("/oauth20_logout.srf")
    assert (entry.client_id, entry.user_id, entry.error_code) == (WEB_APP, BEN, None)


def test_the_session_ends_so_the_next_sign_in_is_the_default_user(flow):
    flow.authorize(login_hint=BEN)
    logout(flow)

    flow.authorize()

    assert flow.last("/oauth20_authorize.srf").user_id == ADA


def test_without_a_session_every_user_of_the_client_is_signed_out(flow, state):
    flow.authorize(login_hint=BEN)
    flow.client.cookies.clear()
    flow.authorize(login_hint=ADA)
    flow.client.cookies.clear()
    flow.authorize(client_id=UNENROLLED_APP, login_hint=ADA)
    flow.client.cookies.clear()

    assert logout(flow).status_code == 302

    assert {(BEN, WEB_APP), (ADA, WEB_APP)} <= set(state.signed_out)
    assert (ADA, UNENROLLED_APP) not in state.signed_out


def test_logout_of_nobody_still_redirects(flow, state):
    response = logout(flow)

    assert response.headers["location"] == WEB_REDIRECT
    assert state.signed_out == {}


def test_a_desktop_app_logs_out_to_the_desktop_uri(flow):
    response = logout(flow, client_id=DESKTOP_APP, redirect_uri=DESKTOP_URI)

    assert response.headers["location"] == DESKTOP_URI


def test_unknown_client_goes_to_the_error_page(flow):
    assert_error_page(logout(flow, client_id="00000000DEADBEEF"), "unauthorized_client")


@pytest.mark.parametrize(
    "redirect_uri",
    [
        None,
        "http://localhost:3000/elsewhere",  # same origin: enough for authorize, not for logout
        WEB_REDIRECT + "?x=1",
        "http://evil.example/",
        "not a url",
    ],
)
def test_the_redirect_uri_must_be_exactly_registered(flow, state, redirect_uri):
    flow.authorize()

    assert_error_page(logout(flow, redirect_uri=redirect_uri), "invalid_request")
    assert state.signed_out == {}


@pytest.mark.parametrize(
    ("redirect_uri", "violation"),
    [
        (None, "logout-redirect-uri-missing"),
        ("http://evil.example/", "logout-redirect-uri-unregistered"),
    ],
)
def test_a_bad_logout_redirect_uri_has_its_own_violation_id(flow, redirect_uri, violation):
    """Not the authorize/token ids, which the contract suite pins on the sign-in rules
    (GC-CODE-001, GC-AUTH-002): a bad logout URL is the sign-out rule's breach."""
    logout(flow, redirect_uri=redirect_uri)

    assert flow.last("/oauth20_logout.srf").violations == [violation]


def test_missing_client_id_goes_to_the_error_page(flow):
    assert_error_page(logout(flow, client_id=None), "invalid_request")


def test_a_repeated_parameter_goes_to_the_error_page(flow):
    response = flow.client.get(
        f"/oauth20_logout.srf?client_id={WEB_APP}&redirect_uri={WEB_REDIRECT}"
        f"&redirect_uri=http://evil.example/"
    )

    assert_error_page(response, "invalid_request")


def test_logout_takes_get_only(flow):
    response = flow.client.post("/oauth20_logout.srf")

    assert response.status_code == 405
    assert response.json()["error"] == "invalid_request"
