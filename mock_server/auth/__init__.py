"""The authorization server: the Microsoft account (login.live.com) side of the mock.

Reference §3.1 and §3.3 (docs/sources.md); what the mock chose where the sources are silent
is in docs/contract/auth.md.

| Path | Method | What |
|---|---|---|
| `/accesstoken.srf` | POST | app token, client credentials grant |
| `/oauth20_authorize.srf` | GET | sign-in; code or token flow |
| `/ppsecure/post.srf` | POST | the interactive sign-in page's decision |
| `/oauth20_token.srf` | POST | authorization code and refresh token grants |
| `/oauth20_logout.srf` | GET | sign-out, back to the registered redirect URI |
| `/oauth20_desktop.srf`, `/err.srf` | GET | result pages |
| `/consumers/discovery/v2.0/keys` | GET | JWKS, only with `token_format="jwt"` |
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Route

from ._authorize import Authorization
from ._errors import LoginRequired
from ._logout import Logout
from ._pages import DESKTOP_PAGE, ERROR_PAGE, SIGN_IN_FORM_PATH
from ._redirect_uris import DESKTOP_PATH, ERROR_PAGE_PATH, RedirectPolicy
from ._static import KEYS_PATH, SigningKeys, StaticPage
from ._store import AuthStore
from ._token_endpoints import AppTokenEndpoint, UserTokenEndpoint
from ._violations import Violation

if TYPE_CHECKING:
    from .._state import MockState

__all__ = ["AuthStore", "LoginRequired", "Violation", "middleware", "routes"]

# Every endpoint checks its own method, so a wrong one gets an OAuth `invalid_request` (405 with
# `Allow`) and a journal entry, rather than the router's bare 405.
_EVERY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def routes(state: MockState) -> list[BaseRoute]:
    """The routes of the authorization server, sharing the state's `AuthStore`."""
    store = state.part(AuthStore)
    policy = RedirectPolicy(state.settings)
    authorization = Authorization(state, store, policy)
    found: list[BaseRoute] = [
        _route("/accesstoken.srf", AppTokenEndpoint(state).handle),
        _route("/oauth20_authorize.srf", authorization.authorize),
        _route(SIGN_IN_FORM_PATH, authorization.decide),
        _route("/oauth20_token.srf", UserTokenEndpoint(state, store).handle),
        _route("/oauth20_logout.srf", Logout(state, store, policy).handle),
        _route(DESKTOP_PATH, StaticPage(DESKTOP_PAGE).handle),
        _route(ERROR_PAGE_PATH, StaticPage(ERROR_PAGE).handle),
    ]
    if state.settings.token_format == "jwt":
        found.append(_route(KEYS_PATH, SigningKeys(state).handle))
    return found


def _route(path: str, endpoint: Callable[..., Any]) -> Route:
    return Route(path, endpoint, methods=_EVERY_METHOD, name=endpoint.__name__)


def middleware(state: MockState) -> list[Middleware]:
    return []
