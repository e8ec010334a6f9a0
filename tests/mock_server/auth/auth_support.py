"""Helpers of the authorization server tests: the default scenario's names, a `Flow` that drives
authorize, token and refresh over HTTP, URL, PKCE and assertion helpers. (A plain module, not
conftest, so that test modules can import it.)"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

from mock_server import JournalEntry, MockState

WEB_APP = "000000004C1B7E2A"
WEB_SECRET = "gr00ve+Demo/Secret="
WEB_REDIRECT = "http://localhost:3000/callback"
DESKTOP_APP = "000000004C1B7E2B"
DESKTOP_URI = "http://127.0.0.1:8080/oauth20_desktop.srf"
UNENROLLED_APP = "000000004C1B7E2C"
UNENROLLED_SECRET = "not+enrolled/Secret="
ADA, BEN, CLEO = "4a1f9c2e7b3d5068", "7c2e0b9d41f8a356", "9e3d6a0f2c7b1845"
GROOVE = "MicrosoftMediaServices.GrooveApiAccess"
OFFLINE = "offline_access"
ERROR_PAGE = "http://127.0.0.1:8080/err.srf?lc=1033#"


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def fragment_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).fragment, keep_blank_values=True))


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def assert_oauth_error(response: httpx.Response, status: int, error: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert set(body) == {"error", "error_description"}
    assert body["error"] == error, body
    assert isinstance(body["error_description"], str) and body["error_description"]
    return body


def assert_error_page(response: httpx.Response, error: str) -> dict[str, str]:
    """A 302 to err.srf (never to the client), the error in the fragment."""
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(ERROR_PAGE), location
    params = fragment_of(location)
    assert params["error"] == error, params
    assert params["error_description"]
    return params


class Flow:
    """Drives the default scenario's web app (and friends) through the endpoints."""

    def __init__(self, client: httpx.Client, state: MockState):
        self.client = client
        self.state = state

    def authorize(self, **params: str | None) -> httpx.Response:
        query: dict[str, str | None] = {
            "client_id": WEB_APP,
            "redirect_uri": WEB_REDIRECT,
            "response_type": "code",
            "scope": f"{GROOVE} {OFFLINE}",
            "state": "st-42",
        }
        query.update(params)
        sent = {k: v for k, v in query.items() if v is not None}
        return self.client.get("/oauth20_authorize.srf", params=sent)

    def code(self, **params: str | None) -> str:
        response = self.authorize(**params)
        assert response.status_code == 302, response.text
        return query_of(response.headers["location"])["code"]

    def token(self, headers: dict[str, str] | None = None, **form: str | None) -> httpx.Response:
        body = {k: v for k, v in form.items() if v is not None}
        return self.client.post("/oauth20_token.srf", data=body, headers=headers)

    def redeem(self, code: str, **form: str | None) -> httpx.Response:
        fields: dict[str, str | None] = {
            "grant_type": "authorization_code",
            "client_id": WEB_APP,
            "client_secret": WEB_SECRET,
            "code": code,
            "redirect_uri": WEB_REDIRECT,
        }
        fields.update(form)
        return self.token(**fields)

    def tokens(self, **params: str | None) -> dict[str, Any]:
        response = self.redeem(self.code(**params))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def desktop_code(self, challenge: str) -> str:
        """A code for the public desktop app, bound to an S256 `challenge`."""
        return self.code(
            client_id=DESKTOP_APP,
            redirect_uri=DESKTOP_URI,
            code_challenge=challenge,
            code_challenge_method="S256",
        )

    def redeem_desktop(self, code: str, verifier: str, **form: str | None) -> httpx.Response:
        """Redeem as the public desktop app: its client_id, no secret, the verifier."""
        fields: dict[str, str | None] = {
            "client_id": DESKTOP_APP,
            "client_secret": None,
            "redirect_uri": DESKTOP_URI,
            "code_verifier": verifier,
        }
        fields.update(form)
        return self.redeem(code, **fields)

    def refresh(self, refresh_token: str, **form: str | None) -> httpx.Response:
        fields: dict[str, str | None] = {
            "grant_type": "refresh_token",
            "client_id": WEB_APP,
            "client_secret": WEB_SECRET,
            "refresh_token": refresh_token,
        }
        fields.update(form)
        return self.token(**fields)

    def app_token(
        self, headers: dict[str, str] | None = None, **form: str | None
    ) -> httpx.Response:
        fields: dict[str, str | None] = {
            "grant_type": "client_credentials",
            "client_id": WEB_APP,
            "client_secret": WEB_SECRET,
            "scope": "app.music.xboxlive.com",
        }
        fields.update(form)
        body = {k: v for k, v in fields.items() if v is not None}
        return self.client.post("/accesstoken.srf", data=body, headers=headers)

    def last(self, path: str) -> JournalEntry:
        entries = self.state.journal.query(path=path + "$")
        assert entries, f"no journal entry for {path}"
        return entries[-1]
