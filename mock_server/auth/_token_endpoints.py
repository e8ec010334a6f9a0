"""The two token endpoints: `accesstoken.srf` (app tokens, reference §3.1) and
`oauth20_token.srf` (user tokens, reference §3.3).

Both read the form strictly, refuse secrets in the URL, authenticate the client, then run the
grant. Failures raise the OAuth error classes; the app's exception handler renders them as
RFC 6749 §5.2 JSON with `Cache-Control: no-store`.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .._journal import JournalEntry, entry_of
from .._responses import NO_STORE, JSONResponse
from .._scenario import APP_SCOPE
from .._state import MockState
from .._tokens import TokenKind, fingerprint
from ._client_auth import AuthenticatedClient, authenticate_client
from ._code_grant import redeem_code
from ._errors import InvalidRequest, InvalidScope, UnauthorizedClient, UnsupportedGrantType
from ._forms import read_form, refuse_secrets_in_query
from ._http import refuse_method
from ._refresh_grant import refresh
from ._store import AuthStore
from ._violations import Violation

_POST = ("POST",)


class _TokenEndpoint:
    """What both token endpoints do before their grant: POST only, no secrets in the URL, a
    strict form, client authentication first (a bad secret is invalid_client whatever the
    grant), then a grant type."""

    def __init__(self, state: MockState):
        self.state = state

    async def handle(self, request: Request) -> Response:
        refused = refuse_method(request, _POST)
        if refused is not None:
            return refused
        entry = entry_of(request.scope)
        refuse_secrets_in_query(request.scope, entry)
        form = await read_form(request, entry)
        client = authenticate_client(self.state, request.headers, form, entry)
        grant_type = form.get("grant_type")
        if grant_type is None:
            raise InvalidRequest("The request body must contain the parameter 'grant_type'")
        return JSONResponse(self.grant(grant_type, form, client, entry), headers=NO_STORE)

    def grant(
        self,
        grant_type: str,
        form: dict[str, str],
        client: AuthenticatedClient,
        entry: JournalEntry,
    ) -> dict[str, Any]:
        raise NotImplementedError


class AppTokenEndpoint(_TokenEndpoint):
    """`POST /accesstoken.srf`: the client credentials grant for app tokens."""

    def grant(
        self,
        grant_type: str,
        form: dict[str, str],
        client: AuthenticatedClient,
        entry: JournalEntry,
    ) -> dict[str, Any]:
        state = self.state
        if grant_type == "client":
            # Two Groove doc tables say `client` (reference §12.1); every example and the SDK
            # say client_credentials. Lenient mode takes the typo, strict mode names it.
            entry.violate(Violation.LEGACY_GRANT_TYPE.value)
            if state.settings.strict:
                raise UnsupportedGrantType(
                    "grant_type 'client' is not supported: send grant_type=client_credentials"
                )
        elif grant_type != "client_credentials":
            raise UnsupportedGrantType(
                f"The grant type '{grant_type[:40]}' is not supported here: "
                "send grant_type=client_credentials"
            )
        if client.app.is_public:
            raise UnauthorizedClient("A public client has no secret and cannot get an app token")
        scope = form.get("scope")
        if scope is None or set(scope.split(" ")) - {""} != {APP_SCOPE}:
            raise InvalidScope(f"The scope must be {APP_SCOPE}")
        lifetime = state.settings.app_token_lifetime
        token, _ = state.tokens.mint(
            TokenKind.APP, client.app.client_id, lifetime=lifetime, scopes={APP_SCOPE}
        )
        entry.token_kind, entry.token_fingerprint = TokenKind.APP.value, fingerprint(token)
        return {"token_type": "bearer", "access_token": token, "expires_in": int(lifetime)}


class UserTokenEndpoint(_TokenEndpoint):
    """`POST /oauth20_token.srf`: the authorization code and refresh token grants."""

    def __init__(self, state: MockState, store: AuthStore):
        super().__init__(state)
        self.store = store

    def grant(
        self,
        grant_type: str,
        form: dict[str, str],
        client: AuthenticatedClient,
        entry: JournalEntry,
    ) -> dict[str, Any]:
        if grant_type == "authorization_code":
            tokens = redeem_code(self.state, self.store, client, form, entry)
        elif grant_type == "refresh_token":
            tokens = refresh(self.state, self.store, client, form, entry)
        else:
            raise UnsupportedGrantType(
                f"The grant type '{grant_type[:40]}' is not supported here: use "
                "authorization_code or refresh_token (app tokens come from accesstoken.srf)"
            )
        return tokens.token_response()
