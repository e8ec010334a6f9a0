"""Who is calling, and may they call this endpoint? (reference §5 and §9)

`authenticate()` is the first thing every Groove handler does. It finds every credential,
enforces exactly one, verifies the token against the mock clock, applies the endpoint's access
rule, and answers every failure with the §9 error. What it learns goes into the journal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from starlette.requests import Request

from .._journal import CredentialSeen, JournalEntry, entry_of
from .._scenario import GROOVE_SCOPE, App, User
from .._state import MockState
from .._tokens import Claims, TokenKind, cached_fingerprint, guess_kind
from ._credentials import (
    Credential,
    describe,
    form_credentials,
    header_credentials,
    query_credentials,
)
from ._errors import (
    AccessTokenExpired,
    AccessTokenInvalid,
    AccessTokenInvalidSubscription,
    AccessTokenMissing,
    AuthorizationTokenExpired,
    GrooveError,
    IncompatibleInputParameters,
    InvalidAuthorizationHeader,
    MsaScopeRequiresUserConsent,
    NoMusicPassSubscription,
)

REALM = 'Bearer realm="music.xboxlive.com"'
USER_REQUIRED = "You need user authentication to use this API"


class Need(Enum):
    """The access rule of an endpoint (the Token column of reference §6)."""

    APP_OR_USER = "app-or-user"
    USER = "user"
    USER_WITH_PASS = "user-with-pass"


@dataclass(frozen=True, slots=True)
class Caller:
    """The verified caller of a Groove request."""

    claims: Claims
    app: App
    user: User | None

    @property
    def is_user(self) -> bool:
        return self.user is not None


def _fingerprint(credential: Credential) -> str | None:
    token = credential.token
    return None if token is None else cached_fingerprint(token)


def _challenge(error: str, description: str) -> dict[str, str]:
    return {"WWW-Authenticate": f'{REALM}, error="{error}", error_description="{description}"'}


def _invalid_token(cls: type[GrooveError], message: str | None = None) -> GrooveError:
    return cls(message, headers=_challenge("invalid_token", cls.description))


async def find_credentials(request: Request) -> list[Credential]:
    scope = request.scope
    found = header_credentials(scope)
    query = scope.get("query_string", b"")
    if query:
        found += query_credentials(query)
    if scope["method"] not in ("GET", "HEAD"):
        content_type = request.headers.get("content-type", "")
        if content_type.split(";")[0].strip().lower() == "application/x-www-form-urlencoded":
            found += form_credentials(await request.body())
    return found


async def authenticate(request: Request, need: Need) -> Caller:
    """The verified caller, or the §9 error for this request and endpoint."""
    state: MockState = request.app.state.mock
    entry = entry_of(request.scope)
    credentials = await find_credentials(request)
    seen = [CredentialSeen(c.location, _fingerprint(c)) for c in credentials]
    entry.credentials = seen

    if not credentials:
        entry.violate("no-credential")
        headers = {"WWW-Authenticate": REALM}
        if need is Need.APP_OR_USER:
            raise AccessTokenMissing(headers=headers)
        raise InvalidAuthorizationHeader(USER_REQUIRED, headers=headers)
    if len(credentials) > 1:
        entry.violate("multiple-credentials")
        raise _multiple(state, credentials)

    credential = credentials[0]
    if credential.token is None:
        entry.violate("malformed-credential")
        raise _invalid_token(
            InvalidAuthorizationHeader,
            f"Malformed credential in the {describe(credential.location)}: {credential.problem}",
        )
    if not credential.in_header:
        entry.violate("credential-not-in-header")
        if state.settings.strict:
            raise _invalid_token(
                InvalidAuthorizationHeader,
                f"The {describe(credential.location)} is not accepted: "
                "send the token in an Authorization: Bearer header",
            )
    # The fingerprint was taken once above: hashing the token again would cost as much.
    entry.token_fingerprint = seen[0].fingerprint
    return _verify(state, entry, credential.token, need)


def _multiple(state: MockState, credentials: list[Credential]) -> GrooveError:
    places = ", ".join(describe(c.location) for c in credentials)
    message = f"Exactly one auth token is allowed per request; found {len(credentials)}: {places}"
    headers = {"WWW-Authenticate": f'{REALM}, error="invalid_request"'}
    if state.settings.multiple_credentials == "invalid-header":
        return InvalidAuthorizationHeader(message, headers=headers)
    return IncompatibleInputParameters(message, headers=headers)


def _verify(state: MockState, entry: JournalEntry, token: str, need: Need) -> Caller:
    claims = state.tokens.decode(token)
    if claims is None:
        looks_like = guess_kind(token)
        entry.token_kind = f"unknown-{looks_like.value}" if looks_like else "unknown"
        entry.violate("unknown-token")
        if looks_like is TokenKind.APP:
            raise _invalid_token(AccessTokenInvalid)
        raise _invalid_token(InvalidAuthorizationHeader, "The token is not a valid user token")

    entry.token_kind = claims.kind.value
    entry.client_id = claims.client_id
    entry.user_id = claims.user_id
    if claims.kind is TokenKind.REFRESH:
        entry.violate("refresh-token-as-access-token")
        raise _invalid_token(InvalidAuthorizationHeader, "A refresh token is not an access token")
    is_app = claims.kind is TokenKind.APP
    if state.tokens.is_revoked(claims):
        entry.violate("revoked-token")
        raise _invalid_token(AccessTokenInvalid if is_app else InvalidAuthorizationHeader)
    if state.clock.reached(claims.expires_at):
        entry.violate("expired-token")
        raise _invalid_token(AccessTokenExpired if is_app else AuthorizationTokenExpired)

    app = state.app(claims.client_id)
    if app is None:
        raise _invalid_token(AccessTokenInvalid if is_app else InvalidAuthorizationHeader)
    if not app.enrolled:
        raise _invalid_token(AccessTokenInvalidSubscription)

    if is_app:
        if need is not Need.APP_OR_USER:
            entry.violate("app-token-on-user-endpoint")
            raise _invalid_token(InvalidAuthorizationHeader, USER_REQUIRED)
        return Caller(claims, app, None)

    user = state.user(claims.user_id)
    if user is None:
        raise _invalid_token(InvalidAuthorizationHeader, "The user no longer exists")
    if GROOVE_SCOPE not in claims.scopes or not state.has_consent(claims):
        raise _invalid_token(MsaScopeRequiresUserConsent)
    if state.issued_before_sign_out(claims):
        # The real service would still take it (sign-out only clears cookies); a client that
        # keeps using it broke the sign-out rule, so the journal says so.
        entry.violate("token-used-after-sign-out")
    if need is Need.USER_WITH_PASS and not user.has_music_pass:
        raise NoMusicPassSubscription()
    return Caller(claims, app, user)
