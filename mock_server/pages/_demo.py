"""The demo web app's sign-in, run by the mock for a person in a browser.

`GET /_mock/demo/sign-in` plays a web app: it starts the authorization code flow of the
scenario's demo web app (the first enrolled web app with a secret) with PKCE and
`prompt=select_account`, so the sign-in page always asks. `GET /_mock/demo/callback` is its
redirect URI: it checks `state`, redeems the code at `/oauth20_token.srf` as the app would (a
real request through the mock, journaled like any client's) and shows what came back as
fingerprints, kinds and expiry by the mock clock, never a token in clear.

The callback must be a registered redirect URI of the app: the first sign-in adds it, through
the same edit `PUT /_mock/apps/<id>` makes (visible in `/_mock/scenario`, undone by a reset).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .._scenario import GROOVE_SCOPE, OFFLINE_SCOPE, App
from .._state import MockState
from .._tokens import fingerprint, guess_kind
from ..control._scenario_edit import put_app
from ._render import document, esc, fill, html_response, in_words, iso

CALLBACK_PATH = "/_mock/demo/callback"
SCOPES = f"{GROOVE_SCOPE} {OFFLINE_SCOPE}"


def demo_app(state: MockState) -> App | None:
    """The app the demo signs in with: the scenario's first enrolled web app with a secret."""
    for app in state.scenario.apps:
        if app.platform == "web" and app.enrolled and app.client_secret is not None:
            return app
    return None


@dataclass(frozen=True, slots=True)
class _Pending:
    client_id: str
    verifier: str


class DemoSignIns:
    """The demo sign-ins begun and not yet back (`state.part(DemoSignIns)`), by `state`
    value; bounded, so that reloading the start page forever costs nothing."""

    LIMIT = 64

    def __init__(self, state: MockState):
        self._pending: OrderedDict[str, _Pending] = OrderedDict()
        self._lock = threading.Lock()

    def begin(self, client_id: str) -> tuple[str, str]:
        """A fresh `state` and PKCE verifier for one sign-in."""
        value, verifier = secrets.token_urlsafe(16), secrets.token_urlsafe(48)
        with self._lock:
            self._pending[value] = _Pending(client_id, verifier)
            while len(self._pending) > self.LIMIT:
                self._pending.popitem(last=False)
        return value, verifier

    def finish(self, value: str) -> _Pending | None:
        """The sign-in `value` stands for, once: a replayed callback finds nothing."""
        with self._lock:
            return self._pending.pop(value, None)

    def reset(self) -> None:
        with self._lock:
            self._pending.clear()


class DemoSignIn:
    def __init__(self, state: MockState):
        self.state = state
        self.callback = state.settings.public_auth_url + CALLBACK_PATH

    async def start(self, request: Request) -> Response:
        state = self.state
        app = demo_app(state)
        if app is None:
            return _problem(
                "No demo web app",
                "The scenario has no enrolled web app with a client secret to sign in with.",
                404,
            )
        if self.callback not in app.redirect_uris:
            app = put_app(
                state, app.client_id, {"redirect_uris": [*app.redirect_uris, self.callback]}
            )
        value, verifier = state.part(DemoSignIns).begin(app.client_id)
        params = {
            "client_id": app.client_id,
            "response_type": "code",
            "redirect_uri": self.callback,
            "scope": SCOPES,
            "state": value,
            "prompt": "select_account",
            "code_challenge": _challenge(verifier),
            "code_challenge_method": "S256",
        }
        user = state.user(request.query_params.get("user_id"))
        if user is not None:
            params["login_hint"] = user.email
        url = f"{state.settings.public_auth_url}/oauth20_authorize.srf?{urlencode(params)}"
        return RedirectResponse(url, status_code=303, headers={"Cache-Control": "no-store"})

    async def finish(self, request: Request) -> Response:
        query = request.query_params
        pending = self.state.part(DemoSignIns).finish(query.get("state", ""))
        if pending is None:
            return _problem(
                "Unknown sign-in",
                "This callback's state is not one the demo app sent, or it was already used. "
                "Start again from the landing page.",
                400,
            )
        if "error" in query:
            return _problem(
                "Sign-in did not finish",
                f"The authorization server answered {query['error']}: "
                f"{query.get('error_description', '')}",
                200,
            )
        code = query.get("code")
        app = self.state.app(pending.client_id)
        if not code or app is None or app.client_secret is None:
            return _problem("No code", "The callback carries no authorization code.", 400)
        status, tokens = await self._redeem(request, app, code, pending.verifier)
        if status != 200:
            error = tokens.get("error", "unknown")
            detail = tokens.get("error_description", "")
            return _problem("Code not redeemed", f"{status} {error}: {detail}", 502)
        return html_response(document("Signed in: demo web app", self._result(app, code, tokens)))

    async def _redeem(
        self, request: Request, app: App, code: str, verifier: str
    ) -> tuple[int, dict[str, Any]]:
        """POST the code to the token endpoint through the whole app, as a client would."""
        import httpx  # only the demo needs it here

        form = {
            "grant_type": "authorization_code",
            "client_id": app.client_id,
            "client_secret": app.client_secret or "",
            "code": code,
            "redirect_uri": self.callback,
            "code_verifier": verifier,
        }
        transport = httpx.ASGITransport(app=request.scope["app"], client=("127.0.0.1", 0))
        base = self.state.settings.public_auth_url
        async with httpx.AsyncClient(transport=transport, base_url=base) as client:
            answer = await client.post("/oauth20_token.srf", data=form)
        try:
            body = answer.json()
        except ValueError:
            body = {}
        return answer.status_code, body if isinstance(body, dict) else {}

    def _result(self, app: App, code: str, tokens: dict[str, Any]) -> str:
        state = self.state
        now = state.clock.now()
        user = state.user(str(tokens.get("user_id", "")))
        rows = [_token_row("Authorization code", "code", fingerprint(code), None, "redeemed")]
        for label, name in (("Access token", "access_token"), ("Refresh token", "refresh_token")):
            token = tokens.get(name)
            if not isinstance(token, str):
                continue
            claims = state.tokens.decode(token)
            kind = claims.kind.value if claims else str(guess_kind(token) or "unknown")
            expires = None if claims is None else claims.expires_at
            scopes = " ".join(sorted(claims.scopes)) if claims else ""
            rows.append(_token_row(label, kind, fingerprint(token), expires, scopes, now=now))
        return fill(
            "demo_result.html",
            app_name=esc(app.name),
            client_id=esc(app.client_id),
            user=esc(f"{user.name} <{user.email}>" if user else tokens.get("user_id", "?")),
            token_rows="\n".join(rows),
            clock_iso=esc(iso(now)),
            token_type=esc(tokens.get("token_type", "")),
        )


def _token_row(
    label: str,
    kind: str,
    print_: str,
    expires: float | None,
    scopes: str,
    *,
    now: float = 0.0,
) -> str:
    if expires is None:
        when = "single use"
    else:
        when = f'<time datetime="{esc(iso(expires))}">{esc(iso(expires))}</time> ' + (
            f"(in {esc(in_words(expires - now))})" if expires > now else "(expired)"
        )
    return (
        f'<tr><th scope="row">{esc(label)}</th><td>{esc(kind)}</td>'
        f'<td><code class="fingerprint">{esc(print_)}</code></td><td>{when}</td>'
        f"<td>{esc(scopes)}</td></tr>"
    )


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _problem(title: str, message: str, status: int) -> Response:
    body = (
        f'<h1>{esc(title)}</h1><p role="alert">{esc(message)}</p>'
        '<p><a href="/">Back to the landing page</a> · '
        '<a href="/_mock/demo/sign-in">Sign in again</a></p>'
    )
    return html_response(document(title, body), status)
