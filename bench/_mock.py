"""The mock as the benchmark sees it: how to launch it, and the credentials its rows send.

Credentials are obtained the way a client obtains them (client credentials at
`/accesstoken.srf`, a code sign-in at `/oauth20_authorize.srf` + `/oauth20_token.srf`). While
the authorization server is not there yet, access tokens are minted locally with the signing key
the bench gives the server (`--signing-key`), which the server accepts as its own; rows that need
the authorization server itself then say "not available yet".
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from mock_server import load_scenario
from mock_server._clock import Clock
from mock_server._scenario import APP_SCOPE, GROOVE_SCOPE, OFFLINE_SCOPE, App
from mock_server._tokens import TokenKind, TokenService

from ._servers import HOST

SIGNING_KEY = "groove-bench-shared-signing-key"
LOOKUP_PATH = "/1/content/music.A83EB907-0100-11DB-89CA-0019B92A3933/lookup"
BROWSE_PATH = "/1/content/music/collection/tracks/browse"
ADD_PATH = "/1/content/music/collection/add"
APP_TOKEN_PATH = "/accesstoken.srf"
AUTHORIZE_PATH = "/oauth20_authorize.srf"
TOKEN_PATH = "/oauth20_token.srf"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SIGN_IN_SCOPES = f"{GROOVE_SCOPE} {OFFLINE_SCOPE}"
NOT_AVAILABLE = "not available yet"


def cli_available() -> bool:
    return importlib.util.find_spec("mock_server.cli") is not None


def serve_command(port: int, *, via_cli: bool) -> list[str]:
    """`groove-mock serve` with default settings but our port and signing key."""
    flags = ["--host", HOST, "--port", str(port), "--signing-key", SIGNING_KEY]
    if via_cli:
        script = Path(sys.executable).with_name("groove-mock")
        return [str(script), "serve", *flags]
    return [sys.executable, "-m", "bench._serve_mock", *flags]


def bare_command(port: int) -> list[str]:
    return [sys.executable, "-m", "bench._bare_app", "--port", str(port)]


def web_app() -> App:
    """The scenario's first enrolled confidential web app: the bench signs in with it."""
    for app in load_scenario().apps:
        if app.platform == "web" and app.enrolled and app.client_secret and app.redirect_uris:
            return app
    raise LookupError("the default scenario has no enrolled web app with a secret")


def local_tokens() -> TokenService:
    """Tokens the server will accept as its own: same signing key, same opaque format."""
    return TokenService(Clock(), signing_key=SIGNING_KEY)


def mint_app_token() -> str:
    app = web_app()
    token, _ = local_tokens().mint(TokenKind.APP, app.client_id, lifetime=86400, scopes={APP_SCOPE})
    return token


def mint_user_token() -> str:
    app = web_app()
    user_id = load_scenario().default_user_id
    token, _ = local_tokens().mint(
        TokenKind.USER, app.client_id, lifetime=3600, user_id=user_id, scopes={GROOVE_SCOPE}
    )
    return token


def app_token_form() -> str:
    app = web_app()
    return urlencode(
        {
            "grant_type": "client_credentials",
            "client_id": app.client_id,
            "client_secret": app.client_secret or "",
            "scope": APP_SCOPE,
        }
    )


def authorize_path(state: str = "bench") -> str:
    app = web_app()
    query = urlencode(
        {
            "client_id": app.client_id,
            "response_type": "code",
            "redirect_uri": app.redirect_uris[0],
            "scope": SIGN_IN_SCOPES,
            "state": state,
        }
    )
    return f"{AUTHORIZE_PATH}?{query}"


def redeem_form_without_code() -> str:
    app = web_app()
    return urlencode(
        {
            "grant_type": "authorization_code",
            "client_id": app.client_id,
            "client_secret": app.client_secret or "",
            "redirect_uri": app.redirect_uris[0],
        }
    )


def refresh_form(refresh_token: str) -> str:
    app = web_app()
    return urlencode(
        {
            "grant_type": "refresh_token",
            "client_id": app.client_id,
            "client_secret": app.client_secret or "",
            "redirect_uri": app.redirect_uris[0],
            "refresh_token": refresh_token,
        }
    )


@dataclass(frozen=True, slots=True)
class Credentials:
    """What the load rows send, and where each piece came from."""

    app_token: str
    app_token_source: str
    user_token: str
    user_token_source: str
    refresh_token: str | None


def code_from_location(location: str) -> str | None:
    parts = urlsplit(location)
    for text in (parts.query, parts.fragment):
        codes = parse_qs(text).get("code")
        if codes:
            return codes[0]
    return None


def sign_in(http: httpx.Client) -> tuple[str, str | None] | str:
    """(access token, refresh token) from one complete code sign-in, or why it failed."""
    answer = http.get(authorize_path())
    if answer.status_code in (404, 405):
        return NOT_AVAILABLE
    code = code_from_location(answer.headers.get("location", ""))
    if answer.status_code != 302 or code is None:
        return f"authorize answered {answer.status_code} without a code"
    form = redeem_form_without_code() + "&" + urlencode({"code": code})
    redeemed = http.post(TOKEN_PATH, content=form, headers=FORM)
    if redeemed.status_code in (404, 405):
        return NOT_AVAILABLE
    if redeemed.status_code != 200:
        return f"code redemption answered {redeemed.status_code}: {redeemed.text[:120]}"
    body = redeemed.json()
    return str(body["access_token"]), body.get("refresh_token")


def obtain_credentials(http: httpx.Client) -> Credentials:
    issued = http.post(APP_TOKEN_PATH, content=app_token_form(), headers=FORM)
    if issued.status_code == 200:
        app_token, app_source = str(issued.json()["access_token"]), "POST /accesstoken.srf"
    else:
        app_token = mint_app_token()
        app_source = f"minted locally (/accesstoken.srf answered {issued.status_code})"
    signed_in = sign_in(http)
    if isinstance(signed_in, tuple):
        user_token, refresh = signed_in
        user_source = "code sign-in"
    else:
        user_token, refresh = mint_user_token(), None
        user_source = f"minted locally (sign-in: {signed_in})"
    # The browse row reads a collection: make sure it holds a track (ignored if not there yet).
    http.post(
        ADD_PATH,
        json={"TrackIds": [LOOKUP_PATH.split("/")[3]]},
        headers={"Authorization": f"Bearer {user_token}"},
    )
    return Credentials(app_token, app_source, user_token, user_source, refresh)
