"""The sign-in form acts only on a post from its own page, in the browser that got it, naming
this server: a web page must not drive the mock."""

from __future__ import annotations

import pytest
from auth_support import ADA
from test_interactive_sign_in import _TOKENS, CSRF, INTERACTIVE, decide, open_page

from mock_server._hosts import HostPolicy
from mock_server.auth._csrf import CSRF_COOKIE


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_the_page_sets_a_strict_cookie_and_a_token_in_the_form(flow):
    response, tx = open_page(flow)
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{CSRF_COOKIE}=")
    assert "samesite=strict" in cookie.lower() and "httponly" in cookie.lower()
    assert CSRF.search(response.text)
    assert decide(flow, tx).status_code == 302


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_a_post_without_the_cookie_is_refused_and_the_transaction_survives(flow):
    _, tx = open_page(flow)
    flow.client.cookies.delete(CSRF_COOKIE)

    refused = decide(flow, tx)

    assert refused.status_code == 403
    assert "CSRF" in refused.text
    assert flow.last("/ppsecure/post.srf").error_code == "invalid_request"
    assert flow.state.part(_store_class()).transaction(tx) is not None


@pytest.mark.parametrize("settings", [INTERACTIVE])
@pytest.mark.parametrize("token", ["", "x", "A" * 43])
def test_a_post_with_a_wrong_or_missing_token_is_refused(flow, token):
    _, tx = open_page(flow)
    _TOKENS[tx] = token
    assert decide(flow, tx).status_code == 403


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_the_token_of_another_page_does_not_fit(flow):
    _, first = open_page(flow)
    _, second = open_page(flow)
    _TOKENS[second] = _TOKENS[first]
    assert decide(flow, second).status_code == 403
    assert decide(flow, first).status_code == 302


@pytest.mark.parametrize("settings", [INTERACTIVE])
@pytest.mark.parametrize("headers", [{"Host": "evil.example"}, {"Host": "evil.example:8080"}])
def test_a_post_naming_another_site_is_refused(flow, headers):
    _, tx = open_page(flow)
    form = {"tx": tx, "csrf": _TOKENS[tx], "decision": "accept", "user_id": "ada"}
    refused = flow.client.post("/ppsecure/post.srf", data=form, headers=headers)
    assert refused.status_code == 403
    assert "not posted to this server" in refused.text


def test_the_host_policy_names_loopback_the_bound_host_and_the_base_urls():
    from mock_server import Settings

    policy = HostPolicy(Settings(host="10.1.2.3", auth_base_url="https://mock.test:9443"))
    for name in ("localhost", "127.0.0.1", "127.9.9.9", "::1", "10.1.2.3", "mock.test"):
        assert policy.allows_name(name), name
    for name in ("evil.example", "127.evil.example.com", "10.1.2.4", ""):
        assert not policy.allows_name(name), name
    assert "0.0.0.0" not in HostPolicy(Settings(host="0.0.0.0")).names


def _store_class():
    from mock_server.auth import AuthStore

    return AuthStore


@pytest.mark.parametrize("settings", [INTERACTIVE])
def test_a_post_with_origin_null_from_the_page_itself_counts(flow):
    # The page sends `Referrer-Policy: no-referrer`, so a browser posts its form with
    # `Origin: null`; the CSRF cookie, not the Origin, tells the page's own post.
    _, tx = open_page(flow)
    form = {"tx": tx, "csrf": _TOKENS[tx], "decision": "accept", "user_id": ADA}
    answer = flow.client.post("/ppsecure/post.srf", data=form, headers={"Origin": "null"})
    assert answer.status_code == 302
