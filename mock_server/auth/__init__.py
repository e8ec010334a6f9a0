"""The authorization server: the Microsoft account (login.live.com) side of the mock.

Reference §3.1 and §3.3 of groove-contract.md; what the mock chose where the sources are silent
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

Names are imported on first use (PEP 562), and each endpoint's module when the endpoint is
first called: a Groove call does not load the sign-in machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from .._lazy import Lazy, bound_endpoint
from .._lazy import exports as _exports
from .._lazy import resolve as _resolve
from .._routing import PathRoute

if TYPE_CHECKING:
    from .._state import MockState
    from ._errors import LoginRequired
    from ._store import AuthStore
    from ._violations import Violation

__all__ = ["AuthStore", "LoginRequired", "Violation", "middleware", "routes"]

_MODULES = {"AuthStore": "._store", "LoginRequired": "._errors", "Violation": "._violations"}

if not TYPE_CHECKING:  # type checkers see the imports above, and no catch-all __getattr__
    __getattr__, __dir__ = _exports(__name__, _MODULES, globals())

# The paths the endpoint modules define (`_pages.SIGN_IN_FORM_PATH`,
# `_redirect_uris.DESKTOP_PATH` and `ERROR_PAGE_PATH`, `_static.KEYS_PATH`), spelled here so
# that routing does not import those modules; tests/mock_server/auth checks they agree.
SIGN_IN_FORM_PATH = "/ppsecure/post.srf"
DESKTOP_PATH = "/oauth20_desktop.srf"
ERROR_PAGE_PATH = "/err.srf"
KEYS_PATH = "/consumers/discovery/v2.0/keys"

# Every endpoint checks its own method, so a wrong one gets an OAuth `invalid_request` (405 with
# `Allow`) and a journal entry, rather than the router's bare 405.
_EVERY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def routes(state: MockState) -> list[BaseRoute]:
    """The routes of the authorization server, sharing the state's `AuthStore`. Each
    endpoint object is made, and its module imported, on its first request."""

    def store() -> Any:
        return state.part(_class("._store:AuthStore"))

    policy = Lazy(lambda: _class("._redirect_uris:RedirectPolicy")(state.settings))
    authorization = Lazy(lambda: _class("._authorize:Authorization")(state, store(), policy.get()))
    found: list[BaseRoute] = [
        _route(
            "/accesstoken.srf",
            Lazy(lambda: _class("._token_endpoints:AppTokenEndpoint")(state)),
        ),
        _route("/oauth20_authorize.srf", authorization, "authorize"),
        _route(SIGN_IN_FORM_PATH, authorization, "decide"),
        _route(
            "/oauth20_token.srf",
            Lazy(lambda: _class("._token_endpoints:UserTokenEndpoint")(state, store())),
        ),
        _route(
            "/oauth20_logout.srf",
            Lazy(lambda: _class("._logout:Logout")(state, store(), policy.get())),
        ),
        _route(DESKTOP_PATH, Lazy(lambda: _class("._static:StaticPage")(_page("DESKTOP_PAGE")))),
        _route(ERROR_PAGE_PATH, Lazy(lambda: _class("._static:StaticPage")(_page("ERROR_PAGE")))),
    ]
    if state.settings.token_format == "jwt":
        found.append(_route(KEYS_PATH, Lazy(lambda: _class("._static:SigningKeys")(state))))
    return found


def _class(target: str) -> Any:
    return _resolve(target, __name__)


def _page(name: str) -> str:
    page: str = _resolve(f"._pages:{name}", __name__)
    return page


def _route(path: str, owner: Lazy[Any], method: str = "handle") -> PathRoute:
    return PathRoute(path, bound_endpoint(owner, method), methods=_EVERY_METHOD, name=method)


def middleware(state: MockState) -> list[Middleware]:
    return []
