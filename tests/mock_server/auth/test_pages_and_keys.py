"""err.srf, oauth20_desktop.srf and the JWKS of token_format="jwt"."""

from __future__ import annotations

import jwt
import pytest
from auth_support import GROOVE, OFFLINE, WEB_APP, assert_oauth_error

from mock_server import Settings

JWT = Settings(token_format="jwt")


@pytest.mark.parametrize("path", ["/err.srf?lc=1033", "/oauth20_desktop.srf?code=x&lc=1033"])
def test_result_pages_are_self_contained_html(flow, path):
    response = flow.client.get(path)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert html.startswith("<!doctype html>")
    assert "<script>" in html and "<noscript>" in html
    assert "textContent" in html
    assert "innerHTML" not in html
    assert " src=" not in html and "<link" not in html
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_the_error_page_reads_its_fragment(flow):
    html = flow.client.get("/err.srf").text

    assert "location.hash" in html
    assert 'p.get("error")' in html


def test_result_pages_take_get_only(flow):
    response = flow.client.post("/err.srf")

    assert_oauth_error(response, 405, "invalid_request")


def test_no_keys_endpoint_with_opaque_tokens(flow):
    assert flow.client.get("/consumers/discovery/v2.0/keys").status_code == 404


@pytest.mark.parametrize("settings", [JWT])
def test_the_jwks_verifies_the_issued_tokens(flow, state):
    response = flow.client.get("/consumers/discovery/v2.0/keys")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    keys = response.json()["keys"]
    assert len(keys) == 1
    key = keys[0]
    assert {key["kty"], key["use"], key["alg"]} == {"RSA", "sig", "RS256"}
    assert key["kid"] == state.tokens.kid

    tokens = flow.tokens(scope=f"{GROOVE} {OFFLINE}")
    access = tokens["access_token"]
    assert jwt.get_unverified_header(access)["kid"] == key["kid"]
    public_key = jwt.PyJWK(key).key
    claims = jwt.decode(
        access,
        public_key,
        algorithms=["RS256"],
        audience="music.xboxlive.com",
        options={"verify_exp": False, "verify_iat": False},
    )
    assert claims["cid"] == WEB_APP
    assert claims["iss"] == "http://127.0.0.1:8080"
