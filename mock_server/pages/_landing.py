"""`GET /`: what this mock is, its endpoints, the scenario's apps and users, and a way in.

Secrets (the apps' client secrets) are shown only when both the mock and the browser are on
loopback, the case where `groove-mock serve` prints them in its banner: anyone who can read the
page could read the terminal. Off loopback the page says where to find them instead.
"""

from __future__ import annotations

import ipaddress
from pathlib import PurePath
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from .._scenario import App, User
from .._state import MockState
from ._demo import demo_app
from ._render import document, esc, fill, html_response, iso

OPENAPI_PATH = "/openapi.json"
_GET = ("GET", "HEAD")


class LandingPage:
    def __init__(self, state: MockState):
        self.state = state

    async def handle(self, request: Request) -> Response:
        if request.method not in _GET:
            return Response(
                f"{request.method} / is not served: the landing page is GET only\n",
                status_code=405,
                media_type="text/plain; charset=utf-8",
                headers={"Allow": "GET, HEAD"},
            )
        from ..cli._text import version  # the cli package imports the app: not at import time

        state = self.state
        secrets_shown = state.settings.is_loopback and _from_loopback(request)
        demo = demo_app(state)
        body = fill(
            "landing.html",
            scenario=_scenario_name(state.scenario.source),
            version=esc(version()),
            demo_note=_demo_note(demo),
            endpoint_rows=_endpoint_rows(state, has_openapi=_serves_openapi(request)),
            secret_note=(
                "Client secrets are shown because this mock and your browser are both on "
                "loopback (as the <code>groove-mock serve</code> banner shows them)."
                if secrets_shown
                else "Client secrets are hidden: this page is not viewed on loopback. They are "
                "in the <code>groove-mock serve</code> banner and in <code>GET /_mock/scenario"
                "</code> (admin key)."
            ),
            app_rows="\n".join(_app_row(app, secrets_shown) for app in state.scenario.apps),
            user_rows="\n".join(
                _user_row(user, user.id == state.scenario.default_user_id)
                for user in state.scenario.users
            ),
            clock_iso=esc(iso(state.clock.now())),
            frozen=" (frozen)" if state.clock.frozen else "",
        )
        return html_response(document("groove-mock", body))


def _scenario_name(source: str) -> str:
    """The scenario file's name, its full path on hover (the banner prints the path)."""
    name = PurePath(source).name or source
    return f'<span title="{esc(source)}">{esc(name)}</span>'


def _from_loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _serves_openapi(request: Request) -> bool:
    app = request.scope.get("app")
    return any(getattr(route, "path", None) == OPENAPI_PATH for route in getattr(app, "routes", []))


def _demo_note(demo: App | None) -> str:
    if demo is None:
        return (
            "The scenario has no enrolled web app with a client secret, so the sign-in demo "
            "cannot run: add one (a scenario file or <code>PUT /_mock/apps/&lt;id&gt;</code>)."
        )
    return (
        f"Runs the sign-in of the demo web app <strong>{esc(demo.name)}</strong> "
        f"(<code>{esc(demo.client_id)}</code>) in this browser: you pick an account and "
        "consent, the app redeems its code, and you see the tokens it got, as fingerprints, "
        "never in clear. The first run adds the mock's own callback, "
        "<code>/_mock/demo/callback</code>, to the app's redirect URIs."
    )


def _endpoint_rows(state: MockState, *, has_openapi: bool) -> str:
    """Links where a plain GET shows something; the others (a POST, or a GET that needs a
    client's parameters) as text."""
    from ..cli._text import AUTH_ENDPOINTS

    auth, api = state.settings.public_auth_url, state.settings.public_api_url
    rows: list[tuple[str, str, str, bool]] = [
        ("Authorization server (stands in for https://login.live.com)", "", auth, False),
        ("Groove API (stands in for https://music.xboxlive.com)", "", api, False),
    ]
    for name, (method, path) in AUTH_ENDPOINTS.items():
        label = name.replace("_", " ").capitalize()
        rows.append((label, method, auth + path, path == "/oauth20_desktop.srf"))
    if has_openapi:
        rows.append(("OpenAPI document", "GET", auth + OPENAPI_PATH, True))
    rows += [
        ("Control plane: status", "GET", f"{auth}/_mock/status", True),
        ("Control plane: journal (JSON)", "GET", f"{auth}/_mock/journal", True),
        ("Inspector: the journal, live", "GET", f"{auth}/_mock/ui", True),
    ]
    lines = []
    for label, method, url, link in rows:
        shown = f"<code>{esc(url)}</code>"
        if link:
            shown = f'<a href="{esc(url)}">{shown}</a>'
        lines.append(f"<tr><td>{esc(label)}</td><td>{esc(method)}</td><td>{shown}</td></tr>")
    return "\n".join(lines)


def _app_row(app: App, secrets_shown: bool) -> str:
    if app.client_secret is None:
        secret = "none (public client)"
    elif secrets_shown:
        secret = f"<code>{esc(app.client_secret)}</code>"
    else:
        secret = "hidden"
    uris = "<br>".join(f"<code>{esc(uri)}</code>" for uri in app.redirect_uris) or "none"
    return (
        f"<tr><td><code>{esc(app.client_id)}</code></td><td>{esc(app.name)}</td>"
        f"<td>{esc(app.platform)}</td><td>{'enrolled' if app.enrolled else 'not enrolled'}</td>"
        f"<td>{secret}</td><td>{uris}</td></tr>"
    )


def _user_row(user: User, default: bool) -> str:
    link = "/_mock/demo/sign-in?" + urlencode({"user_id": user.id})
    mark = " <small>(signs in by default)</small>" if default else ""
    return (
        f"<tr><td>{esc(user.name)}{mark}</td><td>{esc(user.email)}</td>"
        f"<td><code>{esc(user.id)}</code></td><td>{esc(user.country)}</td>"
        f"<td>{esc(user.music_pass)}</td>"
        f'<td><a href="{esc(link)}">Sign in as {esc(user.name)}</a></td></tr>'
    )
